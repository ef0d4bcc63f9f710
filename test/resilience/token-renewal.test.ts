import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import { createAuth } from '../../src/auth';
import type { Clock } from '../../src/clock';
import type { HttpClient } from '../../src/http/http-client';
import { Redactor } from '../../src/redaction';
import { ManualClock, eventually } from '../support/manual-clock';
import { failedIds, runAgainst } from '../support/run-against';
import { type Misbehaviour, type MisbehavingServer, type SeenRequest, startMisbehavingServer } from './misbehaving-server';

const contract = loadContract();

let server: MisbehavingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const isExchange = (request: SeenRequest) => request.method === 'POST';

/** Client credentials instead of the static token, so every token of the run comes from the exchange. */
function runWithClientCredentials(target: MisbehavingServer, maxRps: number, options: { clock?: Clock; concurrency?: number } = {}) {
  return runAgainst(target.upstream, {
    cases: allCases,
    settings: {
      baseUrl: target.baseUrl,
      token: undefined,
      clientId: target.upstream.clientId,
      secret: target.upstream.secret,
      maxRps,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    },
    context: { contract, clock: options.clock },
  });
}

test('with client credentials, a run longer than a token lives exchanges again before each token expires', async () => {
  // The run and the server share a clock that moves only here: 100 ms each time the server has
  // answered one more request, one request at a time. That is less than the last fifth of a
  // token's life, when renewal is due, so only a late renewal can let a token expire in use.
  const clock = new ManualClock();
  const ttlMs = 1000;
  const stepMs = 100;
  server = await startMisbehavingServer({ upstream: { tokenTtlSeconds: ttlMs / 1000, clock } });
  const target = server;
  const began = clock.now();
  let finished = false;
  const running = runWithClientCredentials(target, Number.POSITIVE_INFINITY, { clock, concurrency: 1 }).finally(() => {
    finished = true;
  });
  const answered = () => target.requests.filter((request) => request.finishedAt !== undefined).length;
  for (let count = 1; ; count += 1) {
    await eventually(() => finished || answered() >= count);
    if (finished) break;
    clock.advance(stepMs);
  }
  const verdicts = await running;

  // The server refuses an expired token with 401, which fails every case that needs a token.
  expect(verdicts).toHaveLength(allCases.length);
  expect(failedIds(verdicts)).toEqual([]);
  // The run outlived several tokens, and took a new one for each stretch of a token's life.
  const lifetimes = (clock.now() - began) / ttlMs;
  expect(lifetimes).toBeGreaterThan(3);
  expect(target.requests.filter(isExchange).length).toBeGreaterThanOrEqual(Math.ceil(lifetimes));
});

test('a request held back by a Retry-After longer than the token lives goes out with a fresh token', async () => {
  let limited = false;
  const target = await startMisbehavingServer({
    // Short enough to lapse during the Retry-After, long enough that a loaded machine still sends the other requests within it.
    upstream: { tokenTtlSeconds: 2.5 },
    script: (request): Misbehaviour => {
      if (limited || isExchange(request)) return { kind: 'forward' };
      limited = true;
      return { kind: 'answer', status: 429, headers: { 'retry-after': '3' } };
    },
  });
  server = target;
  const verdicts = await runWithClientCredentials(target, 1000);
  expect(failedIds(verdicts)).toEqual([]);
  const limitedRequest = target.requests.find((r) => !isExchange(r)) as SeenRequest;
  const [first, retry] = target.requests.filter(
    (r) => r.url === limitedRequest.url && r.headers.authorization?.startsWith('Bearer ref-access-'),
  );
  expect(first).toBe(limitedRequest);
  expect(retry?.headers.authorization).toBeDefined();
  expect(retry?.headers.authorization).not.toBe(first?.headers.authorization);
});

test('a token exchange that stumbles (503, then a reset) is retried, and the run goes on', async () => {
  const target = await startMisbehavingServer({
    script: (request): Misbehaviour => {
      if (!isExchange(request) || request.attempt > 2) return { kind: 'forward' };
      return request.attempt === 1 ? { kind: 'answer', status: 503 } : { kind: 'reset' };
    },
  });
  server = target;
  const verdicts = await runWithClientCredentials(target, 1000);
  expect(failedIds(verdicts)).toEqual([]);
  expect(target.requests.filter(isExchange)).toHaveLength(3);
  expect(target.upstream.issuedTokens).toHaveLength(1);
});

/** A token exchange that answers at once with tokens of `lifetimeS`, noting the clock's time of each exchange. */
function exchangeAt(clock: ManualClock, lifetimeS: number) {
  const exchanges: number[] = [];
  const client: HttpClient = {
    get: () => Promise.reject(new Error('only the token exchange is expected')),
    postJson: () => {
      exchanges.push(clock.now());
      const body = JSON.stringify({ accessToken: `access-${exchanges.length}`, expiresIn: lifetimeS });
      return Promise.resolve({ response: { status: 200, headers: {}, body }, durationMs: 0, attemptMs: 0, retries: 0 });
    },
    close: () => undefined,
  };
  return { client, exchanges };
}

test.each([
  ['a fifth of its life', 100, 80_000],
  ['a minute, when a fifth is more', 3600, 3_540_000],
])(
  'a token is renewed when %s is left, not a millisecond sooner, and by one exchange however many ask',
  async (_when, lifetimeS, renewAfterMs) => {
    const clock = new ManualClock();
    const { client, exchanges } = exchangeAt(clock, lifetimeS);
    const auth = createAuth(
      { clientId: 'client', secret: 'secret', tokenUrl: 'http://127.0.0.1:1/auth/access-token' },
      client,
      new Redactor(),
      {
        clock,
      },
    );
    const began = clock.now();
    expect((await auth.accessToken()).accessToken).toBe('access-1');
    clock.advance(renewAfterMs - 1);
    expect((await auth.accessToken()).accessToken).toBe('access-1');
    clock.advance(1);
    const renewed = await Promise.all([auth.accessToken(), auth.accessToken()]);
    expect(renewed.map((token) => token.accessToken)).toEqual(['access-2', 'access-2']);
    expect(await auth.authorization('token')).toBe('Bearer access-2');
    expect(exchanges).toEqual([began, began + renewAfterMs]);
  },
);
