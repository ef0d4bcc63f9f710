import { startReferenceServer } from './reference-server';

/** A bad PORT or a port in use is a setting, said in one line with exit 2, never a stack trace. */
function fail(message: string): never {
  console.error(`reference-server: ${message}`);
  process.exit(2);
}

function portSetting(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 0;
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port > 65_535) {
    fail(
      `PORT is ${JSON.stringify(raw)}, which is not a port number. Set it to a whole number from 1 to 65535, or unset it for a free port.`,
    );
  }
  return port;
}

/** `npm run reference-server`: the embedded server on its own, for people developing clients. */
async function main(): Promise<void> {
  const port = portSetting(process.env.PORT);
  const server = await startReferenceServer({ port, prefix: process.env.REFERENCE_PREFIX }).catch((error: NodeJS.ErrnoException) =>
    fail(
      error.code === 'EADDRINUSE'
        ? `port ${port} on 127.0.0.1 is in use. Stop what holds it, or set PORT to another port (or unset it for a free one).`
        : error.code === 'EACCES'
          ? `port ${port} needs privileges this user lacks. Set PORT to a port above 1023, or unset it for a free one.`
          : `could not listen on 127.0.0.1:${port} (${error.code ?? error.message}).`,
    ),
  );
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
