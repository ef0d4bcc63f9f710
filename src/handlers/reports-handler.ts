import type { Cause } from '../causes/run-causes';
import type { Contract } from '../contract';
import type { Emit, RunEvent, RunHandler } from '../engine/events';
import type { HistoryView } from '../history/history-view';
import type { Redactor } from '../redaction';
import type { Baseline } from '../reports/baseline';
import type { MetricsPush } from '../reports/summary';
import type { ReportsLayout } from '../reports/run-folder';
import { copyToTheTop, REPORT_FILES, writeNotCheckedReports, writeReports } from '../reports/write-reports';

export interface ReportsSettings {
  /** The run's own folder, and the top level unless it is left alone. */
  layout: ReportsLayout;
  /** Needed for full reports; a run that ends before it loads the contract writes only the short ones. */
  contract?: Contract;
  baseline?: Baseline;
  /** $GITHUB_STEP_SUMMARY, which gets summary.md appended. */
  stepSummaryFile?: string;
}

/**
 * summary.json, summary.md, report.html, coverage.json, junit.xml and metrics.prom, written once
 * the run is over, with what the history and the metrics made of it; a run that checked nothing
 * leaves a short "could not check" summary instead, and nothing that looks green. Written to the
 * run's own folder, then copied to the top level when the run has it.
 */
export class ReportsHandler implements RunHandler {
  private history?: HistoryView;
  private metrics?: { text: string; push?: MetricsPush };
  private causes?: Cause[];

  constructor(
    private readonly settings: ReportsSettings,
    private readonly redactor: Redactor,
  ) {}

  async handle(event: RunEvent, emit: Emit): Promise<void> {
    const { layout } = this.settings;
    const dir = layout.run;
    // Where a person should look: the top level when it is this run's.
    const where = {
      dir: layout.leftAlone === undefined ? layout.top : layout.run,
      kept: layout.run,
      ...(layout.leftAlone && { leftAlone: layout.leftAlone }),
    };
    switch (event.type) {
      case 'history-recorded':
        this.history = event.history;
        return;
      case 'metrics-rendered':
        this.metrics = { text: event.text, ...(event.push && { push: event.push }) };
        return;
      case 'cause-found':
        (this.causes ??= []).push(event.cause);
        return;
      case 'run-finished': {
        const { run } = event;
        if (run.info === undefined) {
          const target = run.target && { baseUrl: run.target.baseUrl, embedded: run.target.embedded };
          const unwritten = writeNotCheckedReports(
            dir,
            {
              startedAt: run.startedAt,
              exit: run.exit,
              setting: run.failure?.setting,
              ...(target && { target }),
              ...(this.settings.contract && { contract: this.settings.contract }),
              ...(this.metrics && { metricsText: this.metrics.text }),
            },
            this.redactor,
            this.settings.stepSummaryFile,
          );
          if (unwritten === undefined) copyToTheTop(layout);
          return emit({ type: 'reports-written', at: event.at, ...where, files: [], ...(unwritten && { unwritten }) });
        }
        const { contract } = this.settings;
        if (contract === undefined) throw new Error('the reports output was given no contract, so it cannot write full reports');
        const summary = writeReports(
          dir,
          {
            ...run.info,
            finishedAt: run.finishedAt,
            exit: run.exit,
            ...(this.history && { history: this.history }),
            ...(this.metrics?.push && { metricsPush: this.metrics.push }),
          },
          run.verdicts,
          this.redactor,
          {
            baseline: this.settings.baseline,
            stepSummaryFile: this.settings.stepSummaryFile,
            contract,
            generatedQueries: run.generatedQueries,
            metricsText: this.metrics?.text,
            ...(this.causes && { causes: this.causes }),
          },
        );
        copyToTheTop(layout);
        return emit({ type: 'reports-written', at: event.at, ...where, files: REPORT_FILES, summary });
      }
      default:
        return;
    }
  }
}
