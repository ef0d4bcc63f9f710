import { CPU_MS_PER_REQUEST_TARGET, describeGenerationCost, measureGenerationCost } from '../../src/bench/generation-cost';

// The generation bench's arithmetic and wiring, at a small scale; its verdict on the target is npm run bench's alone.
test('the generation bench counts the generated requests it measured and divides like with like', async () => {
  const cost = await measureGenerationCost({ budget: 40, coverage: false, warmUpRequests: 40 });
  expect(cost.requests).toBe(40);
  expect(cost.concurrency).toBe(8);
  expect(cost.wallMs).toBeGreaterThan(0);
  expect(cost.requestsPerSecond).toBeCloseTo((cost.requests * 1000) / cost.wallMs, 6);
  expect(cost.cpuMsPerRequest).toBeGreaterThan(0);
  expect(describeGenerationCost(cost)).toContain(`target ${CPU_MS_PER_REQUEST_TARGET} ms`);
});
