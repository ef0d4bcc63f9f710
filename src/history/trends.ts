/**
 * What the history says about each case and about the runs as a whole. The history's runs are
 * oldest first and end with the current run (append it before asking).
 *
 * Only `passed` and `failed` speak about the contract, so only they move a case's story:
 * an `errored` or `skipped` run of a case (or a run without it) neither breaks a failing streak
 * nor counts in it, and is no flip between passed and failed.
 */
import type { Outcome } from '../model';
import { caseKey, type OutcomeTotals, outcomeTotals, p95ResponseMs, type RecordedOutcome, type RunRecord } from './run-record';

export interface FailingStreak {
  /** caseKey of the case. */
  key: string;
  /** When the first run of the streak started (ISO 8601). */
  since: string;
  /** How many runs of the streak failed the case, this one included. */
  runs: number;
}

export interface FlakyCase {
  key: string;
  /** How often the case went from passed to failed or back within the window. */
  flips: number;
  /** Runs in the window that passed or failed it. */
  judgedRuns: number;
}

/**
 * A case is flaky when it failed, passed, then failed again in the window: two separate spells of
 * failing. A failure that came once and was fixed is a fix, not a flake.
 */
const FLAKY_FAILING_SPELLS = 2;

/** Each case's judged outcomes, oldest first. */
function judgedOutcomes(runs: readonly RunRecord[]): Map<string, Array<{ startedAt: string; outcome: Outcome }>> {
  const byCase = new Map<string, Array<{ startedAt: string; outcome: Outcome }>>();
  for (const run of runs) {
    for (const c of run.cases) {
      if (c.outcome !== 'passed' && c.outcome !== 'failed') continue;
      const key = caseKey(c);
      const list = byCase.get(key) ?? [];
      list.push({ startedAt: run.startedAt, outcome: c.outcome });
      byCase.set(key, list);
    }
  }
  return byCase;
}

/** The cases the latest run failed, with how long each has been failing. */
export function failingStreaks(runs: readonly RunRecord[]): FailingStreak[] {
  const latest = runs.at(-1);
  if (latest === undefined) return [];
  const history = judgedOutcomes(runs);
  const streaks: FailingStreak[] = [];
  for (const c of latest.cases) {
    if (c.outcome !== 'failed') continue;
    const judged = history.get(caseKey(c)) ?? [];
    let start = judged.length;
    while (start > 0 && judged[start - 1]?.outcome === 'failed') start -= 1;
    const first = judged[start];
    if (first !== undefined) streaks.push({ key: caseKey(c), since: first.startedAt, runs: judged.length - start });
  }
  return streaks;
}

/** Cases whose judged outcome changed more than once in the window, most flips first. */
export function flakyCases(runs: readonly RunRecord[]): FlakyCase[] {
  const flaky: FlakyCase[] = [];
  for (const [key, judged] of judgedOutcomes(runs)) {
    const flips = judged.filter((entry, i) => i > 0 && entry.outcome !== judged[i - 1]?.outcome).length;
    const spells = judged.filter((entry, i) => entry.outcome === 'failed' && judged[i - 1]?.outcome !== 'failed').length;
    if (spells >= FLAKY_FAILING_SPELLS) flaky.push({ key, flips, judgedRuns: judged.length });
  }
  return flaky.sort((a, b) => b.flips - a.flips || a.key.localeCompare(b.key));
}

/** One run as the trend strip shows it. */
export interface RunTrendPoint {
  startedAt: string;
  outcome: RecordedOutcome;
  exitCode: number;
  totals: OutcomeTotals;
  /** Undefined when no case was answered (a run stopped by its settings, or the target down). */
  p95Ms?: number;
}

export function runTrend(runs: readonly RunRecord[]): RunTrendPoint[] {
  return runs.map((run) => ({
    startedAt: run.startedAt,
    outcome: run.outcome,
    exitCode: run.exitCode,
    totals: outcomeTotals(run),
    p95Ms: p95ResponseMs(run),
  }));
}

/** "failing since 2025-06-01 (3 runs)", as a report line says it. */
export function describeStreak(streak: FailingStreak): string {
  return `failing since ${streak.since.slice(0, 10)} (${streak.runs} ${streak.runs === 1 ? 'run' : 'runs'})`;
}
