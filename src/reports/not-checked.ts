import { CSP } from './html-report';
import { html, trusted } from './html-markup';
import { xml } from './junit-report';

/** What a run that stopped before any case was sent records: why it could not check, and nothing that looks green. */
export interface NotCheckedRecord {
  outcome: string;
  exit: { code: number; meaning: string };
  setting?: string;
  target?: { baseUrl: string; embedded: boolean };
  startedAt: string;
  finishedAt: string;
}

const SUITE = 'GET /pipelines/{pipeline_id}/metrics';

/**
 * junit.xml of a run that checked nothing: one errored testcase that says why, so that a CI's
 * test view goes red with the reason instead of showing an empty, green suite.
 */
export function renderNotCheckedJunit(record: NotCheckedRecord): string {
  const name = `the run could not check the target${record.setting ? ` (${record.setting})` : ''}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="streamkap-metrics-conformance" tests="1" failures="0" errors="1" skipped="0" time="0.000">`,
    `  <testsuite name="${xml(SUITE)}" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${xml(record.startedAt)}">`,
    `    <testcase classname="${xml(`${SUITE} run`)}" name="${xml(name)}" time="0.000">`,
    `      <error message="${xml(record.exit.meaning)}" type="${xml(record.outcome)}">${xml(`Exit ${record.exit.code}: ${record.exit.meaning}`)}</error>`,
    '    </testcase>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** report.html of a run that checked nothing: the reason, the setting to fix, and no case that could read as passed. */
export function renderNotCheckedHtml(record: NotCheckedRecord): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(CSP)}">
<title>Streamkap metrics conformance: could not check</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}.verdict{border-left:6px solid #b45309;padding:.5rem 1rem;background:#fffbeb}</style>
</head>
<body>
<h1>Streamkap metrics conformance: could not check</h1>
<p class="verdict"><strong>Exit ${String(record.exit.code)}.</strong> ${record.exit.meaning}</p>
<p>No case was sent, so this run vouches for nothing.${record.setting ? html` The setting to fix: <code>${record.setting}</code>.` : ''}</p>
<p>Target: ${record.target ? record.target.baseUrl : 'not settled'}. Started ${record.startedAt}, finished ${record.finishedAt}.</p>
</body>
</html>
`.text;
}
