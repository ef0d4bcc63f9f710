/**
 * The files a run leaves behind, read as text: report.html, summary.md (and the GitHub step
 * summary it is appended to), summary.json and coverage.json. The browser test reads the page
 * as a person does; this one checks what must hold byte for byte.
 */
import { exitStatus } from '../../src/exit-status';
import { loadContract } from '../../src/contract';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCases } from '../../cases';
import type { Verdict } from '../../src/model';
import type { Answer, MetricsRequest } from '../../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { Redactor } from '../../src/redaction';
import { codeSpan, escapeMarkdown } from '../../src/reports/markdown-text';
import { WRITTEN_AT_THE_END as REPORT_FILES, writeReports } from '../../src/reports/write-reports';
import { failedIds, runAgainst } from '../support/run-against';
import { FAILING_CASES, type FailingRun, HOSTILE_TEXT, runInfoFor, TOTALS, writeFailingRun } from './failing-run';

const contract = loadContract();

const HOSTILE_HTML_BODY = '<script>alert("pwned")</script><a href="https://evil.example">click</a>';

describe('after a failing run against a broken server', () => {
  let run: FailingRun;
  let page: string;
  let markdown: string;

  beforeAll(async () => {
    run = await writeFailingRun();
    await run.server.close();
    page = readFileSync(join(run.reportsDir, 'report.html'), 'utf8');
    markdown = readFileSync(join(run.reportsDir, 'summary.md'), 'utf8');
  });

  test('every report file is written', () => {
    for (const name of REPORT_FILES) expect(existsSync(join(run.reportsDir, name))).toBe(true);
  });

  test('report.html is one self-contained file: inline style and script, nothing to fetch, and a policy that forbids fetching', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script[^>]*\bsrc\s*=/i);
    // Only links within the page (a cause to its cases): nothing that could fetch.
    expect(page).not.toMatch(/<[a-z][^>]*\s(src|href|srcset|action|poster|data)\s*=\s*"(?!#)/i);
    expect(page).toMatch(/<a href="#case-accept\.time-unit\.week">/);
    expect(page).not.toMatch(/<link\b|@import|url\(/i);
  });

  test('report.html shows server text escaped, never as markup', () => {
    expect(page).not.toContain(HOSTILE_TEXT);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('window.__pwned=2</script>');
    expect(page).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;');
  });

  test('report.html lists failures first, then the skipped case, then the passes', () => {
    const order = [...page.matchAll(/data-case="([^"]+)" data-verdict="([a-z]+)"/g)].map((m) => [m[1], m[2]]);
    expect(order).toHaveLength(TOTALS.cases);
    expect(order.slice(0, 2)).toEqual(FAILING_CASES.map((id) => [id, 'failed']));
    expect(order[2]).toEqual(['auth.limited-token', 'skipped']);
    expect(order.slice(3).every(([, verdict]) => verdict === 'passed')).toBe(true);
  });

  // One of its cases failed last time too: the cause is still failing.
  test('summary.md: the headline, the cause with its schema error, the failures and their change since the baseline, the curl command, the skipped case, the coverage', () => {
    expect(markdown.split('\n')[0]).toBe(`## Streamkap metrics conformance: ❌ ${TOTALS.failed} of ${TOTALS.cases} cases failed`);
    expect(markdown).toContain(`| ${TOTALS.cases} | ${TOTALS.failed} | 0 | ${TOTALS.passed} | ${TOTALS.skipped} | 0 | 0 |`);
    const cause = '`response_schema_conformance $.data.recordsLag must be integer, string or null`';
    expect(markdown).toContain(`### Causes (1)\n\n1. **${cause}** (still failing): 2 cases; tiers accept; from table; cases \`accept.time-unit.week\`, \`accept.time-unit.week.interval-2\`\n`);
    expect(markdown).toContain(`- **\`accept.time-unit.week\`** time\\_unit=week with time\\_interval=1 (as Node's fetch (undici)) (HTTP 200, new failure): ${cause}`);
    expect(markdown).toContain(`- **\`accept.time-unit.week.interval-2\`** time\\_unit=week with time\\_interval=2 (as Python requests) (HTTP 200, still failing): ${cause}`);
    // The simpler of the two requests reproduces the cause: the contract's default interval.
    const curl = run.verdicts.find((v) => v.caseId === 'accept.time-unit.week')?.curl ?? 'missing';
    const rerun = run.verdicts.find((v) => v.caseId === 'accept.time-unit.week');
    expect(markdown).toContain(
      `\`\`\`sh\n# 1. response_schema_conformance $.data.recordsLag must be integer, string or null\n${curl}\nnpx streamkap-conformance --base-url ${rerun?.target?.baseUrl} --pipeline ${rerun?.target?.pipelineId} --case accept.time-unit.week\n`,
    );
    expect(markdown).toContain('- Fixed (1): `accept.defaults`');
    expect(markdown).toContain('**Skipped or not run (1):** `auth.limited-token`: no limited credentials');
    expect(markdown).toMatch(/Observed 4\/4 query parameters, 5\/5 enum values, 4\/7 declared or documented statuses, \d+\/25 schema alternatives\./);
    expect(markdown).toContain('status 500');
    expect(markdown).toContain('`$.data.latency` as string');
    expect(markdown).toMatch(/; \d+ alternatives in error bodies \(listed in report.html and coverage.json\)\./);
  });

  test('summary.md is appended to $GITHUB_STEP_SUMMARY, after what earlier steps wrote', () => {
    const stepSummary = readFileSync(run.stepSummaryFile, 'utf8');
    expect(stepSummary).toBe(`${markdown}\n`);
  });

  test('summary.json names each case\'s fields as README promises the CI that reads it', () => {
    const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')) as typeof run.summary;
    const failed = summary.cases.find((c) => c.id === 'accept.time-unit.week');
    expect(Object.keys(failed ?? {})).toEqual(expect.arrayContaining(['id', 'title', 'tags', 'request', 'status', 'durationMs', 'verdict', 'findings', 'response']));
    expect(Object.keys(failed?.request ?? {})).toEqual(expect.arrayContaining(['method', 'path', 'query']));
    expect(failed?.response?.status).toBe(200);
    expect(summary.target.baseUrl).toBe(run.server.baseUrl);
    expect(summary.totals).toEqual({ ...TOTALS, errored: 0, warned: 0, retries: 0 });
  });

  test('summary.json keeps each verdict with its retries and its change since the baseline', () => {
    const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')) as typeof run.summary;
    expect(summary).toEqual(run.summary);
    expect(summary.cases.find((c) => c.id === 'accept.time-unit.week')).toMatchObject({ verdict: 'failed', change: 'new', retries: 0, status: 200 });
  });
});

