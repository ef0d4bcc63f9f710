/**
 * Content negotiation as the suite reads it: which Accept admits JSON, which coding a request
 * offered, the tier of a request that admits no JSON, the 406 HTTP documents for it alone, every
 * tier's cases under several client profiles, and reproductions (curl, HAR) that send what the
 * profile sent.
 */
import { allCases } from '../cases';
import { DEFAULT_CHECKS } from '../src/checks';
import { observe } from '../src/checks/observation';
import { loadContract } from '../src/contract';
import { toCurl } from '../src/curl-command';
import { coverageCases } from '../src/generation/coverage-phase';
import { acceptAdmitsJson, codingOffered } from '../src/http/negotiation';
import { CLIENT_PROFILES, type Case, TIERS, type Verdict } from '../src/model';
import { renderFailuresHar } from '../src/reports/failures-har';
import { buildRequest } from '../src/request-builder';

const contract = loadContract();
const coverage = coverageCases(contract);
const row = (slug: string): Case => coverage.find((c) => c.id === `generated.coverage.${slug}`) as Case;
const target = { baseUrl: 'http://h', pipelineId: 'p', missingPipelineId: '0' };

test('an Accept admits JSON by application/json, application/* or */* above q=0, the most specific deciding; no Accept admits anything', () => {
  const admits = [
    '*/*',
    'application/json, text/plain, */*',
    'text/html,application/xhtml+xml,*/*;q=0.8',
    'application/*',
    'TEXT/HTML, Application/JSON',
  ];
  const refuses = ['text/html', 'text/html, application/xhtml+xml', 'application/json;q=0, */*', '*/*;q=0', 'text/csv'];
  expect([false as const, ...admits].map(acceptAdmitsJson)).toEqual([false, ...admits].map(() => true));
  expect(refuses.map(acceptAdmitsJson)).toEqual(refuses.map(() => false));
});

test('a coding is offered when listed (or matched by *) above q=0; identity always; x-gzip is gzip', () => {
  expect(codingOffered('gzip, deflate', 'gzip')).toBe(true);
  expect(codingOffered('gzip, deflate', 'br')).toBe(false);
  expect(codingOffered('gzip;q=0, *', 'gzip')).toBe(false);
  expect(codingOffered('*', 'br')).toBe(true);
  expect(codingOffered('gzip', 'x-gzip')).toBe(true);
  expect(codingOffered('gzip', 'identity')).toBe(true);
});

test('an Accept that admits no JSON makes the example boundary, where 406 is documented by HTTP; 406 to anything else is not', () => {
  const htmlOnly = row('negotiation.accept-html-only');
  expect([htmlOnly.tier, row('profile.curl').tier, row('profile.go').tier]).toEqual(['boundary', 'accept', 'accept']);
  const notAcceptable = { status: 406, headers: { 'content-type': 'text/html' }, body: '<h1>406 Not Acceptable</h1>' };
  const findings = (testCase: Case) =>
    DEFAULT_CHECKS.byTier[testCase.tier].flatMap((check) => check(observe(testCase, notAcceptable, contract)));
  expect(findings(htmlOnly)).toEqual([]);
  const curl = findings(row('profile.curl'));
  expect(curl.map((f) => f.check)).toEqual(['valid_request_accepted', 'status_is_documented']);
  expect(curl[1]?.message).toMatch(
    /406 Not Acceptable is for an Accept that admits no JSON \(RFC 9110, 15\.5\.7\); this request sent Accept: \*\/\*/,
  );
  expect(findings(row('profile.go'))[1]?.message).toMatch(
    /sent no Accept, which admits application\/json \(no Accept at all admits anything/,
  );
  // The JSON it may get instead is labelled as JSON all the same.
  const html = { status: 200, headers: { 'content-type': 'text/html' }, body: '{"data":{},"metadata":{}}' };
  expect(DEFAULT_CHECKS.byTier.boundary.flatMap((check) => check(observe(htmlOnly, html, contract))).map((f) => f.check)).toEqual([
    'json_labelled_as_json',
  ]);
});

test("every tier's cases, in the tables and the coverage phase, carry more than one client profile; the must-accept ones every profile", () => {
  for (const cases of [allCases, coverage]) {
    for (const tier of TIERS) {
      const profiles = new Set(cases.filter((c) => c.tier === tier).map((c) => c.profile ?? 'axios'));
      const count = cases.filter((c) => c.tier === tier).length;
      if (count > 1) expect([tier, profiles.size > 1]).toEqual([tier, true]);
    }
    expect(new Set(cases.filter((c) => c.tier === 'accept').map((c) => c.profile ?? 'axios'))).toEqual(new Set(CLIENT_PROFILES));
  }
  // The title says whose headers the request carries; the suite's own say nothing more.
  const minute = allCases.find((c) => c.id === 'accept.time-unit.minute');
  expect([minute?.profile, minute?.title]).toEqual(['curl', 'time_unit=minute with time_interval=1 (as curl)']);
  expect(allCases.find((c) => c.id === 'accept.defaults')?.profile).toBeUndefined();
  expect(CLIENT_PROFILES.map((p) => row(`profile.${p}`).profile)).toEqual([...CLIENT_PROFILES]);
});

test("a reproduction sends the profile's headers: curl drops its own Accept where the client sends none, asks for and undoes the same codings", () => {
  const curl = (slug: string) => toCurl(buildRequest(row(slug), target));
  expect(curl('profile.curl')).toMatch(/^curl -sS -i --globoff '[^']+' -H "Authorization: Bearer \$STREAMKAP_TOKEN"$/);
  expect(curl('profile.go')).toContain(`-H 'Accept:' --compressed -H 'Accept-Encoding: gzip' -A 'Go-http-client/1.1'`);
  expect(curl('profile.python-requests')).toContain(`--compressed -H 'Accept-Encoding: gzip, deflate' -A 'python-requests/`);
  expect(curl('profile.python-requests')).not.toContain('Accept:');
  expect(curl('profile.axios')).toContain(
    `-H 'Accept: application/json, text/plain, */*' --compressed -H 'Accept-Encoding: gzip, deflate, br' -A 'axios/`,
  );
  // A case's own Accept is sent instead of its profile's.
  const htmlOnly = curl('negotiation.accept-html-only');
  expect(htmlOnly).toContain(`-H 'accept: text/html'`);
  expect(htmlOnly).not.toContain('application/xhtml+xml');
});

test('failures.har lists the headers the profile sent, and none it did not', () => {
  const verdictOf = (testCase: Case): Verdict => {
    const request = buildRequest(testCase, target);
    return {
      caseId: testCase.id,
      title: testCase.title,
      tier: testCase.tier,
      tags: testCase.tags,
      outcome: 'failed',
      warnings: [],
      request,
      curl: toCurl(request),
      durationMs: 1,
      retries: 0,
      findings: [{ check: 'content_coding_as_negotiated', title: 'gzip applied twice', message: '' }],
    };
  };
  const har = renderFailuresHar(
    [verdictOf(row('profile.go')), verdictOf(row('negotiation.accept-html-only'))],
    { startedAt: new Date(0).toISOString(), target: 'http://h' },
    new Map(),
  );
  const [go, htmlOnly] = har.log.entries.map((entry) => Object.fromEntries(entry.request.headers.map((h) => [h.name, h.value])));
  expect(go).toEqual({ 'Accept-Encoding': 'gzip', 'User-Agent': 'Go-http-client/1.1', Authorization: 'Bearer $STREAMKAP_TOKEN' });
  expect(htmlOnly?.Accept).toBe('text/html');
});
