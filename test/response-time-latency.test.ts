/**
 * Budgets against a server with added latency: the run's own client times a real answer from a
 * reference server that waits 150 ms, and the check and the warning judge that duration.
 */
import { degradedWarnings, responseTimeWithinBudget } from '../src/checks/response-time-checks';
import { createHttpClient } from '../src/http/http-client';
import { RateGate } from '../src/http/rate-gate';
import { startReferenceServer } from '../src/reference-server/reference-server';

const LATENCY_MS = 150;

test('a slow answer is degraded at one threshold and fails at the other; a generous budget lets it pass', async () => {
  const server = await startReferenceServer({ latencyMs: LATENCY_MS });
  const client = createHttpClient({ timeoutMs: 5000, retries: 0, gate: new RateGate(100) });
  try {
    const result = await client.get(`${server.baseUrl}/pipelines/${server.pipelineId}/metrics`, {
      authorization: `Bearer ${server.token}`,
    });
    expect(result.response?.status).toBe(200);
    const took = result.durationMs;
    expect(took).toBeGreaterThanOrEqual(LATENCY_MS);

    const degradedOnly = { degradedMs: 50, maxResponseMs: 2000 };
    expect(degradedWarnings(took, degradedOnly).map((w) => w.code)).toEqual(['degraded']);
    expect(responseTimeWithinBudget(took, degradedOnly.maxResponseMs)).toEqual([]);

    const failing = { degradedMs: 50, maxResponseMs: 100 };
    expect(responseTimeWithinBudget(took, failing.maxResponseMs).map((f) => f.check)).toEqual(['response_time_within_budget']);
    expect(degradedWarnings(took, failing)).toEqual([]);

    const generous = { degradedMs: 3000, maxResponseMs: 4000 };
    expect(degradedWarnings(took, generous)).toEqual([]);
    expect(responseTimeWithinBudget(took, generous.maxResponseMs)).toEqual([]);
  } finally {
    client.close();
    await server.close();
  }
});
