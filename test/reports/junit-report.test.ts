/** junit.xml from the verdicts: failure, error and skipped where they belong, and each case's own duration. */
import { exitStatus } from '../../src/exit-status';
import type { Verdict } from '../../src/model';
import { renderJunitReport } from '../../src/reports/junit-report';
import { buildSummary } from '../../src/reports/summary';

const base = { title: 't', tier: 'accept' as const, tags: [], request: { method: 'GET' as const, url: 'u', path: '/', query: [] }, curl: 'curl x', retries: 0, findings: [], warnings: [] };
const verdicts: Verdict[] = [
  { ...base, caseId: 'a.passed', outcome: 'passed', durationMs: 1234 },
  { ...base, caseId: 'a.failed', outcome: 'failed', durationMs: 20, findings: [{ check: 'valid_request_accepted', title: 'Valid request answered 500', message: 'm' }] },
  { ...base, caseId: 'a.errored', outcome: 'errored', durationMs: 7, error: { kind: 'target-unavailable', message: 'answered 503 <after> "3" retries\u0000' } },
  { ...base, caseId: 'a.skipped', outcome: 'skipped', durationMs: 0, skipReason: 'no limited credentials' },
];

test('each outcome gets its JUnit element, times are the requests own, and text is escaped', () => {
  const run = {
    baseUrl: 'http://127.0.0.1:9',
    pipelineId: 'p',
    embedded: false,
    startedAt: '2026-11-26T00:00:00.000Z',
    finishedAt: '2026-11-26T00:00:09.000Z',
    tags: [],
    concurrency: 1,
    maxRps: 1,
    timeoutMs: 1,
    retries: 0,
    exit: exitStatus(verdicts, undefined, []),
    suiteErrors: [],
    budgets: {},
  };
  const xml = renderJunitReport(buildSummary(run, verdicts));
  expect(xml).toContain('tests="4" failures="1" errors="1" skipped="1" time="1.261"');
  expect(xml).toMatch(/<testcase [^>]*name="a\.passed: t" time="1\.234"\/>/);
  expect(xml).toMatch(/name="a\.failed: t" time="0\.020">\n\s*<failure message="valid_request_accepted: Valid request answered 500" type="valid_request_accepted">/);
  expect(xml).toContain('<error message="answered 503 &lt;after&gt; &quot;3&quot; retries\\u0000" type="target-unavailable">');
  expect(xml).toContain('<skipped message="no limited credentials"/>');
  expect(xml).not.toContain('\u0000');
});
