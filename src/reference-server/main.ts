import { startReferenceServer } from './reference-server';

/** `npm run reference-server`: the embedded server on its own, for people developing clients. */
async function main(): Promise<void> {
  const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
  const server = await startReferenceServer({ port, prefix: process.env.REFERENCE_PREFIX });
  console.log(`Streamkap metrics reference server at ${server.baseUrl}
  STREAMKAP_BASE_URL=${server.baseUrl}
  STREAMKAP_PIPELINE_ID=${server.pipelineId}
  STREAMKAP_TOKEN=${server.token}
  STREAMKAP_LIMITED_TOKEN=${server.limitedToken}
  STREAMKAP_CLIENT_ID=${server.clientId}
  STREAMKAP_SECRET=${server.secret}
These are throwaway credentials for this process only. Try:
  curl -sS '${server.baseUrl}/pipelines/${server.pipelineId}/metrics?time_unit=hour' -H 'Authorization: Bearer ${server.token}'
Ctrl-C stops it.`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
