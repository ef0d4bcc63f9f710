import { toCurl } from '../src/curl-command';
import type { Case } from '../src/model';
import { buildRequest, resolveQueryValue } from '../src/request-builder';

const target = {
  baseUrl: 'https://api.example.test/api',
  pipelineId: '67bca128e1519efb914e6b51',
  missingPipelineId: '000000000000000000000000',
};
const base: Case = { id: 'x', title: 'x', tier: 'accept', tags: [] };

describe('buildRequest', () => {
  test('keeps the base URL path prefix when joining the operation path', () => {
    expect(buildRequest(base, target).url).toBe('https://api.example.test/api/pipelines/67bca128e1519efb914e6b51/metrics');
  });

  test('percent-encodes query values, so an offset keeps its plus sign', () => {
    const request = buildRequest(
      {
        ...base,
        query: [
          ['timestamp_from', '2025-03-02T12:40:15+05:30'],
          ['time_unit', 'hour'],
        ],
      },
      target,
    );
    expect(request.url).toBe(
      'https://api.example.test/api/pipelines/67bca128e1519efb914e6b51/metrics?timestamp_from=2025-03-02T12%3A40%3A15%2B05%3A30&time_unit=hour',
    );
  });

  test('sends the missing id, and raw segments exactly as written', () => {
    expect(buildRequest({ ...base, pipeline: { kind: 'missing' } }, target).path).toBe('/pipelines/000000000000000000000000/metrics');
    expect(buildRequest({ ...base, pipeline: { kind: 'raw', segment: 'abc%2Fdef' } }, target).path).toBe('/pipelines/abc%2Fdef/metrics');
  });

  test('resolves {{now}} templates at send time', () => {
    const now = new Date('2026-11-26T06:40:30.123Z');
    expect(resolveQueryValue('{{now}}', now)).toBe('2026-11-26T06:40:30Z');
    expect(resolveQueryValue('{{now-2h}}', now)).toBe('2026-11-26T04:40:30Z');
    expect(resolveQueryValue('2025-03-02', now)).toBe('2025-03-02');
  });
});

describe('toCurl', () => {
  test('reproduces the request with the token left in the environment', () => {
    const request = buildRequest({ ...base, query: [['time_unit', 'hour']] }, target);
    expect(toCurl(request)).toBe(
      `curl -sS -i --globoff 'https://api.example.test/api/pipelines/67bca128e1519efb914e6b51/metrics?time_unit=hour' -H "Authorization: Bearer $STREAMKAP_TOKEN"`,
    );
  });

  test('quotes a single quote in the URL for the shell, and sends no header for auth none', () => {
    const request = buildRequest({ ...base, auth: 'none', pipeline: { kind: 'raw', segment: "abc'def" } }, target);
    expect(toCurl(request)).toBe(`curl -sS -i --globoff 'https://api.example.test/api/pipelines/abc'\\''def/metrics'`);
  });

  test.each([
    ['limited-token', '"Authorization: Bearer $STREAMKAP_LIMITED_TOKEN"'],
    ['wrong-scheme', '"Authorization: Token $STREAMKAP_TOKEN"'],
  ] as const)('names the environment variable for %s', (auth, header) => {
    expect(toCurl(buildRequest({ ...base, auth }, target))).toContain(header);
  });
});
