import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadContract } from '../contract';
import { parameterSpaces } from '../generation/parameter-space';
import { requestDimensionCases } from '../generation/request-dimensions';
import { generatedProperties } from '../generation/properties';
import type { RunEvent } from '../engine/events';
import { runConformance } from '../engine/run-conformance';
import { sendingsOf, type Verdict } from '../model';
import { buildPlan, propertyCaseId, type RunPlan } from '../plan';
import { createRunContext, type RunContext, type RunSettings } from '../engine/run-context';
import { type Environment, loadSettings } from '../settings';

/** The target: the suite's own CPU per generated request, generation and judging included. */
export const CPU_MS_PER_REQUEST_TARGET = 0.75;

/**
 * Generated requests sent before the measure and not counted. V8 compiles the hot paths over the
 * first few thousand calls, on threads whose CPU the process counts too: with fewer (1000 left the
 * figure 40% above the steady one), it is of a suite still compiling itself, not of what each
 * further request costs. The warm-up's own cost per request is reported beside it.
 */
const WARM_UP_REQUESTS = 3000;

/** Measured runs after the warm-up; the figure is their median. */
const MEASURES = 3;

export interface GenerationCostOptions {
  /** Random-phase requests, over all properties. Default 2000. */
  budget?: number;
  /** Send the coverage list too. Default true. */
  coverage?: boolean;
  seed?: number;
  /** STREAMKAP_* settings over the bench's (no rate limit, concurrency 8). */
  env?: Environment;
  /** Random-phase requests of the warm-up, which also sends the coverage list when `coverage` does. Default WARM_UP_REQUESTS. */
  warmUpRequests?: number;
}

export interface GenerationCost {
  /** Generated requests of the median measure (the warm-up excluded). */
  requests: number;
  wallMs: number;
  requestsPerSecond: number;
  /** This process's CPU (user + system) per request, the median of the measures: generation, HTTP client and judging; the server runs in a child process. */
  cpuMsPerRequest: number;
  /** The lowest and highest of the measures. */
  cpuMsPerRequestRange: [number, number];
  /** The same over the warm-up: what the first requests of a process cost while V8 compiles the suite. */
  warmUpCpuMsPerRequest: number;
  concurrency: number;
  /** The request-dimension rows alone, sent first: rows, the requests they make (follow-ups included), wall time and this process's CPU. */
  dimensions: { rows: number; requests: number; wallMs: number; cpuMs: number };
}

interface ChildServer {
  baseUrl: string;
  pipelineId: string;
  token: string;
  limitedToken: string;
  child: ChildProcess;
}

