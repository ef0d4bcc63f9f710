import { allCases } from '../../cases';
import { measureLatencyOverhead } from '../../src/bench/latency-overhead';

// The bench's arithmetic and wiring, at a small scale; its timing verdict is npm run bench's alone.
test('the latency bench counts the requests the server saw and compares like with like', async () => {
  const result = await measureLatencyOverhead({
    latencyMs: 20,
    env: { STREAMKAP_MAX_RPS: '1000' },
    cases: allCases.filter((c) => c.tier === 'accept').slice(0, 4),
  });
  expect(result.requests).toBe(5); // the preflight and four cases
  expect(result.concurrency).toBe(4);
  expect(result.idealAddedMs).toBe((5 * 20) / 4);
  expect(result.addedMs).toBeCloseTo(result.withLatencyMs - result.zeroLatencyMs, 6);
  expect(result.ratio).toBeCloseTo(result.addedMs / result.idealAddedMs, 6);
  // Physically certain: the preflight, then one round of four, each waits 20 ms.
  expect(result.withLatencyMs).toBeGreaterThanOrEqual(40);
});
