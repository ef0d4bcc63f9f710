import { causeReach } from '../causes/run-causes';
import { runHeadline } from '../causes/run-headline';
import { DRIFT_STYLE, renderDriftHtml } from '../drift/drift-html';
import { rerunCommand } from '../failure-message';
import { BODY_EXCERPT_CHARS } from '../judge';
import { renderTrendSvg } from '../history/trend-strip';
import { renderResponseTimeChart } from './response-time-chart';
import { describeResponseTimes, oneRequestEach } from './response-times';
import { CHANGE_LABEL } from './baseline';
import type { Coverage } from './contract-coverage';
import { html, type Markup, trusted } from './html-markup';
import type { CaseError, Verdict } from '../model';
import { reportOrder, type Summary, type SummaryCase } from './summary';

/**
 * reports/report.html: one self-contained page for the person on call. Failures come first and
 * open, each with the curl command that reproduces it; a filter hides what is not of interest.
 * No network fetches: styles and script are inline, and a Content-Security-Policy forbids the rest.
 */


/** What an errored case could not be judged for, before its own message. */
const ERROR_LABEL: Record<CaseError['kind'], string> = {
  'suite-bug': 'Suite error (a bug in this suite, not a finding about the server)',
  'target-unavailable': 'Could not be judged: the target was unavailable',
  'live-contract-unavailable': 'Could not be judged: no live contract to compare',
};

function displayBody(body: string, truncated: boolean): { text: string; note?: string } {
  let text = body;
  if (!truncated) {
    try {
      text = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not JSON: shown as it came
    }
  }
  if (text.length > BODY_EXCERPT_CHARS) return { text: text.slice(0, BODY_EXCERPT_CHARS), note: `truncated: the first ${BODY_EXCERPT_CHARS} characters are shown` };
  return { text, note: truncated ? 'truncated: the run kept only the start of a longer body' : undefined };
}

