import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import { runAgainst } from '../support/run-against';
import { type Misbehaviour, type MisbehavingServer, startMisbehavingServer } from './misbehaving-server';

const contract = loadContract();
const TIMEOUT_MS = 250;
const CONCURRENCY = 4;
/** What the suite may add beyond waiting out the timeouts: scheduling, judging, a busy CI box. */
const MARGIN_MS = 500;
/** Node's timers run off a loop clock cached at the start of each tick, so a deadline can fire a millisecond or two early by Date.now(). */
const CLOCK_SLACK_MS = 2;

let server: MisbehavingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test.each<[string, Misbehaviour['kind'], number]>([
  ['accepts and never answers', 'hang', 8],
  ['sends headers, then stops mid-body', 'trickle', 4],
])('a server that %s: each case fails with the measured wait, and the run stays within its bound', async (_what, kind, count) => {
  const target = await startMisbehavingServer({ script: () => ({ kind }) as Misbehaviour });
  server = target;
  const began = Date.now();
  const verdicts = await runAgainst(target.upstream, {
    cases: allCases.slice(0, count),
    settings: { baseUrl: target.baseUrl, timeoutMs: TIMEOUT_MS, concurrency: CONCURRENCY },
    context: { contract },
  });
  const tookMs = Date.now() - began;

  expect(verdicts).toHaveLength(count);
  for (const verdict of verdicts) {
    expect(verdict.outcome).toBe('failed');
    expect(verdict.findings.map((f) => f.title)).toEqual(['No answer in time']);
    const waited = Number(/waited (\d+) ms/.exec(verdict.findings[0]?.message ?? '')?.[1]);
    expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS - CLOCK_SLACK_MS);
    expect(waited).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(verdict.durationMs).toBe(waited);
  }
  // A timeout is not retried: the bound below holds only because each case waits once.
  expect(target.requests).toHaveLength(count);
  expect(tookMs).toBeLessThan(Math.ceil(count / CONCURRENCY) * TIMEOUT_MS + MARGIN_MS);
});
