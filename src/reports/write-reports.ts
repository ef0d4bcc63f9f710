import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Contract, loadContract } from '../contract';
import type { Verdict } from '../model';
import type { Redactor } from '../redaction';
import type { Baseline } from './baseline';
import { buildCoverage } from './contract-coverage';
import { renderHtmlReport } from './html-report';
import { renderMarkdownSummary } from './markdown-summary';
import { buildSummary, type RunInfo, type Summary } from './summary';

export const REPORT_FILES = ['summary.json', 'summary.md', 'report.html', 'coverage.json'] as const;

export interface ReportOptions {
  /** An earlier run (STREAMKAP_BASELINE_REPORT), to mark failures new or still failing and list the fixed. */
  baseline?: Baseline;
  /** A file that gets summary.md appended: $GITHUB_STEP_SUMMARY in GitHub Actions. */
  stepSummaryFile?: string;
  contract?: Contract;
}

/**
 * Writes the run's reports (junit.xml comes from jest-junit). The data is redacted before it is
 * rendered, since escaping for HTML, markdown or JSON can change a secret's spelling past
 * recognition (a `_` in a token becomes `\_` in markdown); the rendered text is redacted again
 * on its way out, so a secret can only leak by getting past both.
 */
export function writeReports(dir: string, run: RunInfo, verdicts: readonly Verdict[], redactor: Redactor, options: ReportOptions = {}): Summary {
  mkdirSync(dir, { recursive: true });
  const summary = redactor.redactDeep(buildSummary(run, verdicts, options.baseline));
  const coverage = buildCoverage(options.contract ?? loadContract(), verdicts);
  const markdown = redactor.redact(renderMarkdownSummary(summary, coverage));
  const write = (name: (typeof REPORT_FILES)[number], text: string) => writeFileSync(join(dir, name), redactor.redact(text));
  write('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  write('coverage.json', `${JSON.stringify(coverage, null, 2)}\n`);
  write('summary.md', markdown);
  write('report.html', renderHtmlReport(summary, coverage));
  if (options.stepSummaryFile) appendFileSync(options.stepSummaryFile, `${markdown}\n`);
  return summary;
}
