import { causeReach } from '../causes/run-causes';
import { runHeadline } from '../causes/run-headline';
import { driftHeadline } from '../drift/drift-report';
import { CHANGE_LABEL } from './baseline';
import type { Coverage } from './contract-coverage';
import { renderMarkdownTrend } from '../history/trend-strip';
import { renderDriftMarkdown } from '../drift/drift-markdown';
import { codeSpan, escapeMarkdown } from './markdown-text';
import { describeResponseTimes } from './response-times';
import { pipelinesPhrase, reportOrder, type Summary } from './summary';
import type { CaseError } from '../model';

/**
 * reports/summary.md, and the GitHub step summary: what broke, since when, and how to see it
 * again, in the space of one screen. report.html has the whole evidence.
 */

const MESSAGE_CHARS = 300;
/** Caps that keep summary.md on one screen (about 60 lines) whatever the number of failures. */
const LISTED_CAUSES = 6;
const REPRODUCED_CAUSES = 3;
const LISTED_CASES = 8;
const LISTED_IDS = 5;

/** Why an errored case could not be judged, before its own message. */
const ERROR_LABEL: Record<CaseError['kind'], string> = {
  'suite-bug': 'suite error',
  'target-unavailable': 'target unavailable',
  'live-contract-unavailable': 'live contract unavailable',
};

