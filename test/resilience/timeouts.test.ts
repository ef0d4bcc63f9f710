import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import { ManualClock, eventually } from '../support/manual-clock';
import { runAgainst } from '../support/run-against';
import { type Misbehaviour, type MisbehavingServer, startMisbehavingServer } from './misbehaving-server';

const contract = loadContract();
const TIMEOUT_MS = 250;
const CONCURRENCY = 4;

let server: MisbehavingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test.each<[string, Misbehaviour['kind'], number]>([
  ['accepts and never answers', 'hang', 8],
  ['sends headers, then stops mid-body', 'trickle', 4],
])('a server that %s: each case fails when its deadline passes, waited once', async (_what, kind, count) => {
  const target = await startMisbehavingServer({ script: () => ({ kind }) as Misbehaviour });
  server = target;
  // The run's clock moves only here: by one timeout, once each round of requests (as many as the
  // concurrency lets out) has reached the server and is held there.
  const clock = new ManualClock();
  const began = clock.now();
  const running = runAgainst(target.upstream, {
    cases: allCases.slice(0, count),
    // No rate limit: the gate would wait on this clock too, and this test is about deadlines.
    settings: { baseUrl: target.baseUrl, timeoutMs: TIMEOUT_MS, concurrency: CONCURRENCY, maxRps: Number.POSITIVE_INFINITY },
    context: { contract, clock },
  });
  const rounds = Math.ceil(count / CONCURRENCY);
  for (let round = 1; round <= rounds; round += 1) {
    await eventually(() => target.requests.length >= Math.min(count, round * CONCURRENCY));
    clock.advance(TIMEOUT_MS);
  }
  const verdicts = await running;

  expect(verdicts).toHaveLength(count);
  for (const verdict of verdicts) {
    expect(verdict.outcome).toBe('failed');
    expect(verdict.findings.map((f) => f.title)).toEqual(['No answer in time']);
    expect(verdict.findings[0]?.message).toContain(`waited ${TIMEOUT_MS} ms`);
    expect(verdict.durationMs).toBe(TIMEOUT_MS);
  }
  // A timeout is not retried: each case waited once, and the run took one timeout per round.
  expect(target.requests).toHaveLength(count);
  expect(clock.now() - began).toBe(rounds * TIMEOUT_MS);
});

test('a deadline that fires late (this process starved of CPU, not the server slow) is no evidence: that attempt goes again', async () => {
  let seen = 0;
  const target = await startMisbehavingServer({ script: () => ((seen += 1) === 1 ? { kind: 'hang' } : { kind: 'forward' }) });
  server = target;
  const clock = new ManualClock();
  const running = runAgainst(target.upstream, {
    cases: allCases.slice(0, 1),
    settings: { baseUrl: target.baseUrl, timeoutMs: TIMEOUT_MS, concurrency: 1, maxRps: Number.POSITIVE_INFINITY },
    context: { contract, clock, retryBaseMs: 0 },
  });
  await eventually(() => target.requests.length >= 1);
  // The deadline's timer runs seconds after it was due, as on a machine too loaded to run it.
  clock.advance(TIMEOUT_MS + 5_000);
  const [verdict] = await running;
  expect(target.requests).toHaveLength(2);
  expect([verdict?.outcome, verdict?.retries]).toEqual(['passed', 1]);
});
