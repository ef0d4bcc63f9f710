import { allCases } from '../../cases';
import type { Case } from '../../src/model';
import { loadContract } from '../../src/contract';
import { preflight } from '../../src/preflight';
import { runConformance } from '../../src/engine/run-conformance';
import { type RunSettings, createRunContext, planCases } from '../../src/runner';
import { type Environment, loadSettings } from '../../src/settings';
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
async function run(settings: RunSettings, cases: readonly Case[] = acceptCases) {
  const context = createRunContext(settings, { contract });
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
  const cases = acceptCases.slice(0, 7);
  const verdicts = await run(settingsFrom(server, { STREAMKAP_CONCURRENCY: '8', ...env }), cases);
  expect(failedIds(verdicts)).toEqual([]);
  const starts = server.requests.map((r) => r.startedAt);
  expect(starts).toHaveLength(cases.length + 1);
  const intervalMs = 1000 / rps;
  // Any k consecutive starts span at least k intervals, less 30 ms for the jitter of opening
  // connections and of a busy machine: no burst, not even one of two.
  for (let i = 0; i < starts.length; i += 1) {
    for (let j = i + 1; j < starts.length; j += 1) {
      expect((starts[j] as number) - (starts[i] as number)).toBeGreaterThanOrEqual((j - i) * intervalMs - 30);
    }
  }
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
