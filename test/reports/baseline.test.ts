/**
 * Since last night: a previous summary.json in, each failure marked new or still failing and
 * each fixed case listed. The two nights are real runs against servers with different faults.
 */
import { loadContract } from '../../src/contract';
import { consoleTo } from '../support/console-capture';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCases } from '../../cases';
import { main } from '../../src/cli/main';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { Redactor } from '../../src/redaction';
import { readBaseline } from '../../src/reports/baseline';
import type { Summary } from '../../src/reports/summary';
import { writeReports } from '../../src/reports/write-reports';
import { SetupError } from '../../src/setup-error';
import { failedIds, runAgainst } from '../support/run-against';
import { floatLagFor, runInfoFor } from './failing-run';

const timeUnitCases = allCases.filter((c) => c.tags.includes('time-units'));

/** A server whose 200 answers for these time units carry a recordsLag of 1.5. */
const brokenFor = (...units: string[]) => startReferenceServer({ behaviour: { finish: floatLagFor(...units) } });

async function nightAgainst(server: ReferenceServer, dir: string, baselineFile?: string): Promise<Summary> {
  try {
    const startedAt = new Date().toISOString();
    const verdicts = await runAgainst(server, { cases: timeUnitCases });
    return writeReports(dir, runInfoFor(server, startedAt, verdicts), verdicts, new Redactor(), { baseline: baselineFile === undefined ? undefined : readBaseline(baselineFile), contract: loadContract() });
  } finally {
    await server.close();
  }
}

describe('two nights: week and day broken last night, week and month tonight', () => {
  let lastNight: Summary;
  let tonight: Summary;
  let tonightDir: string;

  beforeAll(async () => {
    const lastNightDir = mkdtempSync(join(tmpdir(), 'conformance-last-night-'));
    tonightDir = mkdtempSync(join(tmpdir(), 'conformance-tonight-'));
    lastNight = await nightAgainst(await brokenFor('week', 'day'), lastNightDir);
    tonight = await nightAgainst(await brokenFor('week', 'month'), tonightDir, join(lastNightDir, 'summary.json'));
  });

  test('the nights failed where their servers were broken', () => {
    expect(lastNight.cases.filter((c) => c.verdict === 'failed').map((c) => c.id).sort()).toEqual(
      ['accept.time-unit.day', 'accept.time-unit.day.interval-7', 'accept.time-unit.week', 'accept.time-unit.week.interval-2'],
    );
    expect(lastNight.baseline).toBeUndefined();
  });

  test('summary.json marks each failure new or still failing, and lists the fixed cases', () => {
    expect(tonight.baseline).toMatchObject({
      newFailures: ['accept.time-unit.month', 'accept.time-unit.month.interval-3'],
      stillFailing: ['accept.time-unit.week', 'accept.time-unit.week.interval-2'],
      fixed: ['accept.time-unit.day', 'accept.time-unit.day.interval-7'],
      baselineStartedAt: lastNight.startedAt,
    });
    const written = JSON.parse(readFileSync(join(tonightDir, 'summary.json'), 'utf8')) as Summary;
    expect(written.baseline).toEqual(tonight.baseline);
    const change = (id: string) => written.cases.find((c) => c.id === id)?.change;
    expect(change('accept.time-unit.month')).toBe('new');
    expect(change('accept.time-unit.week')).toBe('still-failing');
    expect(change('accept.time-unit.day')).toBe('fixed');
    expect(change('accept.time-unit.hour')).toBeUndefined(); // passed both nights
  });

  test('summary.md says the same', () => {
    const markdown = readFileSync(join(tonightDir, 'summary.md'), 'utf8');
    expect(markdown).toContain(`### Since the baseline run of ${lastNight.startedAt}`);
    expect(markdown).toContain('- New failures (2): `accept.time-unit.month`, `accept.time-unit.month.interval-3`');
    expect(markdown).toContain('- Still failing (2): `accept.time-unit.week`, `accept.time-unit.week.interval-2`');
    expect(markdown).toContain('- Fixed (2): `accept.time-unit.day`, `accept.time-unit.day.interval-7`');
    expect(markdown).toContain('- **`accept.time-unit.month`** time\\_unit=month with time\\_interval=1 (as a browser\'s fetch()) (HTTP 200, new failure)');
  });

  test('a case that did not run last night fails as new', async () => {
    const server = await brokenFor('hour');
    try {
      const verdicts = await runAgainst(server, { cases: allCases.filter((c) => c.id === 'accept.time-unit.hour') });
      expect(failedIds(verdicts)).toEqual(['accept.time-unit.hour']);
      const dir = mkdtempSync(join(tmpdir(), 'conformance-subset-'));
      const baseline = readBaseline(join(tonightDir, 'summary.json'));
      const partial = { ...baseline, outcomes: new Map([...baseline.outcomes].filter(([id]) => id !== 'accept.time-unit.hour')) };
      const summary = writeReports(dir, runInfoFor(server, new Date().toISOString(), verdicts), verdicts, new Redactor(), { baseline: partial, contract: loadContract() });
      expect(summary.baseline?.newFailures).toEqual(['accept.time-unit.hour']);
    } finally {
      await server.close();
    }
  });
});

describe('a baseline that cannot be read is a setting error (exit 2), before anything is sent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-bad-baseline-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test.each([
    ['a missing file', join(dir, 'nope.json'), 'which does not exist'],
    ['a file that is not JSON', file('text.json', 'last night was fine'), 'which is not JSON'],
    ['JSON that is not a summary', file('other.json', '{"cases": [{"name": "x"}]}'), 'which is not a summary.json of this suite'],
    ['a summary with a case without a verdict', file('partial.json', '{"tool": "streamkap-metrics-conformance", "cases": [{"id": "a", "verdict": "passed"}, {"id": "b"}]}'), 'which is not a summary.json of this suite'],
  ])('%s', async (_what, path, reason) => {
    expect(() => readBaseline(path)).toThrow(SetupError);
    expect(() => readBaseline(path)).toThrow(reason);
    expect(() => readBaseline(path)).toThrow('Set STREAMKAP_BASELINE_REPORT to the reports/summary.json of an earlier run, or unset it');
  });

  test('the CLI exits 2 naming STREAMKAP_BASELINE_REPORT, and the target sees no request', async () => {
    const server = await startReferenceServer();
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      const code = await main([], {
        STREAMKAP_BASE_URL: server.baseUrl,
        STREAMKAP_TOKEN: server.token,
        STREAMKAP_PIPELINE_ID: server.pipelineId,
        STREAMKAP_REPORTS_DIR: dir,
        STREAMKAP_BASELINE_REPORT: join(dir, 'nope.json'),
      }, consoleTo());
      expect(code).toBe(2);
      expect(errors.join('\n')).toMatch(/^streamkap-conformance: STREAMKAP_BASELINE_REPORT is ".*nope\.json", which does not exist\./);
      expect(server.requests).toEqual([]);
    } finally {
      spy.mockRestore();
      await server.close();
    }
  });
});
