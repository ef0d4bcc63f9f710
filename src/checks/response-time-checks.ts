import type { Finding, Warning } from '../model';
import type { Check, WarningRule } from './observation';
import type { ResponseTimeBudgets } from './response-time-budgets';

/** The response-time budgets as a check (the max) and a warning rule (degraded), per attempt that answered. */

/** The answer came within STREAMKAP_MAX_RESPONSE_MS. */
export function responseTimeWithinBudget(durationMs: number, maxResponseMs: number | undefined): Finding[] {
  if (maxResponseMs === undefined || durationMs <= maxResponseMs) return [];
  return [
    {
      check: 'response_time_within_budget',
      title: `Answered in ${durationMs} ms, over the ${maxResponseMs} ms budget`,
      message: `The answer took ${durationMs} ms; STREAMKAP_MAX_RESPONSE_MS allows at most ${maxResponseMs} ms per request attempt.`,
    },
  ];
}

/** A `degraded` warning for an answer slower than STREAMKAP_DEGRADED_MS; none once it is over the max budget, which fails instead. */
export function degradedWarnings(durationMs: number, budgets: ResponseTimeBudgets): Warning[] {
  const { degradedMs, maxResponseMs } = budgets;
  if (degradedMs === undefined || durationMs <= degradedMs) return [];
  if (maxResponseMs !== undefined && durationMs > maxResponseMs) return [];
  return [
    {
      code: 'degraded',
      title: `Degraded: answered in ${durationMs} ms`,
      message: `The answer took ${durationMs} ms, over STREAMKAP_DEGRADED_MS (${degradedMs} ms)${maxResponseMs === undefined ? '' : ` but within STREAMKAP_MAX_RESPONSE_MS (${maxResponseMs} ms)`}.`,
    },
  ];
}

/** The answering attempt came within STREAMKAP_MAX_RESPONSE_MS. */
export const responseTimeWithinBudgetCheck: Check = ({ attemptMs, budgets }) => responseTimeWithinBudget(attemptMs, budgets.maxResponseMs);

/** The answering attempt came within STREAMKAP_DEGRADED_MS, or it is flagged degraded. */
export const degradedAnswer: WarningRule = ({ attemptMs, budgets }) => degradedWarnings(attemptMs, budgets);
