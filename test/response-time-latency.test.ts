/**
 * Budgets through the engine, against servers with added latency: the run's own client times each
 * answering attempt, and the judge turns it into a degraded warning or a failure of
 * response_time_within_budget. A retry's backoff is not the answer's time.
 */
import { mustAccept } from '../cases/must-accept';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { startMisbehavingServer } from './resilience/misbehaving-server';
import { runAgainst } from './support/run-against';

const LATENCY_MS = 150;
const smoke = mustAccept.filter((c) => c.tags.includes('smoke'));

test('a slow answer is degraded at one threshold, fails at the other, and passes a generous budget', async () => {
  const server = await startReferenceServer({ latencyMs: LATENCY_MS });
  try {
    const degraded = await runAgainst(server, { cases: smoke, settings: { budgets: { degradedMs: 50, maxResponseMs: 2000 } } });
    expect(degraded.map((v) => [v.outcome, v.warnings.map((w) => w.code)])).toEqual(smoke.map(() => ['passed', ['degraded']]));

    const failing = await runAgainst(server, { cases: smoke, settings: { budgets: { degradedMs: 50, maxResponseMs: 100 } } });
    for (const verdict of failing) {
      expect(verdict.outcome).toBe('failed');
      expect(verdict.findings.map((f) => f.check)).toEqual(['response_time_within_budget']);
      // Over the max it fails; it is not also "degraded".
      expect(verdict.warnings).toEqual([]);
    }

    const generous = await runAgainst(server, { cases: smoke, settings: { budgets: { degradedMs: 3000, maxResponseMs: 4000 } } });
    expect(generous.map((v) => [v.outcome, v.warnings.length])).toEqual(smoke.map(() => ['passed', 0]));
  } finally {
    await server.close();
  }
});

test('the budget judges the answering attempt, not the backoff before it', async () => {
  // The first attempt gets a 503 at once; the retry, after a 300 ms backoff, is answered quickly.
  const target = await startMisbehavingServer({
    script: (request) => (request.attempt === 1 ? { kind: 'answer', status: 503 } : { kind: 'forward' }),
  });
  try {
    const [verdict] = await runAgainst(target.upstream, {
      cases: smoke.slice(0, 1),
      settings: { baseUrl: target.baseUrl, budgets: { maxResponseMs: 250 } },
      context: { retryBaseMs: 600 },
    });
    expect(verdict?.retries).toBe(1);
    expect(verdict?.durationMs).toBeGreaterThan(250);
    expect(verdict?.outcome).toBe('passed');
  } finally {
    await target.close();
  }
});
