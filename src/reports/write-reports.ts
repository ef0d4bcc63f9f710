import { appendFileSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Cause, findCauses } from '../causes/run-causes';
import { canonicalValues } from '../causes/simplicity';
import type { Contract } from '../contract';
import type { ExitStatus } from '../exit-status';
import { sentCoverageVerdicts } from '../generation/coverage-phase';
import { countExercised } from '../generation/exercise-count';
import type { QueryPairs, Verdict } from '../model';
import type { Redactor } from '../redaction';
import { SetupError } from '../setup-error';
import type { Baseline } from './baseline';
import { buildCoverage } from './contract-coverage';
import { FAILURES_HAR } from './failures-har';
import { renderHtmlReport } from './html-report';
import { renderJunitReport } from './junit-report';
import { renderMarkdownSummary, renderNotCheckedMarkdown } from './markdown-summary';
import { type NotCheckedRecord, renderNotCheckedHtml, renderNotCheckedJunit } from './not-checked';
import { layOutReports, recordTopLevel, type ReportsLayout, TOP_LEVEL_FILE } from './run-folder';
import { buildSummary, type RunInfo, type Summary } from './summary';
import { shownValue } from '../settings/shown-value';

/** Written line by line as the run goes, by the events-file output. */
export const EVENTS_FILE = 'events.ndjson';
/** What writeReports itself writes; metrics.prom needs the run's metrics text, events.ndjson is written as the run goes, failures.har by its own output. */
export const WRITTEN_AT_THE_END = ['summary.json', 'summary.md', 'report.html', 'coverage.json', 'junit.xml'] as const;
/** Every file a run writes; a run that takes the top level removes exactly these there (and nothing else) before it starts. */
export const REPORT_FILES = [...WRITTEN_AT_THE_END, 'metrics.prom', FAILURES_HAR, EVENTS_FILE] as const;
type ReportFile = Exclude<(typeof REPORT_FILES)[number], typeof EVENTS_FILE | typeof FAILURES_HAR>;

export interface ReportOptions {
  /** An earlier run (STREAMKAP_BASELINE_REPORT), to mark failures new or still failing and list the fixed. */
  baseline?: Baseline;
  /** A file that gets summary.md appended: $GITHUB_STEP_SUMMARY in GitHub Actions. */
  stepSummaryFile?: string;
  contract: Contract;
  /** The queries the generated properties sent (the coverage phase's are in its verdicts). */
  generatedQueries?: readonly QueryPairs[];
  /** The run's Prometheus exposition, for metrics.prom. */
  metricsText?: string;
  /** The run's causes, as the cause output found them; found here when no output did. */
  causes?: readonly Cause[];
}

/** How long the probe write may take: a folder that cannot take a small file in this time cannot take the reports. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Creates the folder one level at a time from its nearest existing ancestor. Node's recursive
 * mkdir loops forever, at full CPU and deaf to signals, where a parent refuses to have children
 * (anything under /proc); this stops at the first level that cannot be made.
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const level of missing) mkdirSync(level);
}

/** Writes and removes a small file in the folder, within `timeoutMs`: the one proof that the reports can go there. */
async function probeWrite(dir: string, timeoutMs: number): Promise<void> {
  const probe = join(dir, `.streamkap-write-probe-${process.pid}`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('the write did not finish'), { code: `no write within ${timeoutMs} ms` })), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await writeFile(probe, 'streamkap-conformance checks that the reports can be written here\n');
        await rm(probe, { force: true });
      })(),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Makes sure the reports can be written, before anything is sent (a bounded write: a folder that
 * hangs or refuses is a setting, exit 2), and lays out where this run's go: its own folder under
 * runs/, and the top level unless that is left alone. A run that takes the top level removes the
 * previous run's reports there (that run keeps them in its own folder), so that no green page at
 * the top outlives the run that wrote it, whatever stops this one.
 */
