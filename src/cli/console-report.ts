import { plural } from '../plural';
import { causeReach } from '../causes/run-causes';
import { runHeadline } from '../causes/run-headline';
import { formatVerdict, printable } from '../failure-message';
import { caseKey, CONTRACT_TIER, type Outcome, TIERS, type Verdict, verdictKey } from '../model';
import { driftHeadline } from '../drift/drift-report';
import { CHANGE_LABEL } from '../reports/baseline';
import { renderMarkdownTrend } from '../history/trend-strip';
import { describeResponseTimes, oneRequestEach } from '../reports/response-times';
import { pipelinesPhrase, type Summary, type SummaryCase } from '../reports/summary';

const SLOWEST_SHOWN = 3;
/** Past this many failed or errored cases, the console lists causes only and points to the reports for the cases. */
const LISTED_CASES = 20;
/** Causes shown on the console; the reports have every one. */
const LISTED_CAUSES = 10;
const EXAMPLE_CASES = 3;

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

/** The causes, most cases first: each with what hit it, its simplest request, and the command that reruns it. */
function causeLines(summary: Pick<Summary, 'causes'>): string[] {
  const { causes } = summary;
  if (causes.length === 0) return [];
  const lines = [`${plural(causes.length, 'cause')} of failure, most cases first:`];
  for (const cause of causes.slice(0, LISTED_CAUSES)) {
    const examples = cause.caseIds.slice(0, EXAMPLE_CASES).join(', ');
    const more = cause.caseIds.length > EXAMPLE_CASES ? ` and ${cause.caseIds.length - EXAMPLE_CASES} more` : '';
    lines.push(
      `✗ ${cause.title}${cause.change ? `  [${CHANGE_LABEL[cause.change]}]` : ''}`,
      `    ${causeReach(cause)}`,
      `    smallest: ${cause.smallest.caseId}: ${cause.smallest.title}${cause.smallest.status !== undefined ? ` (HTTP ${cause.smallest.status})` : ''}`,
      `    reproduce: ${cause.smallest.curl}`,
      `    rerun: ${cause.smallest.rerun}`,
      `    cases: ${examples}${more}`,
    );
  }
  if (causes.length > LISTED_CAUSES) lines.push(`… and ${causes.length - LISTED_CAUSES} more causes in the reports.`);
  const fromShell = [...new Set(causes.slice(0, LISTED_CAUSES).flatMap((c) => c.smallest.curl.match(/\$STREAMKAP_\w+/g) ?? []))];
  if (fromShell.length > 0) {
    // A token in .env reaches the suite, not the shell the person pastes the curl line into.
    lines.push(
      `The curl lines read ${fromShell.join(' and ')} from the shell: a token kept only in .env is not there; export it first (set -a; . ./.env; set +a).`,
    );
  }
  return lines.map(printable);
}

/** One line for a failed or errored case: what it is, and the cause or error that says why. */
function attentionLine(c: SummaryCase, causesOfCase: ReadonlyMap<string, string[]>): string {
  const answer = c.status !== undefined ? `HTTP ${c.status}` : 'no answer';
  const requests = c.generated ? `, ${plural(c.generated.requests, 'request')}` : '';
  const marks = [c.change && CHANGE_LABEL[c.change], c.failingSince, c.flaky ? 'flaky' : undefined].filter(Boolean).join(', ');
  const why = c.error ? c.error.message : (causesOfCase.get(c.id) ?? c.findings.map((f) => `${f.check}: ${f.title}`)).join('; ');
  return `${MARK[c.verdict]} ${c.verdict.padEnd(7)} ${c.id}  ${answer} (${c.durationMs} ms${requests})${marks ? `  [${marks}]` : ''}: ${why}`;
}

/** The failed and errored cases, a line each when they are few; else where to find them. */
function attentionLines(summary: Pick<Summary, 'causes' | 'cases'>, reportsDir: string): string[] {
  const attention = summary.cases.filter((c) => c.verdict === 'failed' || c.verdict === 'errored');
  if (attention.length === 0) return [];
  if (attention.length > LISTED_CASES) {
    return [
      `${plural(attention.length, 'case')} failed or errored: too many to list here; each is in ${reportsDir}/summary.md and ${reportsDir}/report.html (--verbose prints every case here).`,
    ];
  }
  const causesOfCase = new Map<string, string[]>();
  for (const cause of summary.causes) for (const id of cause.caseIds) causesOfCase.set(id, [...(causesOfCase.get(id) ?? []), cause.title]);
  return attention.map((c) => printable(attentionLine(c, causesOfCase)));
}

/**
 * A line per tier (table rows by tier, then the coverage phase, then the random phase's
 * properties, then the live contract): passed of all, and what did not pass.
 */
