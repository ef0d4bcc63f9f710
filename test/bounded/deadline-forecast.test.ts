import fc from 'fast-check';
import { loadContract } from '../../src/contract';
import { describeForecast, forecastDeadline } from '../../src/engine/deadline-forecast';
import type { RunEvent } from '../../src/engine/events';
import { runConformance } from '../../src/engine/run-conformance';
import { createRunContext } from '../../src/engine/run-context';
import { Progress } from '../../src/cli/progress';
import { buildPlan } from '../../src/plan';
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { settingsFor } from '../support/run-against';

describe('the forecast of a run against its deadline', () => {
  const pace = fc.record({
    done: fc.integer({ min: 1, max: 5000 }),
    msPerRequest: fc.integer({ min: 1, max: 10_000 }),
    deadlineMs: fc.integer({ min: 1000, max: 86_400_000 }),
    others: fc.integer({ min: 0, max: 3000 }),
    generated: fc.integer({ min: 0, max: 100_000 }),
  });

  test('says nothing when the plan fits, and when it does not, suggests budgets that do fit at the same pace', () => {
    fc.assert(
      fc.property(pace, ({ done, msPerRequest, deadlineMs, others, generated }) => {
        const plannedRequests = Math.max(done, others + generated);
        const forecast = forecastDeadline({
          done,
          elapsedMs: done * msPerRequest,
          deadlineMs,
          plannedRequests,
          plannedGeneratedRequests: Math.min(generated, plannedRequests),
        });
        const projectedMs = plannedRequests * msPerRequest;
        if (projectedMs <= deadlineMs) return forecast === undefined;
        if (forecast === undefined) return false;
        const othersPlanned = plannedRequests - Math.min(generated, plannedRequests);
        // The suggested deadline covers the projection; the suggested random phase fits beside the rest.
        const fitsDeadline = forecast.runTimeoutNeededS * 1000 >= projectedMs;
        const fitsBudget =
          forecast.generatedRequestsThatFit === 0 || (othersPlanned + forecast.generatedRequestsThatFit) * msPerRequest <= deadlineMs;
        return fitsDeadline && fitsBudget && forecast.generatedRequestsThatFit <= Math.min(generated, plannedRequests);
      }),
    );
  });

  test('the console names both settings and the order the deadline is spent in', () => {
    const forecast = forecastDeadline({
      done: 20,
      elapsedMs: 60_000,
      deadlineMs: 1_800_000,
      plannedRequests: 2800,
      plannedGeneratedRequests: 2000,
    });
    const text = describeForecast(forecast!);
    expect(text).toContain(`STREAMKAP_RUN_TIMEOUT_S=${forecast!.runTimeoutNeededS}`);
    expect(text).toContain('STREAMKAP_RUN_TIMEOUT_S=1800');
    expect(text).toMatch(/even with STREAMKAP_GENERATED_REQUESTS=0/);
    const roomier = forecastDeadline({
      done: 20,
      elapsedMs: 60_000,
      deadlineMs: 3_600_000,
      plannedRequests: 2800,
      plannedGeneratedRequests: 2000,
    });
    expect(describeForecast(roomier!)).toContain(`STREAMKAP_GENERATED_REQUESTS=${roomier!.generatedRequestsThatFit}`);
    expect(roomier!.generatedRequestsThatFit).toBeGreaterThan(0);
  });

  test('the progress line never promises time past the deadline', () => {
    let now = 0;
    const progress = new Progress({
      cases: 10,
      requests: 1000,
      everyMs: 1000,
      tty: false,
      write: () => undefined,
      now: () => now,
      deadlineMs: 60_000,
    });
    for (let i = 0; i < 10; i += 1) progress.countRequest();
    now = 30_000; // 10 requests in 30 s: 990 more need 2970 s, and the deadline leaves 30
    expect(progress.line()).toMatch(/the deadline stops it in about 30 s, about \d+ requests short/);
    expect(progress.line()).not.toMatch(/s left/);
  });
});

describe('a run against a target too slow for its deadline', () => {
  /** A clock on which every reading is `stepMs` later: a target that takes seconds per answer, without waiting for it. */
  const slowClock = (stepMs: number) => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    return () => new Date((t += stepMs));
  };

  async function run(now: (() => Date) | undefined, concurrency: number) {
    const server = await startReferenceServer();
    const events: RunEvent[] = [];
    // Five minutes: the slow clock's pace needs far more for this plan, the real one far less.
    const settings = settingsFor(server, { concurrency, runTimeoutMs: 300_000 });
    const context = createRunContext(settings, { retryBaseMs: 5 });
    try {
      // A share of each part of the plan, in the plan's order: tables, coverage rows, properties.
      const whole = buildPlan({ contract: loadContract(), tags: [], limitedTokenConfigured: true, generatedRequests: 40, seed: 7 });
      const tables = whole.planned.filter((p) => !p.property && !p.testCase.tags.includes('generated')).slice(0, 40);
      const coverage = whole.planned.filter((p) => !p.property && p.testCase.tags.includes('generated')).slice(0, 40);
      const plan = { ...whole, planned: [...tables, ...coverage, ...whole.planned.filter((p) => p.property)] };
      await runConformance({ settings, context, plan, embedded: false, emit: async (e) => void events.push(e), ...(now && { now }) });
      return events;
    } finally {
      context.close();
      await server.close();
    }
  }

  test('is told so once, early, with the budgets that would fit; a target that keeps pace is told nothing', async () => {
    const slow = await run(slowClock(3000), 8);
    const forecasts = slow.filter((e) => e.type === 'deadline-forecast');
    expect(forecasts).toHaveLength(1);
    const started = slow.find((e) => e.type === 'run-started');
    const forecast = forecasts[0]?.type === 'deadline-forecast' ? forecasts[0].forecast : undefined;
    expect(started?.type === 'run-started' && forecast !== undefined && forecast.requestsDone < started.requests / 2).toBe(true);
    expect((await run(undefined, 8)).some((e) => e.type === 'deadline-forecast')).toBe(false);
  });

  test('spends its requests on the case tables and the coverage phase before the random phase', async () => {
    const events = await run(undefined, 1);
    const firstGenerated = events.findIndex((e) => e.type === 'generated-request-finished');
    const single = events.map((e, i) => (e.type === 'case-finished' && e.verdict.origin !== 'property' && !e.sentAgain ? i : -1));
    const lastSingle = Math.max(...single);
    const coverageRows = events.filter(
      (e) => e.type === 'case-finished' && e.verdict.origin !== 'property' && e.verdict.tags.includes('generated'),
    );
    expect(coverageRows.length).toBeGreaterThan(0);
    expect(firstGenerated).toBeGreaterThan(0);
    expect(lastSingle).toBeLessThan(firstGenerated);
  });
});
