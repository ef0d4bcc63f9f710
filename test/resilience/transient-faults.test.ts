import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';
import type { RunContextOptions, RunSettings } from '../../src/engine/run-context';
import { ManualClock, eventually } from '../support/manual-clock';
import { failedIds, runAgainst } from '../support/run-against';
import { type Misbehaviour, type MisbehavingServer, type SeenRequest, startMisbehavingServer } from './misbehaving-server';

const acceptCases = allCases.filter((c) => c.tier === 'accept');
// Loaded once, so a run's first request goes out at once (the refused-connection test counts on it).
const contract = loadContract();

let server: MisbehavingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: (request: SeenRequest) => Misbehaviour, latencyMs = 0): Promise<MisbehavingServer> {
  server = await startMisbehavingServer({ script, upstream: { latencyMs } });
  return server;
}

function runThrough(
  target: MisbehavingServer,
  count: number,
  settings: Partial<RunSettings> = {},
  context: RunContextOptions = {},
): Promise<Verdict[]> {
  return runAgainst(target.upstream, {
    cases: acceptCases.slice(0, count),
    settings: { baseUrl: target.baseUrl, ...settings },
    context: { contract, ...context },
  });
}

/** The requests the server saw for one case's URL. */
const seenFor = (target: MisbehavingServer, verdict: Verdict): SeenRequest[] => {
  const url = new URL(verdict.request.url);
  return target.requests.filter((r) => r.url === `${url.pathname}${url.search}`);
};

const forward: Misbehaviour = { kind: 'forward' };
const rateLimited = (retryAfter: string): Misbehaviour => ({
  kind: 'answer',
  status: 429,
  headers: { 'retry-after': retryAfter },
  body: '{"detail":"Too Many Requests"}',
});

describe('429 Too Many Requests', () => {
  /** Serves a 429 with `retryAfter` to the third request, then behaves; returns that request. */
  async function runWithOne429(
    retryAfter: () => string,
  ): Promise<{ verdicts: Verdict[]; limited: SeenRequest; target: MisbehavingServer }> {
    const target = await start(() => (target.requests.length === 3 ? rateLimited(retryAfter()) : forward), 20);
    const verdicts = await runThrough(target, 8, { concurrency: 2 });
    const limited = target.requests[2] as SeenRequest;
    return { verdicts, limited, target };
  }

  /** Between the 429's answer and the end of the pause, no new request reaches the server. */
  function expectRunHeld(target: MisbehavingServer, limited: SeenRequest, pauseEndsAt: number): void {
    const answeredAt = limited.finishedAt as number;
    const duringPause = target.requests.filter((r) => r.startedAt > answeredAt && r.startedAt < pauseEndsAt - 10);
    // Only the other slot's request, if it was already on its way when the 429 came back.
    expect(duringPause.length).toBeLessThanOrEqual(1);
    // The 429'd case's retry and the cases still to come all waited.
    expect(target.requests.filter((r) => r.startedAt >= pauseEndsAt - 10).length).toBeGreaterThanOrEqual(5);
  }

  test('Retry-After in seconds: the case passes after the pause, with the retry counted, and the whole run waits', async () => {
    const { verdicts, limited, target } = await runWithOne429(() => '1');
    expect(failedIds(verdicts)).toEqual([]);
    const retried = verdicts.filter((v) => v.retries > 0);
    expect(retried.map((v) => [v.caseId, v.retries])).toEqual([[retried[0]?.caseId, 1]]);
    expect(seenFor(target, retried[0] as Verdict)).toHaveLength(2);
    expectRunHeld(target, limited, (limited.finishedAt as number) + 1000);
  });

  test('Retry-After as an HTTP date: the run waits until then', async () => {
    let until = 0;
    const { verdicts, limited, target } = await runWithOne429(() => {
      const header = new Date(Date.now() + 1500).toUTCString();
      until = Date.parse(header); // whole seconds: between 0.5 and 1.5 s from now
      return header;
    });
    expect(failedIds(verdicts)).toEqual([]);
    expect(verdicts.reduce((sum, v) => sum + v.retries, 0)).toBe(1);
    expectRunHeld(target, limited, until);
  });

  test.each([
    ['seconds', () => '3600'],
    ['an HTTP date', (now: number) => new Date(now + 3_600_000).toUTCString()],
  ])('a Retry-After far away (%s) is capped', async (_form, header) => {
    // The run's clock moves only here: the pause is read off it, not measured on a busy machine.
    const clock = new ManualClock();
    const target = await start((request) =>
      request.attempt === 1 && target.requests.length === 1 ? rateLimited(header(clock.now())) : forward,
    );
    const running = runThrough(target, 2, { concurrency: 1, maxRps: Number.POSITIVE_INFINITY }, { maxRetryAfterMs: 300, clock });
    // Once the 429 is in, the gate holds the run for the capped pause: its timer is the only one this close.
    await eventually(() => target.requests[0]?.finishedAt !== undefined && clock.nextTimerIn() === 300);
    clock.advance(299);
    await new Promise((resolve) => setImmediate(resolve));
    expect(target.requests).toHaveLength(1);
    clock.advance(1);
    const verdicts = await running;
    expect(failedIds(verdicts)).toEqual([]);
    expect(verdicts[0]?.retries).toBe(1);
    expect(target.requests).toHaveLength(3);
  });

  test('a 429 that never lifts leaves the case errored (target unavailable), not failed, after the allowed retries', async () => {
    const target = await start(() => rateLimited('0'));
    const verdicts = await runThrough(target, 1, { retries: 2 });
    expect(verdicts[0]?.outcome).toBe('errored');
    expect(verdicts[0]?.error).toMatchObject({ kind: 'target-unavailable', answered: 'answered 429 after 2 retries' });
    expect(verdicts[0]?.findings).toEqual([]);
    expect(verdicts[0]?.status).toBe(429);
    expect(verdicts[0]?.retries).toBe(2);
    expect(target.requests).toHaveLength(3);
  });
});

