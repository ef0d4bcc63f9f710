/**
 * A verdict in bounded time, through the real CLI: a class of requests that never gets an answer
 * costs no more requests than it takes to prove it, a request refused on every attempt while the
 * rest is served is a failure (and one that gets through at the end is judged), a huge generated
 * budget is drawn as it is sent, and a reports folder that cannot be written stops the run at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import { coverageCases } from '../../src/generation/coverage-phase';
import { PROPERTY_NAMES } from '../../src/generation/properties';
import type { Case } from '../../src/model';
import { startMisbehavingServer, type MisbehavingServer, type SeenRequest } from '../resilience/misbehaving-server';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

interface ReportedCase {
  id: string;
  verdict: string;
  request: { url: string; query: Array<[string, string]> };
  findings: Array<{ check: string; title: string; message: string }>;
  error?: { kind: string };
}
const casesOf = (reportsDir: string): ReportedCase[] => JSON.parse(readFileSync(join(reportsDir, 'summary.json'), 'utf8')).cases;

const HANGING = ['time_unit', 'week'] as const;
const inHangingClass = (query: ReadonlyArray<readonly [string, string]> = []) =>
  query.some(([name, value]) => name === HANGING[0] && value === HANGING[1]);
const metricsQuery = (request: SeenRequest) => [...new URL(request.url, 'http://x').searchParams.entries()];

let server: MisbehavingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('a server that never answers time_unit=week: exit 1, each such case judged, and few of them sent', async () => {
  server = await startMisbehavingServer({
    script: (request) =>
      request.url.includes('/metrics') && inHangingClass(metricsQuery(request)) ? { kind: 'hang' } : { kind: 'forward' },
  });
  const env = targetEnv(server.upstream, {
    STREAMKAP_BASE_URL: server.baseUrl,
    // Short, but long enough that a loaded machine does not time out the requests that are answered.
    STREAMKAP_TIMEOUT_MS: '1500',
    STREAMKAP_CONCURRENCY: '1',
    STREAMKAP_GENERATED_REQUESTS: '200',
    STREAMKAP_SEED: '7',
  });
  const run = await runMain([], env);
  expect([run.code, run.stderr]).toEqual([1, expect.any(String)]);

  // Every case of the class gets a verdict: failed, never passed, errored or skipped.
  const reported = casesOf(run.reportsDir);
  const ofClass = reported.filter((c) => !c.id.startsWith('generated.property.') && inHangingClass(c.request.query));
  const planned: Case[] = [...allCases, ...coverageCases(loadContract())].filter((c) => inHangingClass(c.query));
  expect(ofClass.map((c) => c.id).sort()).toEqual(planned.map((c) => c.id).sort());
  for (const c of ofClass) expect([c.id, c.verdict]).toEqual([c.id, 'failed']);
  // Some were not sent: their verdict says so, and names the cases that proved the class hangs.
  const notSent = ofClass.filter((c) => c.findings.some((f) => f.title.includes('not sent again')));
  expect(notSent.length).toBeGreaterThan(0);
  for (const c of notSent) {
    expect(c.findings[0]).toMatchObject({
      check: 'response_received',
      message: expect.stringMatching(/^Not sent again: every .* timed out \(in \S+, \S+\)/),
    });
  }

  // Without the bound, every generated request with time_unit=week waits out its timeout (dozens at
  // this budget). With it: at most the table and coverage cases of the class, and for each property
  // the chunk in which one hung (sent at once, it may hold another of the class in another tier: a
  // respelled credential or a query put together otherwise is a class of its own); none is shrunk.
  const hung = server.requests.filter((r) => inHangingClass(metricsQuery(r)));
  expect(hung.length).toBeLessThanOrEqual(planned.length + 2 * PROPERTY_NAMES.length);
  // Every generated property that met the class failed at once, with the timeout as its finding.
  const properties = reported.filter((c) => c.id.startsWith('generated.property.') && c.verdict === 'failed');
  expect(properties.length).toBeGreaterThan(0);
  for (const p of properties) expect(p.findings.map((f) => f.check)).toContain('response_received');
}, 300_000);

/** The one table case the server refuses (503) on every attempt, or until the run's last try. */
const REFUSED = allCases.find((c) => c.id === 'accept.time-unit.week.interval-2') as Case;
const isRefused = (request: SeenRequest) =>
  request.url.includes('/metrics') && JSON.stringify(metricsQuery(request)) === JSON.stringify(REFUSED.query);

test.each([
  ['on every attempt, while the rest is served, fails not_a_server_error', Number.POSITIVE_INFINITY, 1, 'failed'],
  ['during the run but not on its last try is judged by that answer', 2, 0, 'passed'],
])('a case unavailable %s', async (_what, refusedAttempts, exitCode, verdict) => {
  const retries = 1;
  server = await startMisbehavingServer({
    script: (request) => (isRefused(request) && request.attempt <= refusedAttempts ? { kind: 'answer', status: 503 } : { kind: 'forward' }),
  });
  const run = await runMain(
    ['--tag', 'time-units'],
    targetEnv(server.upstream, { STREAMKAP_BASE_URL: server.baseUrl, STREAMKAP_RETRIES: String(retries) }),
  );
  expect(run.code).toBe(exitCode);
  const refused = casesOf(run.reportsDir).find((c) => c.id === REFUSED.id);
  expect(refused?.verdict).toBe(verdict);
  // Sent with its retries during the run, and once more (with its retries) at the end.
  const attempts = server.requests.filter(isRefused).length;
  expect(attempts).toBe(refusedAttempts === 2 ? retries + 2 : 2 * (retries + 1));
  if (verdict === 'failed') {
    expect(refused?.findings).toEqual([
      expect.objectContaining({
        check: 'not_a_server_error',
        message: expect.stringMatching(
          /answered 503 after 1 retry during the run, and answered 503 after 1 retry when sent once more at its end, while the target served the other requests/,
        ),
      }),
    ]);
    expect(run.stdout).toMatch(/^Exit 1: /m);
  }
});

test('STREAMKAP_GENERATED_REQUESTS=1000000: the budget is drawn as it is sent, with progress in requests from the start', async () => {
  server = await startMisbehavingServer();
  const run = await runMain(
    ['--tag', 'generated'],
    targetEnv(server.upstream, {
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_GENERATED_REQUESTS: '1000000',
      STREAMKAP_RUN_TIMEOUT_S: '3',
      STREAMKAP_PROGRESS_S: '1',
    }),
  );
  // Drawing the whole budget first held the event loop for minutes: no progress, no deadline.
  expect(run.stderr).toContain('the run reached its deadline of 3 s');
  expect(run.code).toBe(2);
  const progress = run.stdout.split('\n').filter((line) => line.startsWith('progress: '));
  expect(progress.length).toBeGreaterThan(0);
  // While the properties run, what is left counts their budget; once the deadline stops them, it no longer does.
  const counts = progress.map((line) => / (\d+)\/(\d+) requests/.exec(line)?.slice(1).map(Number) ?? []);
  expect(counts[0]?.[1]).toBeGreaterThanOrEqual(1_000_000);
  expect(counts.some(([done = 0, total = 0]) => done > 0 && total >= 1_000_000)).toBe(true);
});

test('STREAMKAP_REPORTS_DIR under /proc: a bounded write, then exit 2 naming the setting', async () => {
  const run = await runMain([], { STREAMKAP_REPORTS_DIR: '/proc/streamkap-conformance/reports' });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/STREAMKAP_REPORTS_DIR is "\/proc\/streamkap-conformance\/reports", where the reports cannot be written/);
});