export async function prepareReportsDir(
  dir: string,
  run: { startedAt: string; rerun: boolean; keep: number },
  probeTimeoutMs = PROBE_TIMEOUT_MS,
): Promise<ReportsLayout> {
  let layout: ReportsLayout;
  try {
    makeFolder(dir);
    await probeWrite(dir, probeTimeoutMs);
    layout = layOutReports(dir, run, makeFolder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SetupError(
      `STREAMKAP_REPORTS_DIR is ${shownValue(dir)}, where the reports cannot be written (${code}). Set it to a folder this user may write to, or unset it for the default (reports).`,
      'STREAMKAP_REPORTS_DIR',
    );
  }
  if (layout.leftAlone === undefined) for (const name of [...REPORT_FILES, TOP_LEVEL_FILE]) rmSync(join(dir, name), { force: true });
  return layout;
}

/** The top level's copy of this run's reports, once they are written to its own folder; none when the top level is left alone. */
export function copyToTheTop(layout: ReportsLayout): void {
  if (layout.leftAlone !== undefined) return;
  for (const name of REPORT_FILES) {
    if (name !== EVENTS_FILE && existsSync(join(layout.run, name))) copyFileSync(join(layout.run, name), join(layout.top, name));
  }
  recordTopLevel(layout);
}

function writer(dir: string, redactor: Redactor) {
  makeFolder(dir);
  return (name: ReportFile, text: string) => writeFileSync(join(dir, name), redactor.redact(text));
}

/**
 * Writes the run's reports. The data is redacted before it is rendered, since escaping for HTML,
 * markdown, XML or JSON can change a secret's spelling past recognition (a `_` in a token becomes
 * `\_` in markdown); the rendered text is redacted again on its way out, so a secret can only
 * leak by getting past both.
 */
export function writeReports(dir: string, run: RunInfo, verdicts: readonly Verdict[], redactor: Redactor, options: ReportOptions): Summary {
  const write = writer(dir, redactor);
  const summary = redactor.redactDeep(buildSummary(run, verdicts, options.baseline, options.causes ?? findCauses(verdicts, canonicalValues(options.contract))));
  const coverage = buildCoverage(options.contract, verdicts);
  if (run.generation) {
    const coverageQueries = sentCoverageVerdicts(verdicts).map((v) => v.request.query);
    coverage.generation = countExercised([...coverageQueries, ...(options.generatedQueries ?? [])], options.contract);
  }
  const markdown = redactor.redact(renderMarkdownSummary(summary, coverage));
  write('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  write('coverage.json', `${JSON.stringify(coverage, null, 2)}\n`);
  write('summary.md', markdown);
  write('report.html', renderHtmlReport(summary, coverage));
  write('junit.xml', renderJunitReport(summary));
  if (options.metricsText !== undefined) write('metrics.prom', options.metricsText);
  if (options.stepSummaryFile) appendFileSync(options.stepSummaryFile, `${markdown}\n`);
  return summary;
}

/** What a run that stopped before any case was sent leaves behind: why it could not check, and nothing that looks green. */
export interface NotChecked {
  startedAt: string;
  exit: ExitStatus;
  /** The setting to fix, when there is one. */
  setting?: string;
  target?: { baseUrl: string; embedded: boolean };
  /** The run's Prometheus exposition, for metrics.prom: an alert must fire for a run that checked nothing too. */
  metricsText?: string;
  /** The contract, for a coverage.json that says nothing was observed; absent when it was never loaded. */
  contract?: Contract;
}

/** Returns why the reports could not be written, if they could not: the run is already failing, so this must not throw. */
export function writeNotCheckedReports(dir: string, notChecked: NotChecked, redactor: Redactor, stepSummaryFile?: string): string | undefined {
  try {
    writeNotChecked(dir, notChecked, redactor, stepSummaryFile);
    return undefined;
  } catch (error) {
    return `the reports could not be written to ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

function writeNotChecked(dir: string, notChecked: NotChecked, redactor: Redactor, stepSummaryFile?: string): void {
  const write = writer(dir, redactor);
  const record: NotCheckedRecord & Record<string, unknown> = redactor.redactDeep({
    tool: 'streamkap-metrics-conformance',
    outcome: notChecked.exit.outcome,
    exit: { code: notChecked.exit.code, meaning: notChecked.exit.meaning },
    ...(notChecked.setting && { setting: notChecked.setting }),
    ...(notChecked.target && { target: notChecked.target }),
    startedAt: notChecked.startedAt,
    finishedAt: new Date().toISOString(),
    totals: { cases: 0, passed: 0, failed: 0, errored: 0, skipped: 0, warned: 0, retries: 0 },
    cases: [],
  });
  const markdown = redactor.redact(renderNotCheckedMarkdown(record));
  write('summary.json', `${JSON.stringify(record, null, 2)}\n`);
  write('summary.md', markdown);
  // Every report, whatever the outcome: a CI's test view, a dashboard and an alert all see the run.
  write('junit.xml', renderNotCheckedJunit(record));
  write('report.html', renderNotCheckedHtml(record));
  if (notChecked.contract) write('coverage.json', `${JSON.stringify(buildCoverage(notChecked.contract, []), null, 2)}\n`);
  if (notChecked.metricsText !== undefined) write('metrics.prom', notChecked.metricsText);
  if (stepSummaryFile) appendFileSync(stepSummaryFile, `${markdown}\n`);
}
