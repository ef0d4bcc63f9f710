import { formatVerdict, printable } from '../failure-message';
import { type Outcome, type Verdict, verdictKey } from '../model';
import { driftHeadline } from '../drift/drift-report';
import { renderMarkdownTrend } from '../history/trend-strip';
import { describeResponseTimes, oneRequestEach } from '../reports/response-times';
import type { Summary } from '../reports/summary';

const SLOWEST_SHOWN = 3;

/**
 * The console of a run, from the verdicts as they are recorded: one line a case with the
 * request's own duration, failures and errors expanded, then a headline that says what the run
 * came to, against what, and where the evidence is.
 */

const MARK: Record<Outcome, string> = { passed: '✓', failed: '✗', errored: '!', skipped: '-' };

function caseLine(verdict: Verdict): string {
  const answer = verdict.status !== undefined ? `HTTP ${verdict.status}` : verdict.outcome === 'skipped' ? '' : 'no answer';
  const retries = verdict.retries > 0 ? `, ${verdict.retries} ${verdict.retries === 1 ? 'retry' : 'retries'}` : '';
  const time = verdict.outcome === 'skipped' ? '' : ` (${verdict.durationMs} ms${retries})`;
  const warned = verdict.warnings.length > 0 ? '  ⚠ warning' : '';
  return printable(`${MARK[verdict.outcome]} ${verdict.outcome.padEnd(7)} ${verdictKey(verdict)}  ${answer}${time}${warned}`.trimEnd());
}

/** What the console shows of a case: its line, and for anything but a clean pass the whole on-call text. */
export function caseReport(verdict: Verdict): string {
  const expand = verdict.outcome === 'failed' || verdict.outcome === 'errored' || verdict.warnings.length > 0;
  if (!expand) return caseLine(verdict);
  const text = formatVerdict(verdict)
    .split('\n')
    .slice(1)
    .map((line) => `    ${line}`);
  return [caseLine(verdict), ...text].join('\n');
}

export function headline(summary: Summary, reportsDir: string, reportFiles: readonly string[]): string[] {
  const { totals, target } = summary;
  const where = `${target.baseUrl}${target.embedded ? ' (the embedded reference server)' : ''}, pipeline ${target.pipelineId}`;
  const lines = ['', `Target: ${where}`];
  lines.push(
    `Cases: ${totals.cases}: ${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errored, ${totals.skipped} skipped` +
      `${totals.warned > 0 ? `; ${totals.warned} with warnings` : ''}${totals.retries > 0 ? `; ${totals.retries} retries` : ''}` +
      ` in ${(summary.durationMs / 1000).toFixed(1)} s`,
  );
  const retried = summary.cases.filter((c) => c.retries > 0);
  if (retried.length > 0) {
    lines.push(`Retried after 429, 502/503/504 or a dropped connection: ${retried.map((c) => `${c.id} (${c.retries})`).join(', ')}.`);
  }
  const times = describeResponseTimes(summary.responseTimes, summary.budgets);
  if (times) {
    const slowest = oneRequestEach(summary.cases)
      .filter((c) => c.verdict !== 'skipped')
      .sort((a, b) => b.durationMs - a.durationMs)
      .slice(0, SLOWEST_SHOWN)
      .map((c) => `${c.id} (${c.durationMs} ms)`);
    lines.push(times, `Slowest: ${slowest.join(', ')}`);
  }
  if (summary.drift) lines.push(driftHeadline(summary.drift));
  if (summary.totalsByPipeline) {
    for (const [pipeline, t] of Object.entries(summary.totalsByPipeline)) {
      lines.push(`Pipeline ${pipeline}: ${t.passed} passed, ${t.failed} failed, ${t.errored} errored, ${t.skipped} skipped`);
    }
  }
  if (summary.history && summary.history.trend.length > 0) lines.push(renderMarkdownTrend(summary.history.trend));
  if (summary.metricsPush?.pushed) lines.push(`Metrics pushed to ${summary.metricsPush.url}`);
  for (const problem of summary.suiteErrors) lines.push(`Suite error: ${problem}`);
  lines.push(`Reports: ${reportFiles.map((name) => `${reportsDir}/${name}`).join(', ')} (open report.html in a browser)`);
  lines.push(`Exit ${summary.exit.code}: ${summary.exit.meaning}`);
  // Last, and alone on its line, for whoever greps a CI log: the counts and what they were counted against.
  lines.push(
    `conformance: ${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errored, ${totals.skipped} skipped against ${target.baseUrl} (exit ${summary.exit.code})`,
  );
  return lines.map(printable);
}
