import { formatVerdict } from '../failure-message';
import { caseKey } from '../model';
import type { Summary, SummaryCase } from './summary';

/**
 * reports/junit.xml, from the run's verdicts like every other report: `<failure>` for a contract
 * finding, `<error>` for a case that could not be judged, `<skipped>` with its reason, and each
 * case's `time` the request's own duration, so CI's "slowest tests" views tell the truth.
 */

const SUITE = 'GET /pipelines/{pipeline_id}/metrics';

/** XML 1.0 cannot carry most control characters at all, escaped or not; they are shown as \uXXXX. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
  );
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function asVerdictText(c: SummaryCase): string {
  const { id, verdict, ...rest } = c;
  return formatVerdict({ ...rest, caseId: id, outcome: verdict });
}

function testcase(c: SummaryCase): string {
  const open = `    <testcase classname="${xml(`${SUITE} ${c.tier}`)}" name="${xml(`${caseKey(c)}: ${c.title}`)}" time="${seconds(c.durationMs)}"`;
  const inner: string[] = [];
  if (c.verdict === 'failed') {
    const first = c.findings[0];
    inner.push(`      <failure message="${xml(first ? `${first.check}: ${first.title}` : 'failed')}" type="${xml(first?.check ?? 'failed')}">${xml(asVerdictText(c))}</failure>`);
  }
  if (c.error) inner.push(`      <error message="${xml(c.error.message)}" type="${xml(c.error.kind)}">${xml(asVerdictText(c))}</error>`);
  if (c.verdict === 'skipped') inner.push(`      <skipped message="${xml(c.skipReason ?? 'skipped')}"/>`);
  if (c.warnings.length > 0) inner.push(`      <system-out>${xml(c.warnings.map((w) => `warning: ${w.title}. ${w.message}`).join('\n'))}</system-out>`);
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

export function renderJunitReport(summary: Summary): string {
  const { totals } = summary;
  // A case that failed with a broken check beside it is both a failure and an error.
  const errors = summary.cases.filter((c) => c.error !== undefined).length;
  const time = seconds(summary.cases.reduce((sum, c) => sum + c.durationMs, 0));
  const counts = `tests="${totals.cases}" failures="${totals.failed}" errors="${errors}" skipped="${totals.skipped}" time="${time}"`;
  const properties = [
    ['target', summary.target.baseUrl],
    ['pipeline', summary.target.pipelineId],
    ['outcome', summary.outcome],
    ['exit_code', String(summary.exit.code)],
    ['exit_meaning', summary.exit.meaning],
    ...summary.suiteErrors.map((problem) => ['suite_error', problem]),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="streamkap-metrics-conformance" ${counts}>`,
    `  <testsuite name="${xml(SUITE)}" ${counts} timestamp="${xml(summary.startedAt)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${xml(name ?? '')}" value="${xml(value ?? '')}"/>`),
    '    </properties>',
    ...summary.cases.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
