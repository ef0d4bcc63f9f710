import { contentTypeIsJson, bodyIsJson, jsonLabelledAsJson } from '../src/checks/contract-checks';
import { observe } from '../src/checks/observation';
import { authenticatedResponseNotSharedCacheable } from '../src/checks/cache-checks';
import {
  headMirrorsGet,
  headRefusedLikeGet,
  notModifiedOnlyOnMatch,
  preconditionAfterAuthentication,
  strongEtagNamesOneRepresentation,
} from '../src/checks/exchange-checks';
import { noMetricsLeaked } from '../src/checks/leak-checks';
import { validatorsSentBack } from '../src/http/validators';
import { invalidRequestRejected } from '../src/checks/status-checks';
import { loadContract } from '../src/contract';
import type { Case } from '../src/model';

const contract = loadContract();
const testCase: Case = { id: 'x', title: 'x', tier: 'accept', tags: [] };
const answer = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  observe(testCase, { status, headers, body }, contract);

describe('the JSON label: json_labelled_as_json for a JSON body, content_type_is_json for a body that is not JSON either', () => {
  const labelChecks = (observation: ReturnType<typeof answer>) =>
    [...contentTypeIsJson(observation), ...jsonLabelledAsJson(observation)].map((f) => f.check);

  test.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/vnd.example.v1+json'])(
    'accepts %s',
    (type) => {
      expect(labelChecks(answer(200, '{}', { 'content-type': type }))).toEqual([]);
    },
  );

  test.each([['text/html'], ['application/jsonp'], ['text/plain; charset=utf-8'], ['application/json+html']])(
    'refuses %s on JSON, by one name each way',
    (type) => {
      expect(labelChecks(answer(200, '{}', { 'content-type': type }))).toEqual(['json_labelled_as_json']);
      expect(labelChecks(answer(200, '<p>metrics</p>', { 'content-type': type }))).toEqual(['content_type_is_json']);
    },
  );

  test('refuses a missing Content-Type, naming the Accept the request sent and whose it is', () => {
    const asGo = observe({ ...testCase, profile: 'go' }, { status: 200, headers: {}, body: '{}' }, contract);
    expect(jsonLabelledAsJson(asGo)[0]?.message).toMatch(
      /is JSON but has no Content-Type, to a request that sent no Accept \(as Go's net\/http does\).*RFC 9110, 8\.3/,
    );
    const asBrowser = observe(
      { ...testCase, profile: 'browser-navigation' },
      { status: 200, headers: { 'content-type': 'text/html' }, body: '{}' },
      contract,
    );
    expect(jsonLabelledAsJson(asBrowser)[0]?.message).toMatch(/sent Accept: text\/html,application\/xhtml\+xml/);
  });
});

describe('bodyIsJson', () => {
  test.each([
    ['', /the body is empty/],
    ['<!DOCTYPE html><html><body>oops</body></html>', /the body is HTML/],
    ['{"data": {"lat', /not valid JSON/],
  ])('says plainly what %j is', (body, message) => {
    expect(bodyIsJson(answer(200, body))[0]?.message).toMatch(message);
  });
});

describe('invalidRequestRejected', () => {
  test.each([
    [400, 0],
    [422, 0],
    [200, 1],
    [401, 1],
    [404, 1],
    [500, 1],
  ])('status %i gives %i finding(s)', (status, count) => {
    expect(invalidRequestRejected(answer(status, '{"detail": []}'))).toHaveLength(count);
  });
});

describe('noMetricsLeaked', () => {
  test('flags an error body that carries metrics, and passes a plain detail', () => {
    expect(noMetricsLeaked(answer(401, '{"detail": "Not authenticated", "data": {"latency": 1}}'))[0]?.check).toBe('no_metrics_leaked');
    expect(noMetricsLeaked(answer(401, '{"detail": "Not authenticated"}'))).toEqual([]);
  });
});

describe('authenticatedResponseNotSharedCacheable', () => {
  const cached = (headers: Record<string, string>, auth: Case['auth'] = 'token') =>
    authenticatedResponseNotSharedCacheable(observe({ ...testCase, auth }, { status: 200, headers, body: '{}' }, contract));

  test.each([
    ['PUBLIC, max-age=60'],
    ['s-maxage="30"'],
    // RFC 9111 3.5 names must-revalidate beside public and s-maxage: it too makes the answer storable.
    ['max-age=60, must-revalidate'],
    ['must-revalidate'],
  ])('refuses %s to a request with a credential', (value) => {
    expect(cached({ 'cache-control': value })[0]?.message).toMatch(/RFC 9111, 3.5/);
  });

  test.each([['s-maxage=300, private="Set-Cookie"'], ['public, no-cache="Set-Cookie, X-Trace", max-age=60'], ['private="a, b", public']])(
    'refuses %s: private or no-cache with field names keeps back only those fields',
    (value) => {
      expect(cached({ 'cache-control': value })[0]?.message).toMatch(/keeps back only those fields \(RFC 9111, 5\.2\.2\)/);
    },
  );

  test.each([
    [{}],
    [{ 'cache-control': 'max-age=60' }],
    [{ 'cache-control': 'public, max-age=60, private' }],
    [{ 'cache-control': 'no-cache, no-store, must-revalidate' }],
    [{ 'cache-control': 'public, s-maxage=60', vary: 'Accept-Encoding, authorization' }],
    [{ 'cache-control': 'public', vary: '*' }],
    [{ 'cache-control': 's-maxage=60, must-revalidate, private' }],
    [{ 'cache-control': 'public, no-store' }],
    [{ 'cache-control': 'no-cache, public' }],
    // Expires alone: a shared cache still may not store an answer to a credential (RFC 9111, 3.5).
    [{ expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }],
  ])('accepts %j', (headers) => {
    expect(cached(headers)).toEqual([]);
  });

  test('says nothing of an answer to a request without a credential', () => {
    expect(cached({ 'cache-control': 'public, max-age=60' }, 'none')).toEqual([]);
  });
});

