import { allCases } from '../../cases';
import type { Case } from '../../src/model';
import { loadContract } from '../../src/contract';
import { preflight } from '../../src/preflight';
import { runConformance } from '../../src/engine/run-conformance';
import { type RunSettings, createRunContext } from '../../src/engine/run-context';
import { planCases } from '../../src/plan';
import { type Environment, loadSettings } from '../../src/settings';
import type { Clock } from '../../src/clock';
import { ManualClock, eventually } from '../support/manual-clock';
import { failedIds } from '../support/run-against';
import { type MisbehavingServer, maxInFlight, startMisbehavingServer } from './misbehaving-server';

const contract = loadContract();
const acceptCases = allCases.filter((c) => c.tier === 'accept');

let server: MisbehavingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Settings as the CLI would load them from `env`, aimed at the server. */
function settingsFrom(target: MisbehavingServer, env: Environment): RunSettings {
  const settings = loadSettings({
    STREAMKAP_BASE_URL: target.baseUrl,
    STREAMKAP_PIPELINE_ID: target.upstream.pipelineId,
    STREAMKAP_TOKEN: target.upstream.token,
    ...env,
  });
  return { ...settings, baseUrl: target.baseUrl, pipelineId: target.upstream.pipelineId };
}

/** Preflight, then the cases: everything a run sends. */
async function run(settings: RunSettings, cases: readonly Case[] = acceptCases, clock?: Clock) {
  const context = createRunContext(settings, { contract, clock });
  try {
    await preflight(context);
    const planned = planCases(cases, { tags: [], limitedTokenConfigured: settings.limitedToken !== undefined });
    return (await runConformance({ settings, context, plan: { planned, seed: 0, generatedRequests: 0 }, embedded: false })).verdicts;
  } finally {
    context.close();
  }
}

test.each([
  ['the default of 4', {}, 4],
  ['STREAMKAP_CONCURRENCY=2', { STREAMKAP_CONCURRENCY: '2' }, 2],
])('at most %s requests are in flight at once', async (_name, env, limit) => {
  server = await startMisbehavingServer({ upstream: { latencyMs: 40 } });
  const verdicts = await run(settingsFrom(server, { STREAMKAP_MAX_RPS: '1000', ...env }));
  expect(failedIds(verdicts)).toEqual([]);
  // Reached, and never passed: with 40 ms answers and no rate limit to speak of, the limit is what holds them back.
  expect(maxInFlight(server.requests)).toBe(limit);
});

test.each([
  ['the default of 10', {}, 10],
  ['STREAMKAP_MAX_RPS=20', { STREAMKAP_MAX_RPS: '20' }, 20],
])('requests start at most %s a second', async (_name, env, rps) => {
  server = await startMisbehavingServer();
  const target = server;
  const cases = acceptCases.slice(0, 7);
  const total = cases.length + 1; // the preflight, then the cases
  const intervalMs = 1000 / rps;
  // The run's clock moves only here, one interval at a time, and only when the run waits for it
  // (a timer due within the interval is the gate's: deadlines are seconds away). A gate that let
  // two through in one interval would finish the run in fewer steps.
  const clock = new ManualClock();
  const began = clock.now();
  let finished = false;
  const running = run(settingsFrom(target, { STREAMKAP_CONCURRENCY: '8', ...env }), cases, clock).finally(() => {
    finished = true;
  });
  let steps = 0;
  for (;;) {
    await eventually(() => finished || (clock.nextTimerIn() ?? Number.POSITIVE_INFINITY) <= intervalMs);
    if (finished) break;
    clock.advance(intervalMs);
    steps += 1;
  }
  const verdicts = await running;
  expect(failedIds(verdicts)).toEqual([]);
  expect(target.requests).toHaveLength(total);
  // Every start after the first waited a whole interval: no burst, not even one of two.
  expect(steps).toBe(total - 1);
  expect(clock.now() - began).toBe((total - 1) * intervalMs);
});

test('the suite only reads: GETs of the metrics path, and POSTs to the token exchange', async () => {
  server = await startMisbehavingServer({ upstream: { prefix: '/api' } });
  const { upstream } = server;
  const settings = loadSettings({
    STREAMKAP_BASE_URL: `${server.baseUrl}/api`,
    STREAMKAP_PIPELINE_ID: upstream.pipelineId,
    STREAMKAP_CLIENT_ID: upstream.clientId,
    STREAMKAP_SECRET: upstream.secret,
    STREAMKAP_LIMITED_TOKEN: upstream.limitedToken,
    STREAMKAP_MAX_RPS: '1000',
    STREAMKAP_CONCURRENCY: '8',
  });
  const verdicts = await run({ ...settings, baseUrl: `${server.baseUrl}/api`, pipelineId: upstream.pipelineId }, allCases);
  expect(failedIds(verdicts)).toEqual([]);

  const byKind = { metricsGets: 0, exchangePosts: 0, other: [] as string[] };
  for (const request of server.requests) {
    const path = request.url.split('?')[0] as string;
    if (request.method === 'GET' && /^\/api\/pipelines\/[^/]+\/metrics$/.test(path)) byKind.metricsGets += 1;
    else if (request.method === 'POST' && path === '/api/auth/access-token') byKind.exchangePosts += 1;
    else byKind.other.push(`${request.method} ${request.url}`);
  }
  expect(byKind.other).toEqual([]);
  expect(byKind.metricsGets).toBe(allCases.length + 1); // the cases and the preflight, nothing else
  expect(byKind.exchangePosts).toBe(1);
});
