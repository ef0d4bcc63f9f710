/**
 * reports/metrics.prom: the run in Prometheus text, checked by promtool (Debian's prometheus
 * package) for both syntax and the naming lint, and read back for the values alerting relies on.
 */
import { spawnSync } from 'node:child_process';
import { renderRunMetrics } from '../../src/metrics/run-metrics';
import { night, runOf } from '../history/runs';
import { PROMTOOL, describeWith } from '../support/debian-tool';

const RUN = runOf(
  night(1),
  { 'accept.defaults': 'passed', 'accept.defaults@p2': 'failed', 'auth.none': 'skipped', 'reject."quoted"\\case': 'errored' },
  { 'accept.defaults': 80, 'accept.defaults@p2': 1200 },
);

/** promtool's verdict on a metrics text: its exit status and whatever it printed. */
function promtool(text: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL.path, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** The value of one sample, by its full series text (name and labels as written). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('the run, its cases, response times and timings, under the streamkap_conformance_ prefix with HELP for each', async () => {
  const text = await renderRunMetrics(RUN);
  expect(sample(text, 'streamkap_conformance_run_outcome{outcome="failed"}')).toBe(1);
  expect(sample(text, 'streamkap_conformance_run_outcome{outcome="passed"}')).toBe(0);
  expect(sample(text, 'streamkap_conformance_run_exit_code')).toBe(1);
  for (const outcome of ['passed', 'failed', 'errored', 'skipped'])
    expect(sample(text, `streamkap_conformance_cases{outcome="${outcome}"}`)).toBe(1);
  expect(sample(text, 'streamkap_conformance_case_outcome{case="accept.defaults",tier="accept",pipeline="p2",outcome="failed"}')).toBe(1);
  expect(sample(text, 'streamkap_conformance_case_outcome{case="accept.defaults",tier="accept",pipeline="",outcome="passed"}')).toBe(1);
  // One series a case: its own outcome only, no zero series for the other three.
  expect(
    sample(text, 'streamkap_conformance_case_outcome{case="accept.defaults",tier="accept",pipeline="",outcome="failed"}'),
  ).toBeUndefined();
  expect(text.split('\n').filter((line) => line.startsWith('streamkap_conformance_case_outcome{'))).toHaveLength(RUN.cases.length);
  // Label values are escaped as the format requires.
  expect(
    sample(text, 'streamkap_conformance_case_outcome{case="reject.\\"quoted\\"\\\\case",tier="accept",pipeline="",outcome="errored"}'),
  ).toBe(1);
  // Only the two answered cases are in the histogram: 80 ms and 1.2 s.
  expect(sample(text, 'streamkap_conformance_response_time_seconds_bucket{le="0.1"}')).toBe(1);
  expect(sample(text, 'streamkap_conformance_response_time_seconds_bucket{le="1"}')).toBe(1);
  expect(sample(text, 'streamkap_conformance_response_time_seconds_bucket{le="2.5"}')).toBe(2);
  expect(sample(text, 'streamkap_conformance_response_time_seconds_count')).toBe(2);
  expect(sample(text, 'streamkap_conformance_response_time_seconds_sum')).toBeCloseTo(1.28);
  expect(sample(text, 'streamkap_conformance_run_duration_seconds')).toBe(4.2);
  expect(sample(text, 'streamkap_conformance_run_start_time_seconds')).toBe(Date.parse(night(1)) / 1000);
  // No drift was measured, so none is claimed.
  expect(text).not.toContain('contract_drift');
  const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
  expect(names.every((name) => name?.startsWith('streamkap_conformance_'))).toBe(true);
  expect([...text.matchAll(/^# HELP (\S+) \S/gm)].map((m) => m[1])).toEqual(names);
});

test('contract drift, where it was measured, by kind', async () => {
  const text = await renderRunMetrics(RUN, { breaking: 2, nonBreaking: 5 });
  expect(sample(text, 'streamkap_conformance_contract_drift_changes{kind="breaking"}')).toBe(2);
  expect(sample(text, 'streamkap_conformance_contract_drift_changes{kind="non_breaking"}')).toBe(5);
});

test('each render starts from nothing: no default-registry metrics, no values from an earlier run', async () => {
  await renderRunMetrics(RUN);
  const text = await renderRunMetrics(runOf(night(2), { only: 'passed' }, 50));
  expect(text).not.toContain('process_cpu');
  expect(text).not.toContain('accept.defaults');
  expect(sample(text, 'streamkap_conformance_response_time_seconds_count')).toBe(1);
});

describeWith(PROMTOOL, 'promtool check metrics', () => {
  test('promtool check metrics: valid, and not one lint warning, with and without drift and for a run with no cases', async () => {
    for (const text of [
      await renderRunMetrics(RUN),
      await renderRunMetrics(RUN, { breaking: 0, nonBreaking: 1 }),
      await renderRunMetrics(runOf(night(3), {})),
    ]) {
      expect(promtool(text)).toEqual({ status: 0, output: '' });
    }
  });

  test('control: promtool does flag a text that breaks the naming conventions', async () => {
    const bad = `${await renderRunMetrics(RUN)}# HELP streamkap_conformance_run_duration_ms How long.\n# TYPE streamkap_conformance_run_duration_ms counter\nstreamkap_conformance_run_duration_ms 4200\n`;
    const verdict = promtool(bad);
    expect(verdict.status).not.toBe(0);
    expect(verdict.output).toMatch(/counter metrics should have "_total" suffix/);
  });
});