describe('the follow-up checks, beside the earlier answers', () => {
  const json = { 'content-type': 'application/json' };
  const got = (status: number, headers: Record<string, string> = json, body = '') => ({ status, headers, body });
  const followUp = (resent: Case['resent'], tier: Case['tier'], now: ReturnType<typeof got>, ...earlier: Array<ReturnType<typeof got>>) =>
    observe({ ...testCase, resent, tier }, now, contract, undefined, earlier);
  const checksOf = (observation: ReturnType<typeof followUp>) =>
    [headMirrorsGet, headRefusedLikeGet, notModifiedOnlyOnMatch, preconditionAfterAuthentication, strongEtagNamesOneRepresentation]
      .flatMap((check) => check(observation))
      .map((finding) => finding.check);

  test('HEAD: the GET mirrored, or 405 with Allow naming GET, is fine; a 5xx, another status or label, or a bare 405 is not', () => {
    expect(checksOf(followUp('head', 'accept', got(200), got(200)))).toEqual([]);
    expect(checksOf(followUp('head', 'accept', got(405, { allow: 'GET' }), got(200)))).toEqual([]);
    expect(checksOf(followUp('head', 'auth', got(401), got(401)))).toEqual([]);
    expect(checksOf(followUp('head', 'accept', got(500), got(200)))).toEqual(['head_mirrors_get']);
    expect(checksOf(followUp('head', 'accept', got(405, {}), got(200)))).toEqual(['head_mirrors_get']);
    expect(checksOf(followUp('head', 'accept', got(404), got(200)))).toEqual(['head_mirrors_get']);
    expect(checksOf(followUp('head', 'accept', got(200, { 'content-type': 'text/plain' }), got(200)))).toEqual(['head_mirrors_get']);
    expect(checksOf(followUp('head', 'auth', got(200), got(401)))).toEqual(['head_refused_like_get']);
  });

  test('validators: 304 only to a match, and never to a refused request; one strong ETag, one body', () => {
    const tagged = (etag: string, body: string) => got(200, { ...json, etag }, body);
    expect(checksOf(followUp('if-none-match', 'accept', got(304), tagged('"a"', '{}')))).toEqual([]);
    expect(checksOf(followUp('if-none-match-other', 'accept', got(304), tagged('"a"', '{}')))).toEqual(['not_modified_only_on_match']);
    expect(checksOf(followUp('if-modified-since-earlier', 'accept', got(304), got(200)))).toEqual(['not_modified_only_on_match']);
    // Refused without its validator, then 304 with it: the precondition came first.
    expect(checksOf(followUp('if-none-match', 'auth', got(304), tagged('"a"', '{}'), got(401)))).toEqual([
      'precondition_after_authentication',
    ]);
    // Served without any credential at all: the fault is the authentication, which the step before reports.
    expect(checksOf(followUp('if-none-match', 'auth', got(304), tagged('"a"', '{}'), tagged('"a"', '{}')))).toEqual([]);
    expect(checksOf(followUp('if-none-match-other', 'accept', tagged('"a"', '{"b":1}'), tagged('"a"', '{}')))).toEqual([
      'strong_etag_names_one_representation',
    ]);
    expect(checksOf(followUp('if-none-match-other', 'accept', tagged('W/"a"', '{"b":1}'), tagged('W/"a"', '{}')))).toEqual([]);
    expect(checksOf(followUp(undefined, 'accept', tagged('"a"', '{}'), tagged('"a"', '{}')))).toEqual([]);
  });

  test('what goes back: the ETag or Last-Modified as they came, or altered so that they cannot match; nothing without one', () => {
    const answer = got(200, { etag: 'W/"x1"', 'last-modified': 'Tue, 04 Mar 2025 12:40:15 GMT' });
    expect(validatorsSentBack('if-none-match', answer)).toEqual({ headers: { 'if-none-match': 'W/"x1"' } });
    expect(validatorsSentBack('if-none-match-other', answer)).toEqual({ headers: { 'if-none-match': 'W/"x1-not-this-one"' } });
    expect(validatorsSentBack('if-modified-since-earlier', answer)).toEqual({
      headers: { 'if-modified-since': 'Mon, 03 Mar 2025 12:40:15 GMT' },
    });
    expect(validatorsSentBack('if-none-match', got(200))).toEqual({ missing: expect.stringMatching(/no ETag/) });
    expect(validatorsSentBack('if-modified-since', got(200))).toEqual({ missing: expect.stringMatching(/no Last-Modified/) });
  });
});
