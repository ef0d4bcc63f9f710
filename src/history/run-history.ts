import { type FinishedRun, NO_TARGET } from '../engine/events';
import type { ExitStatus } from '../exit-status';
import type { Verdict } from '../model';
import { appendRun, type History, writeHistory } from './history-file';
import { judgedTheContract, type RunRecord, seenBy } from './run-record';
import type { HistoryView } from './history-view';
import { describeStreak, failingStreaks, flakyCases, runTrend } from './trends';

/** The run as the history and the metrics keep it: the table id, and the pipeline as its own field. */
function recordOfRun(
  run: { startedAt: string; finishedAt: string; baseUrl: string },
  exit: ExitStatus,
  verdicts: readonly Verdict[],
): RunRecord {
  return {
    startedAt: run.startedAt,
    durationMs: Date.parse(run.finishedAt) - Date.parse(run.startedAt),
    baseUrl: run.baseUrl,
    exitCode: exit.code,
    outcome: exit.outcome,
    cases: verdicts.map((v) => ({
      id: v.caseId,
      tier: v.tier,
      ...(v.pipelineId !== undefined && { pipelineId: v.pipelineId }),
      outcome: v.outcome,
      durationMs: v.durationMs,
    })),
  };
}

/**
 * The record of a finished run, whatever stopped it: one that never settled its target goes under
 * the configured one. `reports`: where its reports are kept, and whether it reran chosen cases.
 */
export function recordOfFinishedRun(
  run: FinishedRun,
  configuredBaseUrl: string | undefined,
  reports?: { folder: string; rerun: boolean },
): RunRecord {
  const baseUrl = run.target?.baseUrl ?? configuredBaseUrl ?? NO_TARGET;
  return {
    ...recordOfRun({ startedAt: run.startedAt, finishedAt: run.finishedAt, baseUrl }, run.exit, run.verdicts),
    ...(reports?.rerun && { rerun: true }),
    ...(reports && { reports: reports.folder }),
  };
}

/**
 * Adds the run to the history, writes it atomically, and returns what the reports show: the trend,
 * streaks and flakes of this target alone, since one history file may hold several.
 */
export function updateHistory(file: string, history: History, record: RunRecord, keep: number): HistoryView {
  const updated = appendRun(history, record, keep);
  writeHistory(file, updated);
  const runs = updated.runs.filter((run) => run.baseUrl === record.baseUrl && seenBy(record.rerun === true)(run));
  const judged = runs.filter(judgedTheContract);
  return {
    file,
    runs: runs.length,
    trend: runTrend(runs),
    failingSince: Object.fromEntries(failingStreaks(judged).map((streak) => [streak.key, describeStreak(streak)])),
    flaky: flakyCases(judged),
  };
}
