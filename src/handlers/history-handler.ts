import { basename } from 'node:path';
import type { Emit, RunEvent, RunHandler } from '../engine/events';
import type { History } from '../history/history-file';
import { recordOfFinishedRun, updateHistory } from '../history/run-history';
import type { ReportsLayout } from '../reports/run-folder';

/** STREAMKAP_HISTORY_FILE: every run joins the history, written atomically; one that judged nothing is recorded as such and is never a baseline. */
export class HistoryHandler implements RunHandler {
  constructor(
    private readonly kept: { file: string; history: History; runs: number },
    private readonly warn: (line: string) => void,
    /** The configured target, for a run that ended before it settled one. */
    private readonly configuredBaseUrl?: string,
    /** Where the run's reports are kept, and whether it reruns chosen cases. */
    private readonly reports?: Pick<ReportsLayout, 'run' | 'rerun'>,
  ) {}

  async handle(event: RunEvent, emit: Emit): Promise<void> {
    if (event.type !== 'run-finished') return;
    const { run } = event;
    // Every run, whatever stopped it: a night that could not check must reach the alert too.
    const kept = this.reports && { folder: basename(this.reports.run), rerun: this.reports.rerun === true };
    const record = recordOfFinishedRun(run, this.configuredBaseUrl, kept);
    try {
      const history = updateHistory(this.kept.file, this.kept.history, record, this.kept.runs);
      await emit({ type: 'history-recorded', at: event.at, history });
    } catch (error) {
      // The run's verdict stands; only its memory failed.
      this.warn(
        `streamkap-conformance: warning: the history could not be written to ${this.kept.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
    }
  }
}
