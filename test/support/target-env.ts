import type { ReferenceServer } from '../../src/reference-server/reference-server';

/** The settings that point a CLI self-test at a loopback server, fast: the production code paths, without the politeness waits. */
export function targetEnv(server: ReferenceServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STREAMKAP_BASE_URL: server.baseUrl,
    STREAMKAP_TOKEN: server.token,
    STREAMKAP_PIPELINE_ID: server.pipelineId,
    STREAMKAP_MAX_RPS: '1000',
    STREAMKAP_CONCURRENCY: '8',
    ...extra,
  };
}
