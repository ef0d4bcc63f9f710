/** What makes two failures one cause, which request of a cause is the simplest, and what the headline says. */
import { causesOf } from '../../src/causes/request-cause';
import { findCauses } from '../../src/causes/run-causes';
import { runHeadline } from '../../src/causes/run-headline';
import { canonicalValues, compareSimplicity, simplicityOf } from '../../src/causes/simplicity';
import { loadContract } from '../../src/contract';
import { couldNotCheck, EXIT } from '../../src/exit-status';
import type { Finding, QueryPairs, Verdict } from '../../src/model';
import { aVerdict } from '../support/verdict';

const canonical = canonicalValues(loadContract());
const schema = (path: string, message = 'must be integer, string or null'): Finding => ({
  check: 'response_schema_conformance',
  title: 'Body does not match the 200 schema',
  message: '1 schema error(s)',
  schemaErrors: [{ path, message }],
});
const status = (check: Finding['check']): Finding => ({ check, title: 'x', message: 'x' });
const failed = (caseId: string, findings: Finding[], extra: Partial<Verdict> = {}): Verdict =>
  aVerdict({ caseId, outcome: 'failed', status: 200, findings, ...extra });

describe('a cause is the failing check with what it found', () => {
  test('schema errors by JSON path and message, array items as one', () => {
    expect(causesOf(failed('a', [schema('$.data.recordsLag')])).map((c) => c.title)).toEqual([
      'response_schema_conformance $.data.recordsLag must be integer, string or null',
    ]);
    const items = causesOf(failed('b', [schema('$.detail[3].loc', 'must be array')], { status: 422, tier: 'reject' }));
    expect(items.map((c) => c.title)).toEqual(['response_schema_conformance $.detail[*].loc must be array in the 422 body']);
  });

  test('statuses by expected and received class; refusals by auth mode or kind of id', () => {
    expect(causesOf(failed('a', [status('valid_request_accepted')], { status: 422 }))[0]?.title).toBe(
      'valid_request_accepted: expected 200, got 4xx',
    );
    expect(causesOf(failed('b', [status('status_is_documented')], { status: 418 }))[0]?.title).toBe(
      'status_is_documented: expected a documented status, got 418',
    );
    const refused = (auth: Verdict['auth']) => causesOf(failed('c', [status('auth_enforced')], { tier: 'auth', auth }))[0]?.key;
    expect(refused('garbage-token')).toBe('auth_enforced (auth garbage-token): expected 401 or 403, got 2xx');
    expect(refused('none')).not.toBe(refused('garbage-token'));
    expect(causesOf(failed('d', [status('malformed_id_rejected')], { tier: 'hostile-id', status: 500 }))[0]?.title).toBe(
      'malformed_id_rejected (hostile pipeline id): expected a 4xx, got 5xx',
    );
  });

  test('a case that did not fail has no cause; the same finding twice is one', () => {
    expect(causesOf(aVerdict({ caseId: 'p', outcome: 'passed' }))).toEqual([]);
    expect(causesOf(failed('a', [schema('$.data[0].x'), schema('$.data[1].x')]))).toHaveLength(1);
  });
});

describe('one behaviour, one cause', () => {
  const withQuery = (query: QueryPairs) => ({ method: 'GET' as const, url: 'http://127.0.0.1:9/', path: '/', query });
  const reversed: QueryPairs = [
    ['timestamp_from', '2025-03-04T00:00:00Z'],
    ['timestamp_to', '2025-03-02T00:00:00Z'],
  ];

  test('a hostile id that crashed on its query is the crash of that query, when the id alone was answered as it should be', () => {
    const causes = findCauses(
      [
        failed('boundary.window.reversed', [status('not_a_server_error')], { status: 500, tier: 'boundary', request: withQuery(reversed) }),
        failed('generated.coverage.pipeline.hostile-1.reversed', [status('malformed_id_rejected')], {
          status: 500,
          tier: 'hostile-id',
          request: withQuery(reversed),
        }),
        aVerdict({ caseId: 'pipeline.hostile.quote', outcome: 'passed', status: 404, tier: 'hostile-id' }),
      ],
      canonical,
    );
    expect(causes.map((c) => [c.title, c.cases])).toEqual([
      ['not_a_server_error: expected no 5xx, got 5xx (also malformed_id_rejected)', 2],
    ]);
  });

  test('a long request target is the trigger, whichever part made it long: a long id and a long value cut short are one cause', () => {
    const url = (path: string, search = '') => ({ method: 'GET' as const, url: `http://h${path}${search}`, path, query: [] });
    const cut = { check: 'response_received' as const, title: 'No complete answer (ERR_BAD_RESPONSE)', message: 'x' };
    const causes = findCauses(
      [
        failed('size.pipeline-id', [cut], {
          status: undefined,
          tier: 'hostile-id',
          request: url(`/pipelines/${'x'.repeat(10_000)}/metrics`),
        }),
        failed('size.unit', [cut], {
          status: undefined,
          tier: 'reject',
          request: { ...url('/pipelines/p/metrics', `?time_unit=${'x'.repeat(10_000)}`), query: [['time_unit', 'x'.repeat(10_000)]] },
        }),
        aVerdict({ caseId: 'accept.defaults', outcome: 'passed', status: 200 }),
      ],
      canonical,
    );
    expect(causes.map((c) => [c.title, c.cases])).toEqual([
      ['response_received (request target over 8000 octets): No complete answer (ERR_BAD_RESPONSE)', 2],
    ]);
  });

  test('the id stays named when the id alone shows it', () => {
    const causes = findCauses(
      [
        failed('pipeline.hostile.quote', [status('malformed_id_rejected')], { status: 500, tier: 'hostile-id' }),
        failed('boundary.window.reversed', [status('not_a_server_error')], { status: 500, tier: 'boundary', request: withQuery(reversed) }),
      ],
      canonical,
    );
    expect(causes.map((c) => c.title).sort()).toEqual([
      'malformed_id_rejected (hostile pipeline id): expected a 4xx, got 5xx',
      'not_a_server_error: expected no 5xx, got 5xx',
    ]);
  });

  test('findings every case of another showed are that cause, which lists the checks that saw it', () => {
    const refused = (caseId: string) =>
      failed(caseId, [status('auth_enforced'), { check: 'no_metrics_leaked', title: 'Refused request got metrics', message: 'x' }], {
        tier: 'auth',
        auth: 'none',
      });
    const causes = findCauses([refused('auth.missing'), refused('generated.coverage.auth.none.valid-query')], canonical);
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({
      title: 'auth_enforced (auth none): expected 401 or 403, got 2xx (also no_metrics_leaked)',
      checks: ['auth_enforced', 'no_metrics_leaked'],
      cases: 2,
    });
  });
});

