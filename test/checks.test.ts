import { contentTypeIsJson, bodyIsJson } from '../src/checks/contract-checks';
import { observe } from '../src/checks/observation';
import { authenticatedResponseNotSharedCacheable } from '../src/checks/cache-checks';
import { noMetricsLeaked } from '../src/checks/leak-checks';
import { invalidRequestRejected } from '../src/checks/status-checks';
import { loadContract } from '../src/contract';
import type { Case } from '../src/model';

const contract = loadContract();
const testCase: Case = { id: 'x', title: 'x', tier: 'accept', tags: [] };
const answer = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  observe(testCase, { status, headers, body }, contract);

describe('contentTypeIsJson', () => {
  test.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])('accepts %s', (type) => {
    expect(contentTypeIsJson(answer(200, '{}', { 'content-type': type }))).toEqual([]);
  });

  test.each([['text/html'], ['application/jsonp'], ['text/plain; charset=utf-8']])('refuses %s', (type) => {
    expect(contentTypeIsJson(answer(200, '{}', { 'content-type': type }))[0]?.check).toBe('content_type_is_json');
  });

  test('refuses a missing Content-Type', () => {
    expect(contentTypeIsJson(answer(200, '{}', {}))[0]?.message).toMatch(/no Content-Type/);
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

  test.each([['PUBLIC, max-age=60'], ['s-maxage="30"'], ['max-age=60, must-revalidate']])(
    'refuses %s to a request with a credential',
    (value) => {
      expect(cached({ 'cache-control': value })[0]?.message).toMatch(/RFC 9111, 3.5/);
    },
  );

  test.each([
    [{}],
    [{ 'cache-control': 'max-age=60' }],
    [{ 'cache-control': 'public, max-age=60, private' }],
    [{ 'cache-control': 'no-cache, no-store, must-revalidate' }],
    [{ 'cache-control': 'public, s-maxage=60', vary: 'Accept-Encoding, authorization' }],
    [{ 'cache-control': 'public', vary: '*' }],
  ])('accepts %j', (headers) => {
    expect(cached(headers)).toEqual([]);
  });

  test('says nothing of an answer to a request without a credential', () => {
    expect(cached({ 'cache-control': 'public, max-age=60' }, 'none')).toEqual([]);
  });
});
