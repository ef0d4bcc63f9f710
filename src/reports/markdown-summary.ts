import { CHANGE_LABEL } from './baseline';
import type { Coverage } from './contract-coverage';
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

export function renderMarkdownSummary(summary: Summary, coverage: Coverage): string {
  const { totals, target } = summary;
  const lines: string[] = [];
  const headline = totals.failed > 0 ? `❌ ${totals.failed} of ${totals.cases} cases failed` : `✅ all ${totals.cases - totals.skipped} cases passed`;
  lines.push(`## Streamkap metrics conformance: ${headline}`, '');
  lines.push(
    `Target ${codeSpan(target.baseUrl)}${target.embedded ? ' (the embedded reference server)' : ''}, pipeline ${codeSpan(target.pipelineId)}. ` +
      `Started ${summary.startedAt}, took ${(summary.durationMs / 1000).toFixed(1)} s. ` +
      `Selection: ${summary.selection.tags.length > 0 ? `tags ${summary.selection.tags.map(codeSpan).join(', ')}` : 'all cases'}.`,
    '',
    '| cases | failed | passed | skipped | retries |',
    '|---:|---:|---:|---:|---:|',
    `| ${totals.cases} | ${totals.failed} | ${totals.passed} | ${totals.skipped} | ${totals.retries} |`,
    '',
  );

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
      const facts = [c.status !== undefined ? `HTTP ${c.status}` : 'no response', c.change ? CHANGE_LABEL[c.change] : undefined, c.retries > 0 ? `${c.retries} ${c.retries === 1 ? 'retry' : 'retries'}` : undefined]
        .filter((fact) => fact !== undefined)
        .join(', ');
      lines.push(`- **${codeSpan(c.id)}** ${escapeMarkdown(c.title)} (${facts})`);
      for (const finding of c.findings) {
        lines.push(`  - ${codeSpan(finding.check)}: ${escapeMarkdown(clip(`${finding.title}. ${finding.message}`, MESSAGE_CHARS))}`);
        for (const error of finding.schemaErrors ?? []) lines.push(`    - ${codeSpan(error.path)} ${escapeMarkdown(clip(error.message, MESSAGE_CHARS))}`);
      }
    }
    if (failures.length > LISTED_FAILURES) lines.push(`- … and ${failures.length - LISTED_FAILURES} more in report.html`);
    lines.push('', 'Reproduce (export STREAMKAP_TOKEN first):', '');
    lines.push(fencedBlock(failures.slice(0, LISTED_FAILURES).map((c) => `# ${c.id}\n${c.curl}`).join('\n'), 'sh'), '');
  }

  const skipped = summary.cases.filter((c) => c.verdict === 'skipped');
  if (skipped.length > 0) {
    lines.push(`### Skipped (${skipped.length})`, '');
    for (const c of skipped) lines.push(`- ${codeSpan(c.id)}: ${escapeMarkdown(c.skipReason ?? 'no reason given')}`);
    lines.push('');
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
      `${t.statuses.observed}/${t.statuses.of} declared or documented statuses, ${t.alternatives.observed}/${t.alternatives.of} schema alternatives.`,
  );
  if (coverage.undeclaredStatuses.length > 0) lines.push('', `Undeclared statuses seen: ${coverage.undeclaredStatuses.map((s) => `${s.status} (${s.count}×)`).join(', ')}.`);
  if (unseen.length > 0) lines.push('', `Not observed: ${unseen.join('; ')}.`);
  lines.push('', 'Full evidence: `report.html` (with `summary.json`, `coverage.json` and `junit.xml`) in the reports folder or artifact.', '');
  return lines.join('\n');
}