function caseSection(c: SummaryCase): Markup {
  const response = c.response;
  const body = response && displayBody(response.body, response.bodyTruncated);
  const headers = response ? Object.entries(response.headers).sort(([a], [b]) => a.localeCompare(b)) : [];
  return html`
<details class="case ${c.verdict}" id="case-${c.id}" data-case="${c.id}" data-verdict="${c.verdict}"${c.verdict === 'failed' || c.verdict === 'errored' ? trusted(' open') : ''}>
  <summary>
    <span class="badge ${c.verdict}">${c.verdict}</span>
    ${c.warnings.length > 0 ? html`<span class="badge warned">warning</span>` : ''}
    ${c.change ? html`<span class="change ${c.change}">${CHANGE_LABEL[c.change]}</span>` : ''}
    ${c.failingSince ? html`<span class="change still-failing">${c.failingSince}</span>` : ''}
    ${c.flaky ? html`<span class="change still-failing">flaky</span>` : ''}
    <code class="id">${c.id}</code>
    <span class="title">${c.title}</span>
    ${c.skipReason ? html`<span class="skip-reason">(${c.skipReason})</span>` : ''}
    <span class="facts">
      ${c.status !== undefined ? html`<span class="status">HTTP ${c.status}</span>` : ''}
      <span>${c.durationMs} ms</span>
      <span class="retries${c.retries > 0 ? ' some' : ''}">${c.retries} ${c.retries === 1 ? 'retry' : 'retries'}</span>
      ${c.tags.map((tag) => html`<span class="tag">${tag}</span>`)}
    </span>
  </summary>
  <div class="detail">
    ${c.error ? html`<p class="error ${c.error.kind}"><strong>${ERROR_LABEL[c.error.kind]}.</strong> ${c.error.message}</p>` : ''}
    ${c.warnings.map((w) => html`<p class="warning"><strong>⚠ ${w.title}.</strong> ${w.message}</p>`)}
    <h3>Reproduce <small>(export STREAMKAP_TOKEN first)</small></h3>
    <pre class="curl">${c.curl}</pre>
    ${c.verdict === 'failed' || c.verdict === 'errored' ? html`<h3>Rerun this case alone</h3><pre class="curl rerun">${rerunCommand({ caseId: c.id, tier: c.tier, pipelineId: c.pipelineId, generated: c.generated, target: c.target })}</pre>` : ''}
    ${c.findings.length > 0 ? html`
    <h3>Findings</h3>
    <ul class="findings">
      ${c.findings.map((f) => html`
      <li><code>${f.check}</code> <strong>${f.title}.</strong> ${f.message}
        ${f.schemaErrors && f.schemaErrors.length > 0 ? html`
        <ul class="schema-errors">${f.schemaErrors.map((e) => html`<li><code class="path">${e.path}</code> ${e.message}</li>`)}</ul>` : ''}
      </li>`)}
    </ul>` : ''}
    ${response && body ? html`
    <h3>Response <small>HTTP ${response.status}${c.validatedBy ? html`, body judged by ${c.validatedBy}` : ''}</small></h3>
    <table class="headers">${headers.map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</table>
    <pre class="body">${body.text === '' ? '(empty body)' : body.text}</pre>
    ${body.note ? html`<p class="note">${body.note}</p>` : ''}` : c.verdict !== 'skipped' ? html`<p class="note">No response.</p>` : ''}
  </div>
</details>`;
}

function historySection(summary: Summary): Markup {
  const history = summary.history;
  const push = summary.metricsPush;
  const pipelines = summary.totalsByPipeline;
  return html`
${
  history && history.trend.length > 0
    ? html`<section id="trend">
  <h2>Trend</h2>
  <p class="meta">The last ${history.runs} run(s) from ${history.file}: outcome per run, and p95 response time.${history.flaky.length > 0 ? ` Flaky: ${history.flaky.map((f) => f.key).join(', ')}.` : ''}</p>
  ${trusted(renderTrendSvg(history.trend))}
</section>`
    : ''
}
${
  pipelines
    ? html`<section id="pipelines"><h2>Per pipeline</h2><table><tr><th>pipeline</th><th>cases</th><th>failed</th><th>errored</th><th>passed</th><th>skipped</th></tr>
  ${Object.entries(pipelines).map(([p, t]) => html`<tr><td><code>${p}</code></td><td>${t.cases}</td><td>${t.failed}</td><td>${t.errored}</td><td>${t.passed}</td><td>${t.skipped}</td></tr>`)}</table></section>`
    : ''
}
${push ? html`<p class="${push.pushed ? 'meta' : 'warning'}">${push.pushed ? `Metrics pushed to ${push.url}.` : `⚠ ${push.warning ?? 'The metrics push failed.'}`}</p>` : ''}`;
}

function responseTimeSection(summary: Summary): Markup {
  const line = describeResponseTimes(summary.responseTimes, summary.budgets);
  if (line === undefined) return html``;
  const cases = oneRequestEach(summary.cases).map((c) => ({
    caseId: c.id,
    tier: c.tier,
    ...(c.origin === 'coverage' && { group: 'coverage' }),
    durationMs: c.durationMs,
    outcome: c.verdict,
  }));
  return html`
<section id="response-times">
  <h2>Response times</h2>
  <p class="meta">${line}</p>
  ${renderResponseTimeChart(cases, { budgets: summary.budgets })}
</section>`;
}

function generationSection(summary: Summary): Markup {
  const generation = summary.generation;
  if (!generation) return html``;
  return html`
<section id="generated">
  <h2>Generated tier</h2>
  <p class="meta">Seed <code>${generation.seed}</code>: <code>npm run conformance -- --seed ${generation.seed}</code> sends exactly the same requests again. ${generation.requestsSent} generated requests sent; their failures are among the causes above.</p>
</section>`;
}

/** The causes, first on the page: each a line that opens into its simplest request and every case that hit it. */
function causesSection(summary: Summary): Markup {
  const { causes } = summary;
  if (causes.length === 0) return html``;
  return html`
<section id="causes">
  <h2>${causes.length} ${causes.length === 1 ? 'cause' : 'causes'} of failure <small>most cases first; open one for its simplest request and its cases</small></h2>
  ${causes.map(
    (cause, i) => html`
  <details class="cause" data-cause="${cause.key}"${i === 0 ? trusted(' open') : ''}>
    <summary>
      <span class="badge failed">${i + 1}</span>
      ${cause.change ? html`<span class="change ${cause.change}">${CHANGE_LABEL[cause.change]}</span>` : ''}
      <code class="cause-title">${cause.title}</code>
      <span class="facts">${causeReach(cause)}</span>
    </summary>
    <div class="detail">
      <h3>Simplest request <small>${cause.smallest.caseId}: ${cause.smallest.title}${cause.smallest.status !== undefined ? ` (HTTP ${cause.smallest.status})` : ''}; export STREAMKAP_TOKEN first</small></h3>
      <pre class="curl">${cause.smallest.curl}</pre>
      <pre class="curl rerun">${cause.smallest.rerun}</pre>
      <h3>Cases that hit it (${cause.cases})</h3>
      <ul class="cause-cases">${cause.caseIds.map((id) => html`<li><a href="#case-${id}"><code>${id}</code></a></li>`)}</ul>
    </div>
  </details>`,
  )}
</section>`;
}

function sinceBaseline(summary: Summary): Markup {
  const comparison = summary.baseline;
  if (!comparison) return html``;
  const titles = new Map(summary.cases.map((c) => [c.id, c.title]));
  const list = (label: string, cls: string, ids: readonly string[]) => html`
    <div class="since-group ${cls}"><h3>${label} (${ids.length})</h3>
    ${ids.length === 0 ? html`<p class="none">none</p>` : html`<ul>${ids.map((id) => html`<li><code>${id}</code> ${titles.get(id) ?? ''}</li>`)}</ul>`}</div>`;
  return html`
<section id="since">
  <h2>Since the baseline run</h2>
  <p class="meta">Compared with the run of ${comparison.baselineStartedAt} against ${comparison.baselineBaseUrl} (${comparison.file}).</p>
  <div class="since-groups">
    ${list('New failures', 'new', comparison.newFailures)}
    ${list('Still failing', 'still-failing', comparison.stillFailing)}
    ${list('Fixed', 'fixed', comparison.fixed)}
  </div>
</section>`;
}

const seen = (observed: boolean) => (observed ? html`<td class="seen">observed</td>` : html`<td class="unseen">not observed</td>`);

function coverageSection(coverage: Coverage): Markup {
  const t = coverage.totals;
  return html`
<section id="coverage">
  <h2>Contract coverage</h2>
  <p class="meta">What this run saw the server exercise, out of ${coverage.answeredCases} answered cases. A green run vouches only for what it observed.</p>
  <div class="coverage-grid">
    <div><h3>Query parameters (${t.parameters.observed}/${t.parameters.of})</h3>
      <table><tr><th>parameter</th><th>seen</th><th>sent</th><th>answered 200</th></tr>
      ${coverage.parameters.map((p) => html`<tr><td><code>${p.name}</code></td>${seen(p.observed)}<td>${p.sent}</td><td>${p.answered200}</td></tr>`)}</table></div>
    <div><h3>Enum values (${t.enumValues.observed}/${t.enumValues.of})</h3>
      <table><tr><th>value</th><th>seen</th><th>sent</th><th>answered 200</th></tr>
      ${coverage.enumValues.map((v) => html`<tr><td><code>${v.name}=${v.value}</code></td>${seen(v.observed)}<td>${v.sent}</td><td>${v.answered200}</td></tr>`)}</table></div>
    <div><h3>Statuses (${t.statuses.observed}/${t.statuses.of})</h3>
      <table><tr><th>status</th><th>seen</th><th>count</th><th>named in</th></tr>
      ${coverage.statuses.map((s) => html`<tr><td>${s.status}</td>${seen(s.observed)}<td>${s.count}</td><td>${s.kind === 'declared' ? 'OpenAPI document' : 'prose only (overlay)'}</td></tr>`)}
      ${coverage.undeclaredStatuses.map((s) => html`<tr class="undeclared"><td>${s.status}</td><td class="unseen">undeclared</td><td>${s.count}</td><td>no contract file</td></tr>`)}</table></div>
    <div><h3>Schema alternatives (${t.alternatives.observed}/${t.alternatives.of})</h3>
      <table><tr><th>status</th><th>path</th><th>as</th><th>seen</th><th>count</th></tr>
      ${coverage.alternatives.map((a) => html`<tr><td>${a.status}</td><td><code>${a.path}</code></td><td>${a.type}</td>${seen(a.observed)}<td>${a.count}</td></tr>`)}</table></div>
  </div>
</section>`;
}

const STYLE = `
:root { --failed:#b42318; --failed-bg:#fef3f2; --errored:#5925dc; --errored-bg:#f4f3ff; --passed:#067647; --passed-bg:#ecfdf3; --skipped:#93370d; --skipped-bg:#fffaeb; --line:#d0d5dd; --muted:#475467; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #101828; background: #f9fafb; }
header, section, nav, main { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 16px; margin: 22px 0 8px; }
h3 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
h3 small { text-transform: none; letter-spacing: 0; font-weight: normal; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; white-space: pre-wrap; word-break: break-all; margin: 0; }
pre.curl { background: #101828; color: #f2f4f7; border-color: #101828; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.run dt { color: var(--muted); } dl.run dd { margin: 0; }
.result { font-size: 13px; padding: 2px 8px; border-radius: 4px; vertical-align: middle; color: #fff; }
.result { background: var(--errored); } .result.failed { background: var(--failed); } .result.passed { background: var(--passed); } .result.interrupted, .result.could-not-check { background: var(--skipped); }
ul.totals { list-style: none; display: flex; gap: 10px; padding: 0; margin: 10px 0; flex-wrap: wrap; }
ul.totals li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: #fff; }
ul.totals b { font-size: 18px; margin-right: 4px; }
ul.totals .failed b { color: var(--failed); } ul.totals .errored b { color: var(--errored); } ul.totals .passed b { color: var(--passed); } ul.totals .skipped b { color: var(--skipped); }
nav.filter { position: sticky; top: 0; background: #f9fafb; padding-top: 8px; padding-bottom: 8px; border-bottom: 1px solid var(--line); z-index: 1; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
nav.filter label { cursor: pointer; }
nav.filter button { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
#shown { color: var(--muted); margin-left: auto; }
main { padding-top: 10px; padding-bottom: 10px; }
details.case { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; margin: 6px 0; }
details.case.failed { border-left-color: var(--failed); } details.case.errored { border-left-color: var(--errored); } details.case.passed { border-left-color: var(--passed); } details.case.skipped { border-left-color: var(--skipped); }
details.case > summary { cursor: pointer; padding: 7px 10px; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
details.case[open] > summary { border-bottom: 1px solid var(--line); }
.badge { font-size: 11px; font-weight: 600; text-transform: uppercase; padding: 1px 6px; border-radius: 4px; }
.badge.failed { background: var(--failed-bg); color: var(--failed); } .badge.errored { background: var(--errored-bg); color: var(--errored); } .badge.warned { background: var(--skipped-bg); color: var(--skipped); }
p.error, p.warning, p.stop { border-radius: 6px; padding: 6px 10px; margin: 8px 0; } p.error { background: var(--errored-bg); color: var(--errored); } p.warning, p.stop { background: var(--skipped-bg); color: var(--skipped); } .badge.passed { background: var(--passed-bg); color: var(--passed); } .badge.skipped { background: var(--skipped-bg); color: var(--skipped); }
.change { font-size: 11px; font-weight: 600; padding: 1px 6px; border-radius: 4px; border: 1px solid currentColor; }
.change.new { color: var(--failed); } .change.still-failing { color: var(--skipped); } .change.fixed { color: var(--passed); }
.id { font-weight: 600; overflow-wrap: anywhere; }
/* A generated case's title can quote a value of thousands of digits: it wraps, never widens the page. */
.title, .skip-reason, .facts span { overflow-wrap: anywhere; min-width: 0; }
.facts { margin-left: auto; display: flex; gap: 8px; color: var(--muted); font-size: 12px; flex-wrap: wrap; }
.retries.some { color: var(--skipped); font-weight: 600; }
.tag { background: #f2f4f7; border-radius: 10px; padding: 0 7px; }
.detail { padding: 2px 12px 12px; }
ul.findings { margin: 0; padding-left: 18px; } ul.findings > li { margin: 4px 0; overflow-wrap: anywhere; }
ul.schema-errors { margin: 4px 0; padding-left: 18px; } .path { color: var(--failed); font-weight: 600; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; font-size: 12.5px; }
table.headers { margin-bottom: 6px; } table.headers th { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: normal; color: var(--muted); }
table.headers td { word-break: break-all; }
.note, .meta, .none { color: var(--muted); font-size: 12.5px; }
.skip-reason { color: var(--skipped); font-size: 12.5px; }
.since-groups, .coverage-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 8px 20px; }
.coverage-grid { grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); }
.since-group.new h3 { color: var(--failed); } .since-group.fixed h3 { color: var(--passed); }
details.cause { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--failed); border-radius: 6px; margin: 6px 0; }
details.cause > summary { cursor: pointer; padding: 7px 10px; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
details.cause[open] > summary { border-bottom: 1px solid var(--line); }
.cause-title { font-weight: 600; overflow-wrap: anywhere; }
ul.cause-cases { display: flex; flex-wrap: wrap; gap: 2px 14px; list-style: none; padding: 0; margin: 0; max-height: 12em; overflow-y: auto; }
h2 small { font-weight: normal; color: var(--muted); font-size: 12.5px; }
td.seen { color: var(--passed); } td.unseen { color: var(--failed); }
footer { max-width: 1200px; margin: 20px auto; padding: 0 20px; color: var(--muted); font-size: 12px; }
`;

// Reads only the page's own elements: no server text is ever in the script.
const SCRIPT = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var shown = document.getElementById('shown');
  function apply() {
    var on = {};
    boxes.forEach(function (box) { on[box.getAttribute('data-filter')] = box.checked; });
    var count = 0;
    cases.forEach(function (c) { c.hidden = !on[c.getAttribute('data-verdict')]; if (!c.hidden) count += 1; });
    shown.textContent = 'showing ' + count + ' of ' + cases.length + ' cases';
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  document.getElementById('expand').addEventListener('click', function () { cases.forEach(function (c) { if (!c.hidden) c.open = true; }); });
  document.getElementById('collapse').addEventListener('click', function () { cases.forEach(function (c) { c.open = false; }); });
  apply();
})();
`;

// default-src 'none': the page cannot fetch anything, even if a server's text ever slipped through unescaped.
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderHtmlReport(summary: Summary, coverage: Coverage): string {
  const { totals, target } = summary;
  const result = summary.outcome;
  const label = result === 'failed' ? `${totals.failed} failed` : result === 'passed' ? 'passed' : result.replace(/-/g, ' ');
  const ordered = reportOrder(summary.cases);
  const filter = (verdict: Verdict['outcome'], count: number) =>
    html`<label><input type="checkbox" data-filter="${verdict}" checked> ${verdict} (${count})</label>`;
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${label}: Streamkap metrics conformance, ${summary.startedAt}</title>
<style>${trusted(STYLE + DRIFT_STYLE)}</style>
</head>
<body>
<header>
  <h1>Streamkap metrics conformance <span class="result ${result}">${label}</span></h1>
  <p class="exit">${runHeadline(summary)}</p>
  ${summary.stop ? html`<p class="stop">Stopped early: ${summary.stop.description}. The cases not sent are marked not run.</p>` : ''}
  ${summary.suiteErrors.map((problem) => html`<p class="error suite-bug">Suite error: ${problem}</p>`)}
  <dl class="run">
    <dt>Target</dt><dd><code>${target.baseUrl}</code>${target.embedded ? ' (the embedded reference server)' : ''}, ${target.pipelineIds.length > 1 ? 'pipelines' : 'pipeline'} ${target.pipelineIds.map((id, i) => html`${i > 0 ? ', ' : ''}<code>${id}</code>`)}</dd>
    <dt>Started</dt><dd>${summary.startedAt}</dd>
    <dt>Finished</dt><dd>${summary.finishedAt} (${(summary.durationMs / 1000).toFixed(1)} s)</dd>
    <dt>Selection</dt><dd>${summary.selection.tags.length > 0 ? html`tags ${summary.selection.tags.join(', ')}` : 'all cases'}</dd>
    <dt>Contract</dt><dd><code>${summary.contract.spec}</code> with <code>${summary.contract.overlay}</code></dd>
  </dl>
  <ul class="totals">
    <li><b>${totals.cases}</b> cases</li>
    <li class="failed"><b>${totals.failed}</b> failed</li>
    <li class="errored"><b>${totals.errored}</b> errored</li>
    <li class="passed"><b>${totals.passed}</b> passed</li>
    <li class="skipped"><b>${totals.skipped}</b> skipped</li>
    <li><b>${totals.warned}</b> with warnings</li>
    <li><b>${totals.retries}</b> retries</li>
  </ul>
</header>
${causesSection(summary)}
${sinceBaseline(summary)}
${historySection(summary)}
${responseTimeSection(summary)}
${generationSection(summary)}
${summary.drift ? trusted(renderDriftHtml(summary.drift)) : ''}
<nav class="filter" aria-label="Filter cases by verdict">
  <strong>Show</strong>
  ${filter('failed', totals.failed)} ${filter('errored', totals.errored)} ${filter('skipped', totals.skipped)} ${filter('passed', totals.passed)}
  <button type="button" id="expand">expand all</button><button type="button" id="collapse">collapse all</button>
  <span id="shown"></span>
</nav>
<main id="cases">
${ordered.map(caseSection)}
</main>
${coverageSection(coverage)}
<footer>Generated by streamkap-metrics-conformance. summary.json, summary.md, coverage.json and junit.xml sit beside this file.</footer>
<script>${trusted(SCRIPT)}</script>
</body>
</html>
`.text}`;
}
