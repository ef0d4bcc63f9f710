import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
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
function runWithClientCredentials(target: MisbehavingServer, maxRps: number) {
  return runAgainst(target.upstream, {
    cases: allCases,
    settings: { baseUrl: target.baseUrl, token: undefined, clientId: target.upstream.clientId, secret: target.upstream.secret, maxRps },
    context: { contract },
  });
}

test('with client credentials, a run longer than a token lives exchanges again before each token expires', async () => {
  // A lifetime long enough that its last fifth (when renewal is due) outlasts an event-loop stall
  // on a loaded 2-core CI machine; 53 cases at 20 a second still span over two and a half lifetimes.
  const ttlMs = 1000;
  server = await startMisbehavingServer({ upstream: { tokenTtlSeconds: ttlMs / 1000 } });
  const verdicts = await runWithClientCredentials(server, 20);

  // The server refuses an expired token with 401, which fails every case that needs a token.
  expect(verdicts).toHaveLength(allCases.length);
  expect(failedIds(verdicts)).toEqual([]);
  const exchanges = server.requests.filter(isExchange);
  expect(exchanges.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < exchanges.length; i += 1) {
    const previousIssuedAt = (exchanges[i - 1] as SeenRequest).finishedAt as number;
    expect((exchanges[i] as SeenRequest).startedAt).toBeLessThan(previousIssuedAt + ttlMs);
  }
});

test('a request held back by a Retry-After longer than the token lives goes out with a fresh token', async () => {
  let limited = false;
  const target = await startMisbehavingServer({
    upstream: { tokenTtlSeconds: 0.5 },
    script: (request): Misbehaviour => {
      if (limited || isExchange(request)) return { kind: 'forward' };
      limited = true;
      return { kind: 'answer', status: 429, headers: { 'retry-after': '1' } };
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
