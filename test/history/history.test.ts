/**
 * The run history across several runs: its settings, its file (missing, corrupt, another version),
 * the failing streaks and flaky cases it finds, the baseline it stands in for, and the one-line trend.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineFromHistory } from '../../src/history/baseline-from-history';
import { appendRun, emptyHistory, type History, readHistory, writeHistory } from '../../src/history/history-file';
import { HISTORY_VERSION } from '../../src/history/file-shapes';
import { DEFAULT_HISTORY_RUNS } from '../../src/history/history-settings';
import { loadSettings } from '../../src/settings';
import { caseKey, p95ResponseMs, runOutcomeOf } from '../../src/history/run-record';
import { renderMarkdownTrend } from '../../src/history/trend-strip';
import { describeStreak, failingStreaks, flakyCases, runTrend } from '../../src/history/trends';
import type { Verdict } from '../../src/model';
import { compareWithBaseline } from '../../src/reports/baseline';
import { SetupError } from '../../src/setup-error';
import { night, runOf } from './runs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const historyOf = (...runs: ReturnType<typeof runOf>[]): History => runs.reduce((h, run) => appendRun(h, run, 30), emptyHistory());

function setupErrorFrom(read: () => unknown): SetupError {
  try {
    read();
  } catch (error) {
    if (error instanceof SetupError) return error;
    throw error;
  }
  throw new Error('expected a SetupError');
}

describe('settings', () => {
  test('no file keeps no history; the count defaults to 30', () => {
    expect(loadSettings({}).history).toEqual({ file: undefined, runs: DEFAULT_HISTORY_RUNS });
    expect(loadSettings({ STREAMKAP_HISTORY_FILE: ' h.json ' }).history).toEqual({ file: 'h.json', runs: 30 });
    expect(loadSettings({ STREAMKAP_HISTORY_FILE: 'h.json', STREAMKAP_HISTORY_RUNS: '7' }).history).toEqual({ file: 'h.json', runs: 7 });
  });

  test.each(['0', '-3', '2.5', 'ten', '101'])('STREAMKAP_HISTORY_RUNS=%s is a setting error naming it and its range', (runs) => {
    const error = setupErrorFrom(() => loadSettings({ STREAMKAP_HISTORY_FILE: 'h.json', STREAMKAP_HISTORY_RUNS: runs }).history);
    expect(error.setting).toBe('STREAMKAP_HISTORY_RUNS');
    expect(error.message).toContain(JSON.stringify(runs));
    expect(error.message).toMatch(/from 1 to 100.*unset it/);
  });

  test('a count without a file is a setting error, not a silently ignored one', () => {
    const error = setupErrorFrom(() => loadSettings({ STREAMKAP_HISTORY_RUNS: '10' }).history);
    expect(error.setting).toBe('STREAMKAP_HISTORY_RUNS');
    expect(error.message).toContain('STREAMKAP_HISTORY_FILE');
  });
});

describe('the file', () => {
  test('a missing file is an empty history; a written one reads back as written, in a directory created for it', () => {
    const file = join(dir, 'nested', 'history.json');
    expect(readHistory(file)).toEqual(emptyHistory());
    const history = historyOf(runOf(night(1), { a: 'passed', 'b@p1': 'failed' }), runOf(night(2), { a: 'skipped', 'b@p1': 'errored' }));
    writeHistory(file, history);
    expect(readHistory(file)).toEqual(history);
    writeHistory(file, appendRun(history, runOf(night(3), { a: 'passed' }), 30));
    expect(readHistory(file).runs).toHaveLength(3);
    // No temporary file is left beside it.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['history.json']);
  });

  test('it keeps the newest N runs', () => {
    let history = emptyHistory();
    for (let n = 1; n <= 12; n += 1) history = appendRun(history, runOf(night(n), { a: 'passed' }), 5);
    expect(history.runs.map((r) => r.startedAt)).toEqual([8, 9, 10, 11, 12].map(night));
  });

  const corrupt: Array<[string, string, RegExp]> = [
    [
      'not JSON (a write cut short by an older suite)',
      '{"format": "streamkap-metrics-conformance-history", "runs": [',
      /which is not JSON/,
    ],
    ['JSON of another kind', '{"tool": "streamkap-metrics-conformance", "cases": []}', /not a history of this suite/],
    [
      'another format version',
      JSON.stringify({ ...emptyHistory(), version: HISTORY_VERSION + 1 }),
      /format version 2.*reads version 1 only/,
    ],
    [
      'a run with a field of the wrong type',
      JSON.stringify({ ...emptyHistory(), runs: [{ ...runOf(night(1), { a: 'passed' }), exitCode: '0' }] }),
      /run 1 is incomplete/,
    ],
    [
      'a case with an unknown outcome',
      JSON.stringify({ ...emptyHistory(), runs: [runOf(night(1), { a: 'passed' })] }).replace(
        '"tier":"accept","outcome":"passed"',
        '"tier":"accept","outcome":"green"',
      ),
      /run 1 is incomplete/,
    ],
  ];
  test.each(corrupt)('%s is a setting error that names the file and the fix', (_, text, reason) => {
    const file = join(dir, 'history.json');
    writeFileSync(file, text);
    const error = setupErrorFrom(() => readHistory(file));
    expect(error.setting).toBe('STREAMKAP_HISTORY_FILE');
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(JSON.stringify(file));
    expect(error.message).toMatch(/Move .* aside \(or delete it\).*the next run starts a new history/);
    expect(error.message).not.toContain('\n');
  });

  test('a file that cannot be read (a directory) is a setting error too', () => {
    const error = setupErrorFrom(() => readHistory(dir));
    expect(error.setting).toBe('STREAMKAP_HISTORY_FILE');
    expect(error.message).toMatch(/cannot be read \(EISDIR/);
  });

  test('the file on disk is the versioned format', () => {
    const file = join(dir, 'history.json');
    writeHistory(file, historyOf(runOf(night(1), { a: 'passed' })));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      format: 'streamkap-metrics-conformance-history',
      version: 1,
      runs: [{ startedAt: night(1) }],
    });
  });
});

describe('what the history says', () => {
  test('failing since: the failed runs in a row up to this one, errored and skipped runs neither breaking nor counting', () => {
    const runs = historyOf(
      runOf(night(1), { a: 'failed', b: 'passed', c: 'failed', d: 'passed' }),
      runOf(night(2), { a: 'passed', b: 'passed', c: 'failed', d: 'passed' }),
      runOf(night(3), { a: 'failed', b: 'failed', c: 'errored', d: 'passed' }),
      runOf(night(4), { a: 'failed', b: 'skipped', c: 'failed', d: 'passed' }),
      runOf(night(5), { a: 'failed', b: 'failed', c: 'failed' }),
    ).runs;
    const streaks = failingStreaks(runs);
    expect(streaks).toEqual([
      { key: 'a', since: night(3), runs: 3 },
      { key: 'b', since: night(3), runs: 2 },
      { key: 'c', since: night(1), runs: 4 },
    ]);
    expect(streaks.map(describeStreak)).toEqual([
      'failing since 2025-06-03 (3 runs)',
      'failing since 2025-06-03 (2 runs)',
      'failing since 2025-06-01 (4 runs)',
    ]);
    // A case failing for the first time has a streak of one, starting now.
    expect(failingStreaks(historyOf(runOf(night(1), { a: 'passed' }), runOf(night(2), { a: 'failed' })).runs)).toEqual([
      { key: 'a', since: night(2), runs: 1 },
    ]);
    expect(describeStreak({ key: 'a', since: night(2), runs: 1 })).toBe('failing since 2025-06-02 (1 run)');
  });

  test('the same case against two pipelines has two stories', () => {
    const runs = historyOf(
      runOf(night(1), { 'a@p1': 'failed', 'a@p2': 'passed' }),
      runOf(night(2), { 'a@p1': 'failed', 'a@p2': 'failed' }),
    ).runs;
    expect(failingStreaks(runs)).toEqual([
      { key: 'a@p1', since: night(1), runs: 2 },
      { key: 'a@p2', since: night(2), runs: 1 },
    ]);
  });

  test('flaky: failing in two separate spells; a failure that came once and was fixed is no flake; errored and skipped are no flips', () => {
    const runs = historyOf(
      runOf(night(1), { flaky: 'passed', once: 'passed', erratic: 'passed', steady: 'failed', gone: 'passed' }),
      runOf(night(2), { flaky: 'failed', once: 'passed', erratic: 'errored', steady: 'failed', gone: 'failed' }),
      runOf(night(3), { flaky: 'passed', once: 'failed', erratic: 'passed', steady: 'failed', gone: 'passed' }),
      runOf(night(4), { flaky: 'failed', once: 'failed', erratic: 'skipped', steady: 'failed' }),
      runOf(night(5), { flaky: 'failed', once: 'failed', erratic: 'passed', steady: 'failed' }),
    ).runs;
    // `gone` failed once and was fixed (then left the selection): a fix, not a flake; `flaky` failed, passed and failed again.
    expect(flakyCases(runs)).toEqual([{ key: 'flaky', flips: 3, judgedRuns: 5 }]);
    // Once the flips leave the window, the case is no longer flaky.
    expect(flakyCases(runs.slice(2)).map((f) => f.key)).toEqual([]);
  });

  test('per run: outcome, totals and p95 response time of the answered cases', () => {
    const times = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, (i + 1) * 10]));
    const outcomes = Object.fromEntries(Object.keys(times).map((id) => [id, 'passed' as const]));
    // A skipped case (never sent) and an errored one (a timeout) do not count towards p95.
    const run = runOf(night(1), { ...outcomes, c0: 'failed', slow: 'errored', unsent: 'skipped' }, { ...times, slow: 30_000, unsent: 0 });
    expect(p95ResponseMs(run)).toBe(190);
    const stopped = runOf(night(2), {});
    expect(runTrend([run, stopped])).toEqual([
      {
        startedAt: night(1),
        outcome: 'failed',
        exitCode: 1,
        totals: { cases: 22, passed: 19, failed: 1, errored: 1, skipped: 1 },
        p95Ms: 190,
      },
      {
        startedAt: night(2),
        outcome: 'errored',
        exitCode: 2,
        totals: { cases: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
        p95Ms: undefined,
      },
    ]);
    expect(runOutcomeOf([{ outcome: 'passed' }, { outcome: 'skipped' }])).toBe('passed');
    expect(runOutcomeOf([{ outcome: 'errored' }, { outcome: 'failed' }])).toBe('failed');
  });

  test('the one-line trend for summary.md', () => {
    const runs = historyOf(
      runOf(night(1), { a: 'passed' }, 120),
      runOf(night(2), { a: 'passed' }, 130),
      runOf(night(3), { a: 'failed' }, 150),
      runOf(night(4), {}),
      runOf(night(5), { a: 'passed' }, 180),
    ).runs;
    expect(renderMarkdownTrend(runTrend(runs))).toBe('Trend (last 5): ✅✅❌⚠️✅ — p95 120 ms → 180 ms');
    expect(renderMarkdownTrend(runTrend(runs.slice(0, 1)))).toBe('Trend (last 1): ✅ — p95 120 ms');
    expect(renderMarkdownTrend(runTrend(runs.slice(3, 4)))).toBe('Trend (last 1): ⚠️');
    expect(renderMarkdownTrend([])).toBe('');
  });
});

describe('the history as the baseline', () => {
  const TARGET = 'http://127.0.0.1:1/api';
  const verdict = (caseId: string, outcome: Verdict['outcome']) => ({ caseId, outcome }) as Verdict;

  test("the latest run stands in for last night's summary.json", () => {
    const file = join(dir, 'history.json');
    writeHistory(
      file,
      historyOf(runOf(night(1), { a: 'passed', b: 'passed', c: 'passed' }), runOf(night(2), { a: 'failed', b: 'failed', c: 'passed' })),
    );
    const baseline = baselineFromHistory(readHistory(file), file, TARGET);
    expect(baseline).toMatchObject({ file, startedAt: night(2), baseUrl: 'http://127.0.0.1:1/api' });
    if (baseline === undefined) throw new Error('no baseline');
    expect(compareWithBaseline([verdict('a', 'failed'), verdict('b', 'passed'), verdict('c', 'failed')], baseline)).toEqual({
      file,
      baselineStartedAt: night(2),
      baselineBaseUrl: 'http://127.0.0.1:1/api',
      newFailures: ['c'],
      stillFailing: ['a'],
      fixed: ['b'],
    });
  });

  test('cases against a named pipeline are keyed by caseKey; an empty history is no baseline', () => {
    const baseline = baselineFromHistory(historyOf(runOf(night(1), { 'a@p1': 'failed', b: 'passed' })), 'h.json', TARGET);
    expect([...(baseline?.outcomes ?? [])]).toEqual([
      ['a@p1', 'failed'],
      ['b', 'passed'],
    ]);
    expect(caseKey({ id: 'a', pipelineId: 'p1' })).toBe('a@p1');
    expect(baselineFromHistory(emptyHistory(), 'h.json', TARGET)).toBeUndefined();
  });

  test("another target's run, or a run that checked nothing or was interrupted, is no baseline", () => {
    const judged = runOf(night(1), { a: 'failed' });
    const elsewhere = { ...runOf(night(2), { a: 'passed' }), baseUrl: 'https://staging.example' };
    const notChecked = { ...runOf(night(3), {}), outcome: 'could-not-check' as const, exitCode: 2 };
    const interrupted = { ...runOf(night(4), { a: 'skipped' }), outcome: 'interrupted' as const, exitCode: 143 };
    const baseline = baselineFromHistory(historyOf(judged, elsewhere, notChecked, interrupted), 'h.json', TARGET);
    expect(baseline?.startedAt).toBe(night(1));
    expect(baselineFromHistory(historyOf(judged), 'h.json', 'https://staging.example')).toBeUndefined();
  });
});
