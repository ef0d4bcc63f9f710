import { allCases } from '../../cases';
import { type Contract, loadContract } from '../contract';
import type { Case } from '../model';
import { startReferenceServer } from '../reference-server/reference-server';
import { runConformance } from '../engine/run-conformance';
import { createRunContext } from '../engine/run-context';
import { planCases } from '../plan';
import { type Environment, loadSettings } from '../settings';

/** The promise: latency adds at most this share of requests x latency / concurrency. */
export const LATENCY_BOUND_FACTOR = 1.3;

export interface LatencyOverheadOptions {
  /** Server latency injected before every metrics answer. Default 100 ms. */
  latencyMs?: number;
  /** STREAMKAP_* settings over the defaults, as the CLI would read them. */
  env?: Environment;
  cases?: readonly Case[];
}

export interface LatencyOverhead {
  latencyMs: number;
  concurrency: number;
  maxRps: number;
  /** Requests the server received in one run: the preflight and the cases. */
  requests: number;
  zeroLatencyMs: number;
  withLatencyMs: number;
  /** What the latency added to the run. */
  addedMs: number;
  /** requests x latency / concurrency: what perfect overlap would add. */
  idealAddedMs: number;
  /** addedMs / idealAddedMs; the promise holds below LATENCY_BOUND_FACTOR. */
  ratio: number;
}

/** One run as the CLI makes it, preflight then the cases, against a fresh reference server. */
async function timeOneRun(latencyMs: number, env: Environment, cases: readonly Case[], contract: Contract) {
  const server = await startReferenceServer({ latencyMs });
  try {
    const settings = loadSettings({
      ...env,
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_PIPELINE_ID: server.pipelineId,
      STREAMKAP_TOKEN: server.token,
      STREAMKAP_LIMITED_TOKEN: server.limitedToken,
    });
    const runSettings = { ...settings, baseUrl: server.baseUrl, pipelineId: server.pipelineId };
    const context = createRunContext(runSettings, { contract });
    const planned = planCases(cases, { tags: [], limitedTokenConfigured: true });
    const began = performance.now();
    try {
      const run = await runConformance({
        settings: runSettings,
        context,
        plan: { planned, seed: 0, generatedRequests: 0 },
        embedded: false,
        preflight: true,
      });
      if (run.failure) throw new Error(`the preflight stopped the run: ${run.failure.message}`);
      const { verdicts } = run;
      const failed = verdicts.filter((v) => v.outcome !== 'passed').map((v) => v.caseId);
      // A run that fails against the reference server measures nothing worth comparing.
      if (failed.length > 0) throw new Error(`cases failed against the reference server: ${failed.join(', ')}`);
    } finally {
      context.close();
    }
    return {
      tookMs: performance.now() - began,
      requests: server.requests.length,
      concurrency: settings.concurrency,
      maxRps: settings.maxRps,
    };
  } finally {
    await server.close();
  }
}

/**
 * Measures what server latency adds to a run: the same run against the reference server with no
 * latency and with `latencyMs`, compared with requests x latency / concurrency.
 */
export async function measureLatencyOverhead(options: LatencyOverheadOptions = {}): Promise<LatencyOverhead> {
  const latencyMs = options.latencyMs ?? 100;
  const env = options.env ?? {};
  const cases = options.cases ?? allCases;
  const contract = loadContract();
  const zero = await timeOneRun(0, env, cases, contract);
  const slow = await timeOneRun(latencyMs, env, cases, contract);
  const addedMs = slow.tookMs - zero.tookMs;
  const idealAddedMs = (slow.requests * latencyMs) / slow.concurrency;
  return {
    latencyMs,
    concurrency: slow.concurrency,
    maxRps: slow.maxRps,
    requests: slow.requests,
    zeroLatencyMs: zero.tookMs,
    withLatencyMs: slow.tookMs,
    addedMs,
    idealAddedMs,
    ratio: addedMs / idealAddedMs,
  };
}
