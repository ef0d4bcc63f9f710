import { allCases } from '../../cases';
import type { Case, Verdict } from '../../src/model';
import type { ReferenceServer } from '../../src/reference-server/reference-server';
import type { Emit, FinishedRun } from '../../src/engine/events';
import { type ConformanceOptions, runConformance } from '../../src/engine/run-conformance';
import { createRunContext, type RunContextOptions, type RunSettings } from '../../src/engine/run-context';
import { forEachPipeline, planCases } from '../../src/plan';
import { loadSettings } from '../../src/settings';

/** Settings for driving the engine at a local server: fast, but with the production code paths. */
export function settingsFor(server: ReferenceServer, overrides: Partial<RunSettings> = {}): RunSettings {
  // Qualified with the URL the run is aimed at (a proxy in front of the server, say), so what
  // derives from it (the token exchange, the live contract) goes there too.
  const baseUrl = overrides.baseUrl ?? server.baseUrl;
  const settings = loadSettings({
    STREAMKAP_BASE_URL: baseUrl,
    STREAMKAP_TOKEN: server.token,
    STREAMKAP_LIMITED_TOKEN: server.limitedToken,
    STREAMKAP_PIPELINE_ID: server.pipelineId,
    STREAMKAP_CONCURRENCY: '8',
    STREAMKAP_MAX_RPS: '2000',
    // Far beyond any answer of a loopback server, however loaded the machine: a test about hangs sets its own.
    STREAMKAP_TIMEOUT_MS: '60000',
  });
  // Every pipeline the server serves: one unless the test started it with more.
  return { ...settings, baseUrl, pipelineId: server.pipelineId, pipelineIds: [...server.pipelineIds], ...overrides };
}

export interface AgainstOptions {
  settings?: Partial<RunSettings>;
  context?: RunContextOptions;
}

/**
 * Runs a plan through the engine's entry point against a server, in-process: no jest inside jest.
 * The plan is made from the run's settings, as the CLI makes it; `emit` hears the run's events.
 */
export async function runPlanAgainst(
  server: ReferenceServer,
  planFor: (settings: RunSettings) => ConformanceOptions['plan'],
  options: AgainstOptions & { emit?: Emit } = {},
): Promise<FinishedRun> {
  const settings = settingsFor(server, options.settings);
  const context = createRunContext(settings, { retryBaseMs: 5, ...options.context });
  try {
    // The path a user's run takes, less jest: the run's ledger, breaker and deadline included.
    return await runConformance({ settings, context, plan: planFor(settings), embedded: false, emit: options.emit });
  } finally {
    context.close();
  }
}

/** Runs cases (all by default) against a server, and returns their verdicts. */
export async function runAgainst(server: ReferenceServer, options: AgainstOptions & { cases?: readonly Case[] } = {}): Promise<Verdict[]> {
  const run = await runPlanAgainst(
    server,
    (settings) => ({
      // With several pipelines, what depends on a pipeline's data runs for each, as the CLI plans it.
      planned: planCases(forEachPipeline(options.cases ?? allCases, settings.pipelineIds), {
        tags: settings.tags,
        limitedTokenConfigured: settings.limitedToken !== undefined,
      }),
      seed: 0,
      generatedRequests: 0,
    }),
    options,
  );
  return [...run.verdicts];
}

export const failedIds = (verdicts: readonly Verdict[]): string[] => verdicts.filter((v) => v.outcome === 'failed').map((v) => v.caseId);