describe('hostile, long, retried and secret-echoing answers', () => {
  let server: ReferenceServer;
  let verdicts: Verdict[];
  let dir: string;
  let stepSummaryFile: string;
  const served = new Set<string>();

  beforeAll(async () => {
    server = await startReferenceServer({
      behaviour: {
        finish(answer: Answer, request: MetricsRequest): Answer {
          // A 503 on first sight of each URL: the client retries, and the report must say so.
          const key = `${request.pipelineId}?${request.query.toString()}`;
          if (!served.has(key)) {
            served.add(key);
            return { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '0' }, body: '{"detail":"busy"}' };
          }
          const echoed = { ...answer.headers, 'x-echo-authorization': request.authorization ?? '' };
          if (answer.status === 404) return { status: 404, headers: { ...echoed, 'content-type': 'text/html' }, body: HOSTILE_HTML_BODY };
          if (answer.status === 200 && request.query.get('time_unit') === 'month') {
            const body = JSON.parse(answer.body.toString()) as { metadata: Record<string, unknown> };
            body.metadata.padding = { text: 'x'.repeat(10_000) };
            return { ...answer, headers: echoed, body: JSON.stringify(body) };
          }
          return { ...answer, headers: echoed };
        },
      },
    });
    const ids = ['accept.defaults', 'accept.time-unit.month', 'pipeline.missing'];
    verdicts = await runAgainst(server, { cases: allCases.filter((c) => ids.includes(c.id)) });
    dir = mkdtempSync(join(tmpdir(), 'conformance-hostile-'));
    stepSummaryFile = join(dir, 'github-step-summary.md');
    writeFileSync(stepSummaryFile, '## An earlier step\n\n');
    const redactor = new Redactor();
    redactor.add(server.token, '$STREAMKAP_TOKEN');
    for (let night = 0; night < 2; night += 1) {
      writeReports(join(dir, `run-${night}`), runInfoFor(server, new Date().toISOString(), verdicts), verdicts, redactor, { stepSummaryFile, contract });
    }
  });

  afterAll(() => server.close());

  const read = (name: string) => readFileSync(join(dir, 'run-0', name), 'utf8');

  test('the server was hostile: pipeline.missing failed, the others passed, each after one retry', () => {
    expect(failedIds(verdicts)).toEqual(['pipeline.missing']);
    expect(verdicts.map((v) => v.retries)).toEqual([1, 1, 1]);
  });

  test('retries show per case and in the totals', () => {
    const page = read('report.html');
    expect(page.match(/<span class="retries some">1 retry<\/span>/g)).toHaveLength(3);
    expect(page).toContain('<li><b>3</b> retries</li>');
    expect(read('summary.md')).toContain(
      '- **`pipeline.missing`** a well-formed id of no pipeline (STREAMKAP\\_MISSING\\_PIPELINE\\_ID) (HTTP 404, 1 retry): `body_is_json (missing pipeline id): Body is not JSON (also content_type_is_json)`',
    );
  });

  test('a long body is cut, and the page says so', () => {
    const month = verdicts.find((v) => v.caseId === 'accept.time-unit.month');
    expect(month?.response?.bodyTruncated).toBe(true);
    expect(read('report.html')).toContain('<p class="note">truncated: the run kept only the start of a longer body</p>');
  });

  test('an HTML error body stays text in report.html, and out of summary.md, which names the cause instead', () => {
    const page = read('report.html');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('evil.example">');
    expect(page).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    const markdown = read('summary.md');
    expect(markdown).toContain('`body_is_json (missing pipeline id): Body is not JSON (also content_type_is_json)`');
    expect(markdown).not.toContain('pwned');
    expect(markdown).not.toMatch(/(^|[^\\])<(script|a)\b/);
  });

  test('no report carries the token, though the server echoed it', () => {
    expect(verdicts[0]?.response?.headers['x-echo-authorization']).toBe('Bearer $STREAMKAP_TOKEN');
    expect(readdirSync(join(dir, 'run-0')).sort()).toEqual([...REPORT_FILES].sort());
    for (const name of REPORT_FILES) expect(read(name)).not.toContain(server.token);
    expect(readFileSync(stepSummaryFile, 'utf8')).not.toContain(server.token);
  });

  test('each run appends to the step summary; nothing earlier is lost', () => {
    const stepSummary = readFileSync(stepSummaryFile, 'utf8');
    expect(stepSummary.startsWith('## An earlier step\n\n## Streamkap metrics conformance: ❌ 1 of 3 cases failed')).toBe(true);
    expect(stepSummary.match(/## Streamkap metrics conformance/g)).toHaveLength(2);
  });
});

describe('text that reaches the writer unredacted or unescaped', () => {
  // Marks that HTML and markdown escape, around a core that no escaping touches: whatever a
  // report makes of the secret, the core is still in it. (No `"`: a body echoing the secret in
  // JSON would spell it `\"`, which the redactor does not know, and no real token holds one.)
  const CORE = 'Zq9Xw7Pa3Lm';
  const SECRET = `tok_<b>*${CORE}*</b>&_end'`;
  const INJECTION = '2025-03-04T02:17:00Z\n# Injected [link](https://evil.example) <img src=x>';

  const verdictWith = (text: string): Verdict => ({
    caseId: 'accept.defaults',
    title: `title ${text}`,
    tier: 'accept',
    tags: ['smoke'],
    outcome: 'failed',
    warnings: [],
    request: { method: 'GET', url: `http://127.0.0.1:9/pipelines/p/metrics?x=${encodeURIComponent(text)}`, path: '/pipelines/p/metrics', query: [['x', text]] },
    curl: `curl -H "Authorization: Bearer ${text}"`,
    status: 200,
    durationMs: 1,
    retries: 0,
    response: { status: 200, headers: { [`x-${text}`]: text }, body: JSON.stringify({ echo: text }), bodyTruncated: false },
    findings: [{ check: 'response_schema_conformance', title: `Body ${text}`, message: text, schemaErrors: [{ path: `$.${text}`, message: text }] }],
  });

  /** Writes the reports of one verdict carrying `text` everywhere, against a baseline that carries it too; returns every file written. */
  function reportsWith(text: string, redactor: Redactor, baselineStartedAt = text): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-unredacted-'));
    const stepSummaryFile = join(dir, 'step-summary.md');
    const run = { baseUrl: 'http://127.0.0.1:9', pipelineId: text, embedded: false, startedAt: '2025-03-05T02:17:00.000Z', finishedAt: '2025-03-05T02:17:01.000Z', tags: [text], concurrency: 1, maxRps: 1, timeoutMs: 1000, retries: 0, exit: exitStatus([], undefined, []), suiteErrors: [], budgets: {} };
    const baseline = { file: `/tmp/${text}/summary.json`, startedAt: baselineStartedAt, baseUrl: `https://${text}.example`, outcomes: new Map([['accept.defaults', 'passed' as const]]) };
    writeReports(dir, run, [verdictWith(text)], redactor, { baseline, stepSummaryFile, contract });
    return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  }

  test('a secret is replaced in every file and the step summary, in whatever spelling the format gives it', () => {
    const redactor = new Redactor();
    redactor.add(SECRET, '$STREAMKAP_TOKEN');
    const files = reportsWith(SECRET, redactor);
    expect(Object.keys(files).sort()).toEqual([...REPORT_FILES, 'step-summary.md'].sort());
    for (const [name, text] of Object.entries(files)) {
      expect([name, text.includes(CORE)]).toEqual([name, false]);
      // coverage.json holds counts and the contract's own names only: no case text to redact.
      if (name !== 'coverage.json') expect([name, text.includes('$STREAMKAP_TOKEN')]).toEqual([name, true]);
    }
  });

  test('a baseline\'s text cannot start a heading, a link or HTML in summary.md', () => {
    const markdown = reportsWith('plain', new Redactor(), INJECTION)['summary.md'] ?? '';
    expect(markdown).toContain('### Since the baseline run of 2025-03-04T02:17:00Z # Injected \\[link\\](https://evil.example) \\<img src=x\\>\n');
    expect(markdown).not.toMatch(/^# Injected/m);
  });
});

test.each([
  ['emphasis and links', '*bold* _it_ [x](https://evil.example)', '\\*bold\\* \\_it\\_ \\[x\\](https://evil.example)'],
  ['HTML and entities', '<img src=x> &amp; | ~~gone~~', '\\<img src=x\\> \\&amp; \\| \\~\\~gone\\~\\~'],
  ['new lines that would start a heading', 'one\n# two', 'one # two'],
])('escapeMarkdown neutralises %s', (_what, text, escaped) => {
  expect(escapeMarkdown(text)).toBe(escaped);
});

test('a code span is not closed early by backticks inside it', () => {
  expect(codeSpan('a`b')).toBe('``a`b``');
  expect(codeSpan('`x`')).toBe('`` `x` ``');
});
