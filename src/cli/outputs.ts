import { canonicalValues } from '../causes/simplicity';
import type { Contract } from '../contract';
import type { RunHandler } from '../engine/events';
import { CauseHandler } from '../handlers/cause-handler';
import type { Console } from '../handlers/console';
import { ConsoleHandler } from '../handlers/console-handler';
import { EventFileHandler } from '../handlers/event-file-handler';
import { FailuresHarHandler } from '../handlers/failures-har-handler';
import { HistoryHandler } from '../handlers/history-handler';
import { MetricsHandler } from '../handlers/metrics-handler';
import { ProgressHandler } from '../handlers/progress-handler';
import { ReportsHandler, type ReportsSettings } from '../handlers/reports-handler';
import type { Redactor } from '../redaction';
import type { AlertingSettings } from '../settings';
import type { KeptHistory } from './prepare-run';

/** The process's console: stdout, stderr, and a live progress line on a terminal. */
export const processConsole: Console = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ...(process.stdout.isTTY && { live: (text: string) => void process.stdout.write(text) }),
};

/** What every run's outputs share, whatever stopped it. */
export interface OutputsBase {
  io: Console;
  redactor: Redactor;
  reports: ReportsSettings;
  alerting: AlertingSettings;
  kept?: KeptHistory;
}

/** The history and the metrics push: a run that checked nothing must reach the alert too. */
function alerts(base: OutputsBase): RunHandler[] {
  // A warning may quote what a server echoed (a Pushgateway that repeats the request): redacted like everything printed.
  const warn = (line: string) => base.io.err(base.redactor.redact(line));
  return [
    ...(base.kept ? [new HistoryHandler(base.kept, warn, base.alerting.baseUrl, base.reports.layout)] : []),
    new MetricsHandler(base.alerting.push, warn, base.redactor, base.alerting.baseUrl),
  ];
}

/** The outputs of a run that may yet stop before any case: the alerting, the reports and the console. */
export const outputsBeforeTheTarget = (base: OutputsBase, console: ConsoleHandler): RunHandler[] => [
  ...alerts(base),
  new ReportsHandler(base.reports, base.redactor),
  console,
];

/** Every output of a run that reached its target, in the order they hear each event. */
export function outputsOfTheRun(base: OutputsBase, run: { contract: Contract; progressMs: number; verbose: boolean }): RunHandler[] {
  const progress = new ProgressHandler(base.io, run.progressMs);
  return [
    // Before the causes: the lines of the cases never sent come before the cause-found lines.
    new EventFileHandler(base.reports.layout, base.redactor),
    // Before the reports output, which copies it to the top level with the rest.
    new FailuresHarHandler(base.reports.layout, base.redactor),
    // Then every other output hears of the causes before it hears that the run finished.
    new CauseHandler(canonicalValues(run.contract)),
    progress,
    ...alerts(base),
    new ReportsHandler({ ...base.reports, contract: run.contract }, base.redactor),
    new ConsoleHandler(base.io, base.redactor, { progress, verbose: run.verbose }),
  ];
}
