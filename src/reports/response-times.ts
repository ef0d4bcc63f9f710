import type { ResponseTimeBudgets } from '../checks/response-time-budgets';
import { isCaseVerdict, type Outcome, type Tier, type VerdictTier } from '../model';

/**
 * Response-time statistics per tier and for the whole run. Percentiles are nearest-rank: the
 * p-th percentile of n sorted durations is the one at rank ceil(p/100 × n), so it is always a
 * duration that was measured (p50 of 1, 2, 3, 4 is 2; p95 of 20 values is the 19th). Skipped
 * cases sent nothing and are left out; every other case counts with the duration it took.
 */

/**
 * What stands for one request of the endpoint each: a generated property's verdict stands for
 * many (its time is their sum) and the live contract's for none, so per-request figures
 * (statistics, chart, slowest cases) leave both out.
 */
export const oneRequestEach = <T extends { generated?: unknown; tier: VerdictTier }>(items: readonly T[]): Array<T & { tier: Tier }> =>
  items.filter(isCaseVerdict).filter((item) => item.generated === undefined);

export interface ResponseTimeSample {
  tier: Tier;
  durationMs: number;
  outcome: Outcome;
}

interface ResponseTimeStats {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ResponseTimeStatistics {
  /** Undefined when no case was sent. */
  run?: ResponseTimeStats;
  /** Only the tiers with at least one case sent, in the order first seen. */
  byTier: Partial<Record<Tier, ResponseTimeStats>>;
}

/** The nearest-rank percentile `p` (0 < p ≤ 100) of durations sorted ascending. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no durations');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

function stats(durations: readonly number[]): ResponseTimeStats {
  const sorted = [...durations].sort((a, b) => a - b);
  return { count: sorted.length, p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95), max: sorted[sorted.length - 1] as number };
}

export function responseTimeStatistics(samples: readonly ResponseTimeSample[]): ResponseTimeStatistics {
  const sent = samples.filter((s) => s.outcome !== 'skipped');
  const tiers = new Map<Tier, number[]>();
  for (const s of sent) tiers.set(s.tier, [...(tiers.get(s.tier) ?? []), s.durationMs]);
  const byTier: Partial<Record<Tier, ResponseTimeStats>> = {};
  for (const [tier, durations] of tiers) byTier[tier] = stats(durations);
  return { ...(sent.length > 0 ? { run: stats(sent.map((s) => s.durationMs)) } : {}), byTier };
}

/** One line: the run's response times and the budgets they were held to. */
export function describeResponseTimes(statistics: ResponseTimeStatistics, budgets: ResponseTimeBudgets): string | undefined {
  const run = statistics.run;
  if (!run) return undefined;
  const held = [
    ...(budgets.degradedMs !== undefined ? [`degraded above ${budgets.degradedMs} ms`] : []),
    ...(budgets.maxResponseMs !== undefined ? [`failing above ${budgets.maxResponseMs} ms`] : []),
  ];
  return `Response times: p50 ${run.p50} ms, p95 ${run.p95} ms, max ${run.max} ms over ${run.count} requests${held.length > 0 ? ` (budgets: ${held.join(', ')})` : ''}.`;
}
