import type { Outcome } from '../model';
import type { Baseline } from '../reports/baseline';
import type { History } from './history-file';
import { caseKey, judgedTheContract, seenBy } from './run-record';

/**
 * The history's latest run as the baseline compareWithBaseline() takes, so a workflow that keeps
 * the history needs no separate summary.json. Read the history before appending the current run.
 * Outcomes are keyed by caseKey(): the case id alone unless the case ran for a named pipeline.
 * Only a run of the same target that judged its cases, and for a full run a full one (`rerun`: this
 * run reruns chosen cases); undefined when there is none (the first run has nothing to compare with).
 */
export function baselineFromHistory(history: History, file: string, baseUrl: string | undefined, rerun = false): Baseline | undefined {
  // Another target's run, or one that judged nothing (could not check, interrupted), compares with nothing.
  const latest = history.runs.filter((run) => run.baseUrl === baseUrl && judgedTheContract(run) && seenBy(rerun)(run)).at(-1);
  if (latest === undefined) return undefined;
  const outcomes = new Map<string, Outcome>(latest.cases.map((c) => [caseKey(c), c.outcome]));
  return { file, startedAt: latest.startedAt, baseUrl: latest.baseUrl, outcomes };
}