/** The reference server in its own process, so that its CPU is not counted as the suite's. */
async function startChildServer(): Promise<ChildServer> {
  const root = join(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'src/reference-server/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const values = new Map<string, string>();
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the reference server exited with code ${code} before it was ready`)));
    lines.on('line', (line) => {
      const match = /^\s+(STREAMKAP_[A-Z_]+)=(\S+)$/.exec(line);
      if (match) values.set(match[1] as string, match[2] as string);
      if (line.startsWith('Ctrl-C')) resolve();
    });
  });
  const value = (name: string): string => {
    const found = values.get(name);
    if (found === undefined) throw new Error(`the reference server did not print ${name}`);
    return found;
  };
  return {
    baseUrl: value('STREAMKAP_BASE_URL'),
    pipelineId: value('STREAMKAP_PIPELINE_ID'),
    token: value('STREAMKAP_TOKEN'),
    limitedToken: value('STREAMKAP_LIMITED_TOKEN'),
    child,
  };
}

/**
 * Runs a plan through the engine's one entry point with the bench's settings and context (kept
 * from one run to the next: compiled paths and open sockets stay warm). Returns the verdict of
 * every case and generated exchange it sent, as the run's events told them, and the requests they
 * made: a row's follow-ups, and a property's as it counts them (its exchanges' follow-ups too).
 */
async function runPlan(settings: RunSettings, context: RunContext, plan: RunPlan): Promise<{ verdicts: Verdict[]; requests: number }> {
  const verdicts: Verdict[] = [];
  const sendings = new Map(plan.planned.map((p) => [p.testCase.id, sendingsOf(p.testCase)]));
  let requests = 0;
  const emit = async (event: RunEvent) => {
    if (event.type === 'generated-request-finished') verdicts.push(event.verdict);
    if (event.type !== 'case-finished') return;
    // A property's own verdict stands for its generated exchanges, already listed; it counts their requests.
    if (event.verdict.origin === 'property') requests += event.verdict.generated?.requests ?? 0;
    else {
      verdicts.push(event.verdict);
      requests += sendings.get(event.verdict.caseId) ?? 1;
    }
  };
  await runConformance({ settings, context, plan, embedded: false, emit });
  return { verdicts, requests };
}

const notPassed = (verdicts: readonly Verdict[]): string[] => verdicts.filter((v) => v.outcome !== 'passed').map((v) => v.caseId);

/**
 * Measures the generated tier's cost against the embedded reference server: the coverage list and
 * a random phase, sent through the engine with the rate limit lifted, after a warm-up that is not
 * counted. Returns requests per second and this process's CPU milliseconds per request.
 */
export async function measureGenerationCost(options: GenerationCostOptions = {}): Promise<GenerationCost> {
  const server = await startChildServer();
  try {
    const settings: RunSettings = {
      ...loadSettings({
        STREAMKAP_MAX_RPS: '100000',
        STREAMKAP_CONCURRENCY: '8',
        ...options.env,
        STREAMKAP_BASE_URL: server.baseUrl,
        STREAMKAP_PIPELINE_ID: server.pipelineId,
        STREAMKAP_TOKEN: server.token,
        STREAMKAP_LIMITED_TOKEN: server.limitedToken,
      }),
      baseUrl: server.baseUrl,
      pipelineId: server.pipelineId,
    };
    const contract = loadContract();
    const context = createRunContext(settings, { contract });
    // As `--case` or `--tag`, `--seed` and STREAMKAP_GENERATED_REQUESTS choose them.
    const plan = (choice: { cases: readonly string[] } | { tags: readonly string[] }, seed = 0, generatedRequests = 0) =>
      buildPlan({ contract, tags: [], ...choice, limitedTokenConfigured: true, generatedRequests, seed });
    const randomPhase = generatedProperties(contract).map((p) => propertyCaseId(p.name));
    const phases = (options.coverage ?? true) ? { tags: ['generated'] } : { cases: randomPhase };
    try {
      // The warm-up: the same phases with another seed (compiled paths, open sockets).
      const warmUpCpu = process.cpuUsage();
      const { requests: warmUpRequests } = await runPlan(settings, context, plan(phases, 1, options.warmUpRequests ?? WARM_UP_REQUESTS));
      const warmUpUsage = process.cpuUsage(warmUpCpu);
      // The request dimensions alone: fixed rows whatever the budget, some sending the same request again.
      const dimensionRows = requestDimensionCases(parameterSpaces(contract));
      const dimensionsBegan = performance.now();
      const dimensionsCpu = process.cpuUsage();
      const { verdicts: dimensionRun } = await runPlan(settings, context, plan({ cases: dimensionRows.map((row) => row.id) }));
      const dimensionsUsage = process.cpuUsage(dimensionsCpu);
      const dimensions = {
        rows: dimensionRows.length,
        requests: dimensionRows.reduce((sum, row) => sum + sendingsOf(row), 0),
        wallMs: performance.now() - dimensionsBegan,
        cpuMs: (dimensionsUsage.user + dimensionsUsage.system) / 1000,
      };
      // Three measures, each its own seed, and the median: one is at the mercy of a noisy machine (a GC, a neighbour).
      const measures = [];
      for (let i = 0; i < MEASURES; i += 1) {
        const generatedTier = plan(phases, (options.seed ?? 2) + i, options.budget ?? 2000);
        const cpuBefore = process.cpuUsage();
        const began = performance.now();
        const { verdicts: measured, requests } = await runPlan(settings, context, generatedTier);
        const wallMs = performance.now() - began;
        const cpu = process.cpuUsage(cpuBefore);
        const failed = [...notPassed(dimensionRun), ...notPassed(measured)];
        // A run that fails against the reference server measures a broken suite, not its cost.
        if (failed.length > 0)
          throw new Error(`generated requests did not pass against the reference server: ${failed.slice(0, 5).join(', ')}`);
        measures.push({ requests, wallMs, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests });
      }
      const sorted = [...measures].sort((a, b) => a.cpuMsPerRequest - b.cpuMsPerRequest);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      return {
        requests: median.requests,
        wallMs: median.wallMs,
        requestsPerSecond: (median.requests * 1000) / median.wallMs,
        cpuMsPerRequest: median.cpuMsPerRequest,
        cpuMsPerRequestRange: [sorted[0]!.cpuMsPerRequest, sorted.at(-1)!.cpuMsPerRequest],
        warmUpCpuMsPerRequest: (warmUpUsage.user + warmUpUsage.system) / 1000 / warmUpRequests,
        concurrency: settings.concurrency,
        dimensions,
      };
    } finally {
      context.close();
    }
  } finally {
    server.child.kill('SIGTERM');
  }
}

/** One line for `npm run bench`. */
export function describeGenerationCost(cost: GenerationCost): string {
  const verdict = cost.cpuMsPerRequest < CPU_MS_PER_REQUEST_TARGET ? 'within' : 'OVER';
  return [
    `generated tier (concurrency ${cost.concurrency}, no rate limit, ${cost.requests} requests):`,
    `  ${cost.requestsPerSecond.toFixed(0)} requests/s, ${cost.cpuMsPerRequest.toFixed(2)} ms of the suite's CPU per request, median of ${MEASURES} (${cost.cpuMsPerRequestRange.map((ms) => ms.toFixed(2)).join('-')}; ${verdict} the target ${CPU_MS_PER_REQUEST_TARGET} ms); ${cost.warmUpCpuMsPerRequest.toFixed(2)} ms over the warm-up, while V8 compiles the suite`,
    `  request dimensions: ${cost.dimensions.rows} rows, ${cost.dimensions.requests} requests in ${Math.round(cost.dimensions.wallMs)} ms, ${Math.round(cost.dimensions.cpuMs)} ms of the suite's CPU (${(cost.dimensions.cpuMs / cost.dimensions.requests).toFixed(2)} ms per request; fixed: outside STREAMKAP_GENERATED_REQUESTS; about ${Math.round(cost.dimensions.requests / 10)} s more at the default 10 requests/s)`,
  ].join('\n');
}
