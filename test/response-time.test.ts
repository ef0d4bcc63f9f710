/** Response-time budgets (settings, check, warning), the run's statistics, and the chart's markup. */
import { contractUnchanged } from '../src/checks/drift-checks';
import { degradedWarnings, responseTimeWithinBudget } from '../src/checks/response-time-checks';
import type { DriftReport } from '../src/drift/drift-report';
import { CHECK_NAMES } from '../src/model';
import { renderResponseTimeChart } from '../src/reports/response-time-chart';
import { nearestRank, responseTimeStatistics } from '../src/reports/response-times';
import { loadSettings } from '../src/settings';
import { SetupError } from '../src/setup-error';

describe('the response-time budget settings', () => {
  test('both off unless set; blank is unset', () => {
    expect(loadSettings({}).budgets).toEqual({});
    expect(loadSettings({ STREAMKAP_DEGRADED_MS: ' ', STREAMKAP_MAX_RESPONSE_MS: '' }).budgets).toEqual({});
    expect(loadSettings({ STREAMKAP_DEGRADED_MS: '300', STREAMKAP_MAX_RESPONSE_MS: '600' }).budgets).toEqual({
      degradedMs: 300,
      maxResponseMs: 600,
    });
    expect(loadSettings({ STREAMKAP_MAX_RESPONSE_MS: '9999' }).budgets).toEqual({ maxResponseMs: 9999 });
  });

  const setupError = (env: Record<string, string>): SetupError => {
    try {
      void loadSettings(env).budgets;
    } catch (error) {
      if (error instanceof SetupError) return error;
      throw error;
    }
    throw new Error('no SetupError');
  };

  test.each([
    [
      { STREAMKAP_DEGRADED_MS: '2.5' },
      'STREAMKAP_DEGRADED_MS',
      'STREAMKAP_DEGRADED_MS is "2.5", which is not a whole number of milliseconds of at least 1.',
    ],
    [{ STREAMKAP_MAX_RESPONSE_MS: '0' }, 'STREAMKAP_MAX_RESPONSE_MS', 'STREAMKAP_MAX_RESPONSE_MS is "0", which is not a whole number'],
    [{ STREAMKAP_MAX_RESPONSE_MS: '1s' }, 'STREAMKAP_MAX_RESPONSE_MS', 'unset it to turn the budget off'],
    [
      { STREAMKAP_DEGRADED_MS: '600', STREAMKAP_MAX_RESPONSE_MS: '600' },
      'STREAMKAP_DEGRADED_MS',
      'STREAMKAP_DEGRADED_MS (600) is not below STREAMKAP_MAX_RESPONSE_MS (600), so no answer could be degraded without failing. Set STREAMKAP_DEGRADED_MS below STREAMKAP_MAX_RESPONSE_MS, or unset one of them.',
    ],
    [
      { STREAMKAP_MAX_RESPONSE_MS: '10000' },
      'STREAMKAP_MAX_RESPONSE_MS',
      'STREAMKAP_MAX_RESPONSE_MS (10000) is not below the default STREAMKAP_TIMEOUT_MS (10000)',
    ],
    [
      { STREAMKAP_DEGRADED_MS: '3000', STREAMKAP_TIMEOUT_MS: '2000' },
      'STREAMKAP_DEGRADED_MS',
      'STREAMKAP_DEGRADED_MS (3000) is not below STREAMKAP_TIMEOUT_MS (2000): the timeout cuts every attempt off first, so the budget could never be exceeded. Set STREAMKAP_DEGRADED_MS below the timeout, or raise STREAMKAP_TIMEOUT_MS above it.',
    ],
  ])('%j is a setting error naming the setting and the fix', (env, setting, message) => {
    const error = setupError(env);
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(message);
  });

  test('a budget below a raised timeout is fine', () => {
    expect(loadSettings({ STREAMKAP_MAX_RESPONSE_MS: '15000', STREAMKAP_TIMEOUT_MS: '20000' }).budgets).toEqual({ maxResponseMs: 15000 });
  });
});

describe('response_time_within_budget and the degraded warning', () => {
  test('the check is a named check', () => {
    expect(CHECK_NAMES).toContain('response_time_within_budget');
    expect(CHECK_NAMES).toContain('contract_unchanged');
  });

  test('over the max budget fails; at it or under it, or with no budget, does not', () => {
    expect(responseTimeWithinBudget(601, 600)).toEqual([
      {
        check: 'response_time_within_budget',
        title: 'Answered in 601 ms, over the 600 ms budget',
        message: 'The answer took 601 ms; STREAMKAP_MAX_RESPONSE_MS allows at most 600 ms per request attempt.',
      },
    ]);
    expect(responseTimeWithinBudget(600, 600)).toEqual([]);
    expect(responseTimeWithinBudget(5, 600)).toEqual([]);
    expect(responseTimeWithinBudget(99_999, undefined)).toEqual([]);
  });

  test('over the degraded budget warns; over the max it fails instead, so no warning', () => {
    const budgets = { degradedMs: 300, maxResponseMs: 600 };
    expect(degradedWarnings(450, budgets)).toEqual([
      {
        code: 'degraded',
        title: 'Degraded: answered in 450 ms',
        message: 'The answer took 450 ms, over STREAMKAP_DEGRADED_MS (300 ms) but within STREAMKAP_MAX_RESPONSE_MS (600 ms).',
      },
    ]);
    expect(degradedWarnings(300, budgets)).toEqual([]);
    expect(degradedWarnings(700, budgets)).toEqual([]);
    expect(degradedWarnings(700, { degradedMs: 300 })).toEqual([
      { code: 'degraded', title: 'Degraded: answered in 700 ms', message: 'The answer took 700 ms, over STREAMKAP_DEGRADED_MS (300 ms).' },
    ]);
    expect(degradedWarnings(700, {})).toEqual([]);
  });
});

