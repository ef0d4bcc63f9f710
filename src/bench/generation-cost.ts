import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadContract } from '../contract';
import { coverageCases } from '../generation/coverage-phase';
import { parameterSpaces } from '../generation/parameter-space';
import { requestDimensionCases } from '../generation/request-dimensions';
import { generatedProperties } from '../generation/properties';
import { runRandomPhase, type Send } from '../generation/random-phase';
import type { Case, Verdict } from '../model';
import { createRunContext, planCases, runCase } from '../runner';
import { type Environment, loadSettings } from '../settings';

/** The target: the suite's own CPU per generated request, generation and judging included. */
export const CPU_MS_PER_REQUEST_TARGET = 2;

export interface GenerationCostOptions {
  /** Random-phase requests, over all properties. Default 2000. */
  budget?: number;
  /** Send the coverage list too. Default true. */
  coverage?: boolean;
  seed?: number;
  /** STREAMKAP_* settings over the bench's (no rate limit, concurrency 8). */
  env?: Environment;
}

export interface GenerationCost {
  /** Generated requests measured (the warm-up excluded). */
  requests: number;
  wallMs: number;
  requestsPerSecond: number;
  /** This process's CPU (user + system) per request: generation, HTTP client and judging; the server runs in a child process. */
  cpuMsPerRequest: number;
  concurrency: number;
  /** The request-dimension rows alone, sent first: rows, the requests they make (follow-ups included), wall time. */
  dimensions: { rows: number; requests: number; wallMs: number };
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
 * Measures the generated tier's cost against the embedded reference server: the coverage list and
 * a random phase, sent through the engine with the rate limit lifted, after a warm-up that is not
 * counted. Returns requests per second and this process's CPU milliseconds per request.
 */
export async function measureGenerationCost(options: GenerationCostOptions = {}): Promise<GenerationCost> {
  const server = await startChildServer();
  try {
    const settings = loadSettings({
      STREAMKAP_MAX_RPS: '100000',
      STREAMKAP_CONCURRENCY: '8',
      ...options.env,
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_PIPELINE_ID: server.pipelineId,
      STREAMKAP_TOKEN: server.token,
      STREAMKAP_LIMITED_TOKEN: server.limitedToken,
    });
    const contract = loadContract();
    const context = createRunContext({ ...settings, baseUrl: server.baseUrl, pipelineId: server.pipelineId }, { contract });
    const verdicts: Verdict[] = [];
    const send: Send = async (testCase: Case) => {
      const [planned] = planCases([testCase], { tags: [], limitedTokenConfigured: true });
      const verdict = await runCase(context, planned as NonNullable<typeof planned>);
      verdicts.push(verdict);
      return verdict;
    };
    try {
      const properties = generatedProperties(contract);
      await runRandomPhase(properties, { seed: 1, budget: 80, send }); // warm-up: compiled paths, open sockets
      // The request dimensions alone: fixed rows whatever the budget, some sending the same request again.
      const dimensionRows = requestDimensionCases(parameterSpaces(contract));
      const dimensionsBegan = performance.now();
      await Promise.all(dimensionRows.map(send));
      const dimensions = {
        rows: dimensionRows.length,
        requests: dimensionRows.reduce((sum, row) => sum + 1 + (row.then?.length ?? 0), 0),
        wallMs: performance.now() - dimensionsBegan,
      };
      const dimensionFailures = verdicts.filter((v) => v.outcome !== 'passed' && v.outcome !== 'skipped').map((v) => v.caseId);
      verdicts.length = 0;
      const cpuBefore = process.cpuUsage();
      const began = performance.now();
      if (options.coverage ?? true) await Promise.all(coverageCases(contract).map(send));
      await runRandomPhase(properties, { seed: options.seed ?? 2, budget: options.budget ?? 2000, send });
      const wallMs = performance.now() - began;
      const cpu = process.cpuUsage(cpuBefore);
      const failed = [...dimensionFailures, ...verdicts.filter((v) => v.outcome !== 'passed').map((v) => v.caseId)];
      // A run that fails against the reference server measures a broken suite, not its cost.
      if (failed.length > 0)
        throw new Error(`generated requests did not pass against the reference server: ${failed.slice(0, 5).join(', ')}`);
      return {
        requests: verdicts.length,
        wallMs,
        requestsPerSecond: (verdicts.length * 1000) / wallMs,
        cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / verdicts.length,
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
    `  ${cost.requestsPerSecond.toFixed(0)} requests/s, ${cost.cpuMsPerRequest.toFixed(2)} ms of the suite's CPU per request (${verdict} the target ${CPU_MS_PER_REQUEST_TARGET} ms)`,
    `  request dimensions: ${cost.dimensions.rows} rows, ${cost.dimensions.requests} requests in ${Math.round(cost.dimensions.wallMs)} ms (fixed: outside STREAMKAP_GENERATED_REQUESTS; about ${Math.round(cost.dimensions.requests / 10)} s more at the default 10 requests/s)`,
  ].join('\n');
}
