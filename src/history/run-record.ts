/**
 * One run as the history, the trend strip and the metrics see it: small on purpose, so that it
 * outlives changes to summary.json. The CLI builds one from its verdicts at the end of a run.
 */
import type { RunOutcome } from '../exit-status';
import { isCaseVerdict, type Outcome, type VerdictTier } from '../model';

export { caseKey } from '../model';

/**
 * How a run went, as its exit status says it; histories written before the outcomes were told
 * apart say `errored` for whatever was neither passed nor failed.
 */
export type RecordedOutcome = RunOutcome | 'errored';

/** Whether a run judged its cases, and so may be a baseline: one that could not check or was interrupted judged nothing for certain. */
export const judgedTheContract = (run: Pick<RunRecord, 'outcome' | 'cases'>): boolean =>
  run.outcome !== 'could-not-check' && run.outcome !== 'interrupted' && run.cases.length > 0;

export interface CaseRecord {
  id: string;
  tier: VerdictTier;
  /** The pipeline the case ran against, when it depends on one. */
  pipelineId?: string;
  outcome: Outcome;
  durationMs: number;
}

export interface RunRecord {
  /** ISO 8601 instant the run started. */
  startedAt: string;
  durationMs: number;
  baseUrl: string;
  exitCode: number;
  outcome: RecordedOutcome;
  cases: CaseRecord[];
  /** It reran chosen cases (--case): it judged only those, so it is never a baseline. */
  rerun?: boolean;
  /** Its reports' folder under the reports folder's runs/, while it is kept there. */
  reports?: string;
}

/**
 * The runs a run's history view is made of: a full run sees full runs only (a rerun of a few cases
 * stands in for no night), a rerun of chosen cases sees every run.
 */
export const seenBy =
  (rerun: boolean) =>
  (run: Pick<RunRecord, 'rerun'>): boolean =>
    rerun || run.rerun !== true;

/** A run's verdict from its cases; a run with none (stopped by a setting error) errored. */
export function runOutcomeOf(cases: readonly Pick<CaseRecord, 'outcome'>[]): RecordedOutcome {
  if (cases.some((c) => c.outcome === 'failed')) return 'failed';
  if (cases.length === 0 || cases.some((c) => c.outcome === 'errored')) return 'errored';
  return 'passed';
}

/**
 * Only cases that got an answer and were judged have a response time worth comparing: a skipped
 * case was never sent, an errored one mostly measures a timeout or the retries' waiting, and the
 * live contract's verdict timed no request of the endpoint.
 */
export const hasResponseTime = (c: Pick<CaseRecord, 'outcome' | 'tier'>): boolean =>
  isCaseVerdict(c) && (c.outcome === 'passed' || c.outcome === 'failed');

/** The 95th percentile of the run's response times (nearest rank), or undefined when no case was answered. */
export function p95ResponseMs(run: Pick<RunRecord, 'cases'>): number | undefined {
  const times = run.cases
    .filter(hasResponseTime)
    .map((c) => c.durationMs)
    .sort((a, b) => a - b);
  if (times.length === 0) return undefined;
  return times[Math.ceil(0.95 * times.length) - 1];
}

export type OutcomeTotals = Record<Outcome, number> & { cases: number };

export function outcomeTotals(run: Pick<RunRecord, 'cases'>): OutcomeTotals {
  const totals: OutcomeTotals = { cases: run.cases.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const c of run.cases) totals[c.outcome] += 1;
  return totals;
}