function tierLines(summary: Pick<Summary, 'cases'>): string[] {
  const groups = new Map<string, SummaryCase[]>();
  for (const tier of [...TIERS, 'coverage', 'generated', CONTRACT_TIER]) groups.set(tier, []);
  for (const c of summary.cases) {
    const group = c.origin === 'property' ? 'generated' : c.origin === 'coverage' ? 'coverage' : c.tier;
    groups.get(group)?.push(c);
  }
  const lines: string[] = [];
  for (const [name, cases] of groups) {
    if (cases.length === 0) continue;
    const count = (outcome: Outcome) => cases.filter((c) => c.verdict === outcome).length;
    const failed = count('failed');
    const errored = count('errored');
    const skipped = count('skipped');
    // A tier with nothing sent proved nothing: no ✓ for it.
    const mark = failed > 0 ? '✗' : errored > 0 ? '!' : skipped === cases.length ? `${MARK.skipped} not run` : '✓';
    const rest = [failed > 0 && `${failed} failed`, errored > 0 && `${errored} errored`, skipped > 0 && `${skipped} skipped`]
      .filter(Boolean)
      .join(', ');
    const what =
      name === 'generated'
        ? `${count('passed') === cases.length ? '' : `${count('passed')}/`}${plural(cases.length, 'property', 'properties')}, ${plural(
            cases.reduce((sum, c) => sum + (c.generated?.requests ?? 0), 0),
            'request',
          )}`
        : `${count('passed')}/${cases.length}`;
    lines.push(`${name} ${what} ${mark}${rest ? ` (${rest})` : ''}`);
  }
  return lines;
}

/** Each kind of warning once: the cases that carry it, and what it means. */
function warningLines(summary: Pick<Summary, 'cases'>): string[] {
  const byTitle = new Map<string, { message: string; ids: string[] }>();
  for (const c of summary.cases) {
    for (const w of c.warnings) {
      const seen = byTitle.get(w.title) ?? { message: w.message, ids: [] };
      // A case that sent its request in turn with several credentials may carry one warning twice: it counts once.
      if (!seen.ids.includes(caseKey(c))) seen.ids.push(caseKey(c));
      byTitle.set(w.title, seen);
    }
  }
  return [...byTitle].flatMap(([title, { message, ids }]) => {
    const more = ids.length > EXAMPLE_CASES ? ` and ${ids.length - EXAMPLE_CASES} more` : '';
    return [`⚠ ${title}: ${plural(ids.length, 'case')} (${ids.slice(0, EXAMPLE_CASES).join(', ')}${more})`, `    ${message}`];
  });
}

/** The run's own folder, and why the top level is not this run's when it is not. */
type Kept = { run: string; leftAlone?: string };

/**
 * What the console says once the run is over: the causes first, then the failed or errored cases
 * when they are few (every case was printed already with --verbose), a line per tier, and the headline.
 */
export function runEnding(summary: Summary, reportsDir: string, reportFiles: readonly string[], verbose: boolean, kept?: Kept): string[] {
  const causes = causeLines(summary);
  const attention = verbose ? [] : attentionLines(summary, reportsDir);
  return [
    ...(causes.length > 0 ? ['', ...causes] : []),
    ...(attention.length > 0 ? ['', ...attention] : []),
    '',
    ...tierLines(summary),
    ...warningLines(summary),
    ...headline(summary, reportsDir, reportFiles, kept),
  ];
}

function headline(summary: Summary, reportsDir: string, reportFiles: readonly string[], kept?: Kept): string[] {
  const { totals, target } = summary;
  const where = `${target.baseUrl}${target.embedded ? ' (the embedded reference server)' : ''}, ${pipelinesPhrase(target)}`;
  const lines = ['', `Target: ${where}`];
  lines.push(
    `Cases: ${totals.cases}: ${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errored, ${totals.skipped} skipped` +
      `${totals.warned > 0 ? `; ${totals.warned} with warnings` : ''}${totals.retries > 0 ? `; ${plural(totals.retries, 'retry', 'retries')}` : ''}` +
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
  // Each run is kept in its own folder; when the top level is not this run's, its own line says why.
  const alsoKept = kept && kept.leftAlone === undefined ? `; this run is also kept in ${kept.run}` : '';
  lines.push(`Reports: ${reportFiles.map((name) => `${reportsDir}/${name}`).join(', ')} (open report.html in a browser${alsoKept})`);
  if (kept?.leftAlone) lines.push(kept.leftAlone);
  lines.push(runHeadline(summary));
  // Last, and alone on its line, for whoever greps a CI log: the counts and what they were counted against.
  lines.push(
    `conformance: ${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errored, ${totals.skipped} skipped against ${target.baseUrl} (exit ${summary.exit.code})`,
  );
  return lines.map(printable);
}