describe('contract_unchanged', () => {
  const report = (breaking: number): DriftReport => ({
    liveSpecUrl: 'http://127.0.0.1:1/openapi.json',
    vendoredSpec: 'specs/streamkap-openapi.yaml',
    operation: 'GET /pipelines/{pipeline_id}/metrics',
    status: 'drift',
    breaking,
    nonBreaking: 1,
    differences: [
      ...Array.from({ length: breaking }, (_, i) => ({
        kind: 'enum-value-removed' as const,
        breaking: true,
        location: 'parameter time_unit',
        message: `\`time_unit\` no longer accepts \`v${i}\``,
      })),
      { kind: 'parameter-added', breaking: false, location: 'parameter page', message: 'new optional query parameter `page`' },
    ],
  });

  test('breaking drift is a finding naming the first differences; non-breaking drift is none', () => {
    expect(contractUnchanged(report(0))).toEqual([]);
    const [finding] = contractUnchanged(report(4));
    expect(finding?.check).toBe('contract_unchanged');
    expect(finding?.title).toBe('4 breaking change(s) in the live contract');
    expect(finding?.message).toBe(
      'The live document at http://127.0.0.1:1/openapi.json differs from specs/streamkap-openapi.yaml in ways that break its clients: ' +
        'parameter time_unit: time_unit no longer accepts v0; parameter time_unit: time_unit no longer accepts v1; parameter time_unit: time_unit no longer accepts v2; and 1 more.',
    );
  });

  test('a skipped or unusable comparison never fails', () => {
    expect(contractUnchanged({ ...report(0), status: 'skipped', reason: '404' })).toEqual([]);
    expect(contractUnchanged({ ...report(0), status: 'unusable', reason: 'HTML' })).toEqual([]);
  });
});

describe('response-time statistics', () => {
  test('nearest rank: always a measured duration', () => {
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([7], 95)).toBe(7);
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(nearestRank(twenty, 95)).toBe(190);
    expect(nearestRank(twenty, 100)).toBe(200);
    expect(() => nearestRank([], 50)).toThrow(RangeError);
  });

  test('per tier and for the run, skipped cases left out', () => {
    const stats = responseTimeStatistics([
      { tier: 'accept', durationMs: 40, outcome: 'passed' },
      { tier: 'accept', durationMs: 10, outcome: 'passed' },
      { tier: 'accept', durationMs: 30, outcome: 'failed' },
      { tier: 'reject', durationMs: 5, outcome: 'passed' },
      { tier: 'reject', durationMs: 2000, outcome: 'errored' },
      { tier: 'auth', durationMs: 0, outcome: 'skipped' },
    ]);
    expect(stats).toEqual({
      run: { count: 5, p50: 30, p95: 2000, max: 2000 },
      byTier: { accept: { count: 3, p50: 30, p95: 40, max: 40 }, reject: { count: 2, p50: 5, p95: 2000, max: 2000 } },
    });
    expect(responseTimeStatistics([{ tier: 'auth', durationMs: 0, outcome: 'skipped' }])).toEqual({ byTier: {} });
  });
});

describe('the chart markup', () => {
  const cases = [
    { caseId: 'accept.<b>"x"</b>', tier: 'accept' as const, durationMs: 120, outcome: 'passed' as const },
    { caseId: 'reject.slow', tier: 'reject' as const, durationMs: 900, outcome: 'failed' as const },
  ];

  test('self-contained: no script, no external reference, case ids escaped', () => {
    const svg = renderResponseTimeChart(cases, { budgets: { maxResponseMs: 500 } }).text;
    expect(svg).not.toMatch(/<script|href=|url\(|<image|<foreignObject|on\w+=/i);
    expect(svg).toContain('accept.&lt;b&gt;&quot;x&quot;&lt;/b&gt;: 120 ms (accept, passed, within budget)');
    expect(svg).toContain('max 500 ms');
    expect(svg).not.toContain('degraded ');
  });

  test('without budgets there are no budget lines; slowest first reorders the bars', () => {
    const svg = renderResponseTimeChart(cases, { order: 'slowest-first' }).text;
    expect(svg).not.toContain('class="budget ');
    expect([...svg.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1])).toEqual(['reject.slow', 'accept.&lt;b&gt;&quot;x&quot;&lt;/b&gt;']);
    expect(svg).toContain('Response time per case, slowest first');
  });

  test('no case sent says so', () => {
    const svg = renderResponseTimeChart([{ caseId: 'a', tier: 'auth', durationMs: 0, outcome: 'skipped' }]).text;
    expect(svg).toContain('No case was sent.');
    expect(svg).not.toContain('<rect class="bar');
  });
});
