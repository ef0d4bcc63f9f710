import { CHANGE_LABEL } from './baseline';
import type { Coverage } from './contract-coverage';
import { rerunCommand } from '../failure-message';
import { caseKey } from '../model';
import { renderMarkdownTrend } from '../history/trend-strip';
import { renderDriftMarkdown } from '../drift/drift-markdown';
import { describeResponseTimes } from './response-times';
import { reportOrder, type Summary } from './summary';

/**
 * reports/summary.md, and the GitHub step summary: what broke, since when, and how to see it
 * again, in the space of one screen. report.html has the whole evidence.
 */

const MESSAGE_CHARS = 300;
const LISTED_FAILURES = 30;

/**
 * Server text is shown as text: on one line, with every mark escaped that could start emphasis,
 * a link, code, a table cell, an entity or HTML.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** A code span that no backtick inside can close early. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

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

export function renderMarkdownSummary(summary: Summary, coverage: Coverage): string {
  const { totals, target } = summary;
  const lines: string[] = [];
  lines.push(`## Streamkap metrics conformance: ${OUTCOME_MARK[summary.outcome]} ${escapeMarkdown(headlineOf(summary))}`, '');
  lines.push(`**Exit ${summary.exit.code}.** ${escapeMarkdown(summary.exit.meaning)}`, '');
  lines.push(
    `Target ${codeSpan(target.baseUrl)}${target.embedded ? ' (the embedded reference server)' : ''}, pipeline ${codeSpan(target.pipelineId)}. ` +
      `Started ${summary.startedAt}, took ${(summary.durationMs / 1000).toFixed(1)} s. ` +
      `Selection: ${summary.selection.tags.length > 0 ? `tags ${summary.selection.tags.map(codeSpan).join(', ')}` : 'all cases'}.`,
    '',
    '| cases | failed | errored | passed | skipped | with warnings | retries |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${totals.cases} | ${totals.failed} | ${totals.errored} | ${totals.passed} | ${totals.skipped} | ${totals.warned} | ${totals.retries} |`,
    '',
  );
  const times = describeResponseTimes(summary.responseTimes, summary.budgets);
  if (times) lines.push(escapeMarkdown(times), '');
  if (summary.history && summary.history.trend.length > 0) lines.push(escapeMarkdown(renderMarkdownTrend(summary.history.trend)), '');
  if (summary.totalsByPipeline) {
    lines.push('| pipeline | cases | failed | errored | passed | skipped |', '|---|---:|---:|---:|---:|---:|');
    for (const [pipeline, t] of Object.entries(summary.totalsByPipeline)) {
      lines.push(`| ${codeSpan(pipeline)} | ${t.cases} | ${t.failed} | ${t.errored} | ${t.passed} | ${t.skipped} |`);
    }
    lines.push('');
  }
  if (summary.metricsPush && !summary.metricsPush.pushed) lines.push(`⚠️ ${escapeMarkdown(summary.metricsPush.warning ?? 'the metrics push failed')}`, '');
  if (summary.suiteErrors.length > 0) {
    lines.push(`### Suite errors (${summary.suiteErrors.length})`, '');
    for (const problem of summary.suiteErrors) lines.push(`- ${escapeMarkdown(clip(problem, MESSAGE_CHARS))}`);
    lines.push('');
  }

  const comparison = summary.baseline;
  if (comparison) {
    const ids = (list: readonly string[]) => (list.length === 0 ? 'none' : list.map(codeSpan).join(', '));
    lines.push(
      `### Since the baseline run of ${escapeMarkdown(comparison.baselineStartedAt)}`,
      '',
      `- New failures (${comparison.newFailures.length}): ${ids(comparison.newFailures)}`,
      `- Still failing (${comparison.stillFailing.length}): ${ids(comparison.stillFailing)}`,
      `- Fixed (${comparison.fixed.length}): ${ids(comparison.fixed)}`,
      '',
    );
  }

  const failures = reportOrder(summary.cases).filter((c) => c.verdict === 'failed');
  if (failures.length > 0) {
    lines.push(`### Failures (${failures.length})`, '');
    for (const c of failures.slice(0, LISTED_FAILURES)) {
      const facts = [
        c.status !== undefined ? `HTTP ${c.status}` : 'no response',
        c.change ? CHANGE_LABEL[c.change] : undefined,
        c.failingSince,
        c.flaky ? 'flaky' : undefined,
        c.retries > 0 ? `${c.retries} ${c.retries === 1 ? 'retry' : 'retries'}` : undefined]
        .filter((fact) => fact !== undefined)
        .join(', ');
      lines.push(`- **${codeSpan(c.id)}** ${escapeMarkdown(c.title)} (${facts})`);
      for (const finding of c.findings) {
        lines.push(`  - ${codeSpan(finding.check)}: ${escapeMarkdown(clip(`${finding.title}. ${finding.message}`, MESSAGE_CHARS))}`);
        for (const error of finding.schemaErrors ?? []) lines.push(`    - ${codeSpan(error.path)} ${escapeMarkdown(clip(error.message, MESSAGE_CHARS))}`);
      }
    }
    if (failures.length > LISTED_FAILURES) lines.push(`- … and ${failures.length - LISTED_FAILURES} more in report.html`);
    lines.push('', 'Reproduce (export STREAMKAP_TOKEN first), or rerun the case alone:', '');
    lines.push(
      fencedBlock(
        failures
          .slice(0, LISTED_FAILURES)
          .map((c) => `# ${caseKey(c)}\n${c.curl}\n${rerunCommand({ caseId: c.id, pipelineId: c.pipelineId, generated: c.generated })}`)
          .join('\n'),
        'sh',
      ),
      '',
    );
  }

  const errored = summary.cases.filter((c) => c.error !== undefined);
  if (errored.length > 0) {
    lines.push(`### Could not be judged (${errored.length})`, '');
    for (const c of errored.slice(0, LISTED_FAILURES)) {
      const label = c.error?.kind === 'suite-bug' ? 'suite error' : 'target unavailable';
      lines.push(`- ${codeSpan(c.id)} (${label}): ${escapeMarkdown(clip(c.error?.message ?? '', MESSAGE_CHARS))}`);
    }
    if (errored.length > LISTED_FAILURES) lines.push(`- … and ${errored.length - LISTED_FAILURES} more in report.html`);
    lines.push('');
  }

  const warned = summary.cases.filter((c) => c.warnings.length > 0);
  if (warned.length > 0) {
    lines.push(`### Warnings (${warned.length})`, '');
    for (const c of warned) {
      for (const w of c.warnings) lines.push(`- ${codeSpan(c.id)}: **${escapeMarkdown(w.title)}.** ${escapeMarkdown(clip(w.message, MESSAGE_CHARS))}`);
    }
    lines.push('');
  }

  const skipped = summary.cases.filter((c) => c.verdict === 'skipped');
  if (skipped.length > 0) {
    lines.push(`### Skipped or not run (${skipped.length})`, '');
    for (const c of skipped.slice(0, LISTED_FAILURES)) lines.push(`- ${codeSpan(c.id)}: ${escapeMarkdown(c.skipReason ?? 'no reason given')}`);
    if (skipped.length > LISTED_FAILURES) lines.push(`- … and ${skipped.length - LISTED_FAILURES} more in report.html`);
    lines.push('');
  }

  const generation = summary.generation;
  if (generation) {
    lines.push(
      `### Generated tier`,
      '',
      `Seed ${codeSpan(String(generation.seed))} (replay: ${codeSpan(`npm run conformance -- --seed ${generation.seed}`)}), ${generation.requestsSent} generated requests sent.`,
      '',
    );
    if (generation.failures.length > 0) {
      lines.push('| check | parameter | requests that hit it | found by | smallest request |', '|---|---|---:|---|---|');
      for (const g of generation.failures.slice(0, LISTED_FAILURES)) {
        lines.push(
          `| ${codeSpan(g.check)} | ${codeSpan(g.parameter).replace(/\|/g, '\\|')} | ${g.hits} | ${escapeMarkdown(g.sources.join(', '))} | ${codeSpan(g.minimalCurl).replace(/\|/g, '\\|')} |`,
        );
      }
      lines.push('');
    }
  }
  if (summary.drift) lines.push(renderDriftMarkdown(summary.drift).replace(/^## /, '### '));

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
      `${t.statuses.observed}/${t.statuses.of} declared or documented statuses, ${t.alternatives.observed}/${t.alternatives.of} schema alternatives.`,
  );
  if (coverage.undeclaredStatuses.length > 0) lines.push('', `Undeclared statuses seen: ${coverage.undeclaredStatuses.map((s) => `${s.status} (${s.count}×)`).join(', ')}.`);
  if (unseen.length > 0) lines.push('', `Not observed: ${unseen.join('; ')}.`);
  lines.push('', 'Full evidence: `report.html` (with `summary.json`, `coverage.json` and `junit.xml`) in the reports folder or artifact.', '');
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
