import { startReferenceServer, type ReferenceServer } from '../reference-server/reference-server';
import type { RunSettings } from '../engine/run-context';
import { liveSpecUrlFor, type Settings } from '../settings';

/** Against the embedded server the run is as fast as two cores allow, unless a setting asks for more. */
const EMBEDDED_LIMITS = { maxRps: 100_000, concurrency: 16 } as const;

/** A run's target, settled: what to check, which pipelines and where its live contract is, whether embedded or not. */
export type SettledRun = RunSettings & { liveSpecUrl: string };

/** The configured target, or the embedded reference server started for a run with no base URL. */
export async function settleTarget(
  settings: Settings,
  out: (line: string) => void,
): Promise<{ run: SettledRun; server?: ReferenceServer }> {
  if (settings.baseUrl !== undefined && settings.pipelineId !== undefined) {
    const { baseUrl, pipelineId } = settings;
    return { run: { ...settings, baseUrl, pipelineId, liveSpecUrl: settings.liveSpecUrl ?? liveSpecUrlFor(baseUrl) } };
  }
  const server = await startReferenceServer();
  out(`STREAMKAP_BASE_URL is not set: running against the embedded reference server at ${server.baseUrl} (pipeline ${server.pipelineId}).`);
  out('Set STREAMKAP_BASE_URL, STREAMKAP_PIPELINE_ID and STREAMKAP_TOKEN to check a real deployment.');
  return {
    server,
    run: {
      ...settings,
      baseUrl: server.baseUrl,
      pipelineId: server.pipelineId,
      pipelineIds: [server.pipelineId],
      liveSpecUrl: liveSpecUrlFor(server.baseUrl),
      token: server.token,
      limitedToken: server.limitedToken,
      // Politeness protects production; the embedded server is our own and in this process.
      maxRps: Math.max(settings.maxRps, EMBEDDED_LIMITS.maxRps),
      concurrency: Math.max(settings.concurrency, EMBEDDED_LIMITS.concurrency),
    },
  };
}
