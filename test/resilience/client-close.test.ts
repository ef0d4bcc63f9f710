/**
 * A run's end closes its client: requests still queued at the rate gate are not sent, and one in
 * flight is dropped with its deadline, so nothing of the run outlives it (in-process runs and
 * tests included) and nothing more reaches the target.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '../../src/http/http-client';
import { RateGate } from '../../src/http/rate-gate';
import { ManualClock } from '../support/manual-clock';

test('after close, queued requests end as CLIENT_CLOSED unsent, the one in flight is dropped, and no deadline is left', async () => {
  const held: ServerResponse[] = [];
  let arrived = 0;
  // Never answers: the first request stays in flight until the client drops it.
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    arrived += 1;
    held.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pipelines/p/metrics`;
  // A clock that never moves: the gate lets one request through, and only close can release the others.
  const clock = new ManualClock();
  const client = createHttpClient({ timeoutMs: 60_000, retries: 0, gate: new RateGate(1, clock), clock });
  try {
    const results = [1, 2, 3].map(() => client.get(url, {}));
    while (arrived === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    client.close();
    const [inFlight, ...queued] = await Promise.all(results);
    expect(inFlight?.error).toMatchObject({ code: 'CLIENT_CLOSED', message: 'the run ended while this request was in flight' });
    for (const result of queued)
      expect(result.error).toMatchObject({ code: 'CLIENT_CLOSED', message: 'the run ended before this request was sent' });
    expect(arrived).toBe(1);
    expect(clock.nextTimerIn()).toBeUndefined();
  } finally {
    for (const response of held) response.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