describe('flaky gateways', () => {
  test('502, 503 and 504 before a good answer: the cases pass, with the retries counted', async () => {
    const flaky = [502, 503, 504];
    const target = await start((request) => {
      const status = flaky[target.requests.length % 3] as number;
      return request.attempt <= 2
        ? { kind: 'answer', status, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }
        : forward;
    });
    const verdicts = await runThrough(target, 6);
    expect(failedIds(verdicts)).toEqual([]);
    expect(verdicts.map((v) => v.retries)).toEqual([2, 2, 2, 2, 2, 2]);
    for (const verdict of verdicts) expect(seenFor(target, verdict)).toHaveLength(3);
  });

  test.each([
    ['the default', undefined, 3],
    ['STREAMKAP_RETRIES=1', 1, 1],
    ['STREAMKAP_RETRIES=0', 0, 0],
  ])(
    'a 503 that persists leaves the case errored (target unavailable) after %s retries, with no finding',
    async (_name, retries, expected) => {
      const target = await start(() => ({ kind: 'answer', status: 503 }));
      const verdicts = await runThrough(target, 1, retries === undefined ? {} : { retries });
      expect(verdicts[0]?.outcome).toBe('errored');
      expect(verdicts[0]?.error?.kind).toBe('target-unavailable');
      expect(verdicts[0]?.findings).toEqual([]);
      expect(verdicts[0]?.retries).toBe(expected);
      expect(target.requests).toHaveLength(expected + 1);
    },
  );
});

describe('broken connections', () => {
  test('a connection reset before the answer is retried, and the cases pass', async () => {
    const target = await start((request) => (request.attempt <= 2 ? { kind: 'reset' } : forward));
    const verdicts = await runThrough(target, 4);
    expect(failedIds(verdicts)).toEqual([]);
    expect(verdicts.map((v) => v.retries)).toEqual([2, 2, 2, 2]);
    for (const verdict of verdicts) expect(seenFor(target, verdict)).toHaveLength(3);
  });

  test('connections refused until the server comes back: the cases pass', async () => {
    const target = await start(() => forward);
    await target.refuse();
    // Backoff from 50 ms: the third retry cannot come before 175 ms, well after the server is back.
    const back = new Promise<void>((resolve) => setTimeout(() => void target.accept().then(resolve), 60));
    const verdicts = await runThrough(target, 2, {}, { retryBaseMs: 50 });
    await back;
    expect(verdicts.map((v) => v.outcome)).toEqual(['passed', 'passed']);
    for (const verdict of verdicts) expect(verdict.retries).toBeGreaterThanOrEqual(1);
    expect(target.requests).toHaveLength(2);
  });
});

describe('answers that are not blips', () => {
  test('a 500 is a finding and is never retried', async () => {
    const target = await start(() => ({ kind: 'answer', status: 500, body: '{"detail":"Internal Server Error"}' }));
    const verdicts = await runThrough(target, 3);
    expect(verdicts.map((v) => [v.outcome, v.status, v.retries])).toEqual([
      ['failed', 500, 0],
      ['failed', 500, 0],
      ['failed', 500, 0],
    ]);
    for (const verdict of verdicts) expect(seenFor(target, verdict)).toHaveLength(1);
  });

  test('a contract violation is final: no retry turns it into a pass', async () => {
    const badBody: Misbehaviour = { kind: 'answer', status: 200, body: '{"data":"not metrics"}' };
    // One case: 503, then a bad 200, then (never asked for) a good answer.
    const target = await start((request) =>
      request.attempt === 1 && target.requests.length === 1 ? { kind: 'answer', status: 503 } : request.attempt <= 2 ? badBody : forward,
    );
    const verdicts = await runThrough(target, 2, { concurrency: 1 });
    expect(verdicts.map((v) => [v.outcome, v.retries])).toEqual([
      ['failed', 1],
      ['failed', 0],
    ]);
    expect(verdicts[0]?.findings.map((f) => f.check)).toContain('response_schema_conformance');
    expect(seenFor(target, verdicts[0] as Verdict)).toHaveLength(2);
    expect(seenFor(target, verdicts[1] as Verdict)).toHaveLength(1);
  });
});