describe('the simplest request', () => {
  const simpler = (a: QueryPairs, b: QueryPairs) => compareSimplicity(simplicityOf(a, canonical), simplicityOf(b, canonical)) < 0;

  test('fewer parameters first; then values nearer the default or the example', () => {
    expect(simpler([], [['time_unit', 'hour']])).toBe(true);
    expect(simpler([['time_unit', 'hour']], [['time_unit', 'week']])).toBe(true);
    expect(simpler([['time_interval', '51']], [['time_interval', '1001']])).toBe(true);
    expect(simpler([['time_unit', 'week']], [['time_unit', 'weeks']])).toBe(true);
    // The "smallest" request: the least integers are not what a person would try first.
    expect(
      simpler(
        [
          ['timestamp_from', '2025-03-02T07:10:15Z'],
          ['timestamp_to', '2025-03-04T07:10:15Z'],
        ],
        [
          ['timestamp_from', '0001-01-01T00:00:00.0+00:00'],
          ['timestamp_to', '1901-01-01T01:00:00Z'],
        ],
      ),
    ).toBe(true);
  });

  test("a cause keeps the simplest of everything that hit it: a table row over a property's shrunk request", () => {
    const finding = schema('$.data.recordsLag');
    const property = aVerdict({
      caseId: 'generated.property.window-relations',
      origin: 'property',
      outcome: 'failed',
      findings: [finding],
      generated: {
        property: 'window-relations',
        seed: 7,
        requests: 40,
        failures: [],
        causes: [
          {
            key: 'response_schema_conformance $.data.recordsLag must be integer, string or null',
            check: 'response_schema_conformance',
            title: 'response_schema_conformance $.data.recordsLag must be integer, string or null',
            behaviour: 'response_schema_conformance $.data.recordsLag must be integer, string or null',
            what: ' $.data.recordsLag must be integer, string or null',
            requests: 40,
            tiers: ['accept'],
            simplest: { title: 'a window', query: [['timestamp_from', '0001-01-01T00:00:00Z']], curl: 'curl window' },
          },
        ],
      },
    });
    const defaults = failed('accept.defaults', [finding], { curl: 'curl defaults' });
    const causes = findCauses([property, defaults], canonical);
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({
      cases: 2,
      requests: 41,
      origins: ['table', 'property'],
      caseIds: ['generated.property.window-relations', 'accept.defaults'],
      smallest: { caseId: 'accept.defaults', curl: 'curl defaults', rerun: 'npx streamkap-conformance --case accept.defaults' },
    });
  });
});

describe('the headline', () => {
  const base = { totals: { cases: 1, passed: 0, failed: 0, errored: 0, skipped: 0, warned: 0, retries: 0 }, causes: [], cases: [] };

  test('a run that stopped at its deadline says what to fix', () => {
    const stop = { kind: 'deadline' as const, seconds: 60, at: 'now', description: 'the run reached its deadline' };
    const exit = couldNotCheck('the run reached its deadline; the cases not sent are marked not run.');
    expect(runHeadline({ ...base, exit, outcome: exit.outcome, stop })).toBe(
      `Exit ${EXIT.couldNotCheck}: ${exit.meaning} To fix: raise STREAMKAP_RUN_TIMEOUT_S, lower STREAMKAP_GENERATED_REQUESTS, or select fewer cases with --tag.`,
    );
  });

  test('more than three causes: three named, the rest counted', () => {
    const causes = findCauses(
      ['a', 'b', 'c', 'd', 'e'].map((name) => failed(`accept.${name}`, [schema(`$.data.${name}`)])),
      canonical,
    );
    const line = runHeadline({
      ...base,
      totals: { ...base.totals, failed: 5 },
      causes,
      exit: { code: 1, meaning: '' },
      outcome: 'failed',
    });
    expect(line).toMatch(/^Exit 1: 5 causes, 5 cases: .* \(first: accept\.a\); .*; .* \(first: accept\.c\); and 2 more$/);
  });
});