function fencedBlock(text: string, info = ''): string {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

const clip = (text: string, chars: number): string => (text.length > chars ? `${text.slice(0, chars)}…` : text);

const OUTCOME_MARK: Record<Summary['outcome'], string> = {
  passed: '✅',
  failed: '❌',
  'could-not-check': '⛔',
  'suite-error': '🐞',
  inconclusive: '❔',
  interrupted: '⏹️',
};

function headlineOf(summary: Summary): string {
  const { totals } = summary;
  switch (summary.outcome) {
    case 'passed':
      return `passed: ${totals.passed} of ${totals.cases} cases${totals.skipped > 0 ? ` (${totals.skipped} skipped)` : ''}`;
    case 'failed':
      return `${totals.failed} of ${totals.cases} cases failed`;
    case 'could-not-check':
      return 'could not check';
    case 'suite-error':
      return 'suite error (not a finding about the server)';
    case 'inconclusive':
      return `inconclusive: ${totals.errored} case(s) could not be judged`;
    case 'interrupted':
      return 'interrupted';
  }
}

/** A list of case ids on one line, the first few by name. */
function someIds(ids: readonly string[], shown = LISTED_IDS): string {
  if (ids.length === 0) return 'none';
  const more = ids.length > shown ? ` and ${ids.length - shown} more` : '';
  return `${ids.slice(0, shown).map(codeSpan).join(', ')}${more}`;
}

/** Drift differences past this many are left to report.html: summary.md stays on one screen. */
const LISTED_DRIFT = 5;

export function renderMarkdownSummary(summary: Summary, coverage: Coverage): string {
  const { totals, target } = summary;
  const lines: string[] = [];
  lines.push(`## Streamkap metrics conformance: ${OUTCOME_MARK[summary.outcome]} ${escapeMarkdown(headlineOf(summary))}`, '');
  lines.push(`**${escapeMarkdown(runHeadline(summary))}**`, '');
  lines.push(
    `Target ${codeSpan(target.baseUrl)}${target.embedded ? ' (the embedded reference server)' : ''}, ${pipelinesPhrase(target, codeSpan)}. ` +
      `Started ${summary.startedAt}, took ${(summary.durationMs / 1000).toFixed(1)} s. ` +
      `Selection: ${summary.selection.tags.length > 0 ? `tags ${summary.selection.tags.map(codeSpan).join(', ')}` : 'all cases'}.` +
      (summary.generation
        ? ` Generated tier: seed ${codeSpan(String(summary.generation.seed))} (replay: ${codeSpan(`npm run conformance -- --seed ${summary.generation.seed}`)}), ${summary.generation.requestsSent} generated requests sent.`
        : ''),
    '',
    '| cases | failed | errored | passed | skipped | with warnings | retries |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${totals.cases} | ${totals.failed} | ${totals.errored} | ${totals.passed} | ${totals.skipped} | ${totals.warned} | ${totals.retries} |`,
    '',
  );
  const times = describeResponseTimes(summary.responseTimes, summary.budgets);
  const trend = summary.history && summary.history.trend.length > 0 ? renderMarkdownTrend(summary.history.trend) : undefined;
  const facts = [times, trend].filter((line) => line !== undefined).map((line) => escapeMarkdown(line));
  if (facts.length > 0) lines.push(facts.join(' '), '');
  if (summary.totalsByPipeline) {
    const pipelines = Object.entries(summary.totalsByPipeline).map(
      ([pipeline, t]) => `${codeSpan(pipeline)} ${t.passed} passed, ${t.failed} failed, ${t.errored} errored, ${t.skipped} skipped`,
    );
    lines.push(`Per pipeline: ${pipelines.join('; ')}.`, '');
  }
  if (summary.metricsPush && !summary.metricsPush.pushed) lines.push(`⚠️ ${escapeMarkdown(summary.metricsPush.warning ?? 'the metrics push failed')}`, '');
  if (summary.suiteErrors.length > 0) {
    lines.push(`**Suite errors (${summary.suiteErrors.length}):** ${summary.suiteErrors.slice(0, 3).map((p) => escapeMarkdown(clip(p, MESSAGE_CHARS))).join('; ')}`, '');
  }

  const { causes } = summary;
  if (causes.length > 0) {
    lines.push(`### Causes (${causes.length})`, '');
    for (const [i, cause] of causes.slice(0, LISTED_CAUSES).entries()) {
      const change = cause.change ? ` (${CHANGE_LABEL[cause.change]})` : '';
      lines.push(`${i + 1}. **${codeSpan(cause.title)}**${change}: ${escapeMarkdown(causeReach(cause))}; cases ${someIds(cause.caseIds, 3)}`);
    }
    if (causes.length > LISTED_CAUSES) lines.push(`${LISTED_CAUSES + 1}. … and ${causes.length - LISTED_CAUSES} more in report.html`);
    lines.push('', 'The simplest request of each cause (export STREAMKAP_TOKEN first), and the command that reruns its case:', '');
    lines.push(
      fencedBlock(
        causes
          .slice(0, REPRODUCED_CAUSES)
          .map((c, i) => `# ${i + 1}. ${c.title}\n${c.smallest.curl}\n${c.smallest.rerun}`)
          .join('\n'),
        'sh',
      ),
      '',
    );
  }

  const comparison = summary.baseline;
  if (comparison) {
    lines.push(
      `### Since the baseline run of ${escapeMarkdown(comparison.baselineStartedAt)}`,
      '',
      `- New failures (${comparison.newFailures.length}): ${someIds(comparison.newFailures)}`,
      `- Still failing (${comparison.stillFailing.length}): ${someIds(comparison.stillFailing)}`,
      `- Fixed (${comparison.fixed.length}): ${someIds(comparison.fixed)}`,
      '',
    );
  }

  const attention = reportOrder(summary.cases).filter((c) => c.verdict === 'failed' || c.verdict === 'errored');
  if (attention.length > 0) {
    const causesOf = new Map<string, string[]>();
    for (const cause of causes) for (const id of cause.caseIds) causesOf.set(id, [...(causesOf.get(id) ?? []), cause.title]);
    lines.push(`### Failed or errored cases (${attention.length})`, '');
    for (const c of attention.slice(0, LISTED_CASES)) {
      const facts = [
        c.status !== undefined ? `HTTP ${c.status}` : 'no response',
        c.change ? CHANGE_LABEL[c.change] : undefined,
        c.failingSince,
        c.flaky ? 'flaky' : undefined,
        c.retries > 0 ? `${c.retries} ${c.retries === 1 ? 'retry' : 'retries'}` : undefined,
      ]
        .filter((fact) => fact !== undefined)
        .join(', ');
      const why = c.error
        ? `${ERROR_LABEL[c.error.kind]}: ${escapeMarkdown(clip(c.error.message, MESSAGE_CHARS))}`
        : (causesOf.get(c.id) ?? c.findings.map((f) => f.check)).map(codeSpan).join('; ');
      lines.push(`- **${codeSpan(c.id)}** ${escapeMarkdown(clip(c.title, MESSAGE_CHARS))} (${facts}): ${why}`);
    }
    if (attention.length > LISTED_CASES) lines.push(`- … and ${attention.length - LISTED_CASES} more in report.html`);
    lines.push('');
  }

  const warned = summary.cases.filter((c) => c.warnings.length > 0);
  if (warned.length > 0) {
    const named = warned.map((c) => `${codeSpan(c.id)} (${escapeMarkdown(c.warnings.map((w) => w.title).join(', '))})`);
    lines.push(`**Warnings (${warned.length}):** ${named.slice(0, LISTED_IDS).join(', ')}${warned.length > LISTED_IDS ? ` and ${warned.length - LISTED_IDS} more` : ''}.`, '');
  }

  const skipped = summary.cases.filter((c) => c.verdict === 'skipped');
  if (skipped.length > 0) {
    const named = skipped.map((c) => `${codeSpan(c.id)}: ${escapeMarkdown(clip(c.skipReason ?? 'no reason given', MESSAGE_CHARS))}`);
    lines.push(`**Skipped or not run (${skipped.length}):** ${named.slice(0, 3).join('; ')}${skipped.length > 3 ? `; and ${skipped.length - 3} more` : ''}.`, '');
  }

  if (summary.drift) {
    lines.push(
      summary.drift.differences.length <= LISTED_DRIFT
        ? renderDriftMarkdown(summary.drift).replace(/^## /, '### ')
        : `**Contract drift:** ${escapeMarkdown(driftHeadline(summary.drift))} Every difference is in report.html.\n`,
    );
  }

  const t = coverage.totals;
  const unseen = [
    ...coverage.parameters.filter((p) => !p.observed).map((p) => `parameter ${codeSpan(p.name)}`),
    ...coverage.enumValues.filter((v) => !v.observed).map((v) => codeSpan(`${v.name}=${v.value}`)),
    ...coverage.statuses.filter((s) => !s.observed).map((s) => `status ${s.status}`),
    // The metrics body's alternatives by name; the error bodies' only counted, to keep this short.
    ...coverage.alternatives.filter((a) => !a.observed && a.status === '200').map((a) => `${codeSpan(a.path)} as ${a.type}`),
  ];
  const unseenErrorAlternatives = coverage.alternatives.filter((a) => !a.observed && a.status !== '200').length;
  if (unseenErrorAlternatives > 0) unseen.push(`${unseenErrorAlternatives} alternatives in error bodies (listed in report.html and coverage.json)`);
  lines.push(
    '### Contract coverage',
    '',
    `Observed ${t.parameters.observed}/${t.parameters.of} query parameters, ${t.enumValues.observed}/${t.enumValues.of} enum values, ` +
      `${t.statuses.observed}/${t.statuses.of} declared or documented statuses, ${t.alternatives.observed}/${t.alternatives.of} schema alternatives.` +
      (coverage.undeclaredStatuses.length > 0 ? ` Undeclared statuses seen: ${coverage.undeclaredStatuses.map((s) => `${s.status} (${s.count}×)`).join(', ')}.` : '') +
      (unseen.length > 0 ? ` Not observed: ${unseen.join('; ')}.` : ''),
  );
  lines.push('', 'Every case, with its evidence: [`report.html`](report.html) (with `summary.json`, `coverage.json` and `junit.xml`) in the reports folder or artifact.', '');
  return lines.join('\n');
}

/** summary.md of a run that sent no case: it says plainly that nothing was checked, and why. */
export function renderNotCheckedMarkdown(record: { exit: { code: number; meaning: string }; startedAt: string; setting?: string }): string {
  return [
    `## Streamkap metrics conformance: ${OUTCOME_MARK['could-not-check']} could not check`,
    '',
    `**Exit ${record.exit.code}.** ${escapeMarkdown(record.exit.meaning)}`,
    '',
    `No case was sent, so this run vouches for nothing. Started ${record.startedAt}.${record.setting ? ` The setting to fix: ${codeSpan(record.setting)}.` : ''}`,
    '',
  ].join('\n');
}
