/**
 * The pre-release gate end to end, as CI runs it: the real CLI with --tag smoke against a
 * release candidate that broke two smoke cases, a baseline from last night, and a GitHub step
 * summary file. It must fail, and leave every report behind.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCases } from '../../cases';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import type { Coverage } from '../../src/reports/contract-coverage';
import type { Summary } from '../../src/reports/summary';
import { type CliRun, runMain } from '../support/run-cli';
import { floatLagFor } from './failing-run';

const SMOKE = allCases.filter((c) => c.tags.includes('smoke')).map((c) => c.id);
/** The live contract's verdict, beside the cases': the candidate publishes the vendored contract, so it passes. */
const CONTRACT = 'contract.unchanged';
/** The smoke cases the release candidate breaks (its hour answers carry a float lag). */
const BROKEN = ['accept.time-unit.hour', 'accept.documentation-example'];

let server: ReferenceServer;
let run: CliRun;
let stepSummaryFile: string;

beforeAll(async () => {
  server = await startReferenceServer({ behaviour: { finish: floatLagFor('hour') } });
  const dir = mkdtempSync(join(tmpdir(), 'conformance-gate-'));
  const baseline = join(dir, 'last-night.json');
  // Last night: the hour case already failed, and so did pipeline.missing (fixed since).
  writeFileSync(baseline, JSON.stringify({
    tool: 'streamkap-metrics-conformance',
    startedAt: '2025-03-04T03:17:00.000Z',
    target: { baseUrl: 'https://api.example.test' },
    cases: SMOKE.map((id) => ({ id, verdict: id === 'accept.time-unit.hour' || id === 'pipeline.missing' ? 'failed' : 'passed' })),
  }));
  stepSummaryFile = join(dir, 'step-summary.md');
  writeFileSync(stepSummaryFile, '## Build\n\nok\n\n');
  run = await runMain(['--tag', 'smoke'], {
    STREAMKAP_BASE_URL: server.baseUrl,
    STREAMKAP_TOKEN: server.token,
    STREAMKAP_PIPELINE_ID: server.pipelineId,
    STREAMKAP_BASELINE_REPORT: baseline,
    GITHUB_STEP_SUMMARY: stepSummaryFile,
  });
});

afterAll(() => server.close());

const report = (name: string) => readFileSync(join(run.reportsDir, name), 'utf8');

test('it exits 1 and names the report to open', () => {
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(`${run.reportsDir}/report.html`);
  expect(run.stdout).toMatch(
    new RegExp(`^conformance: ${SMOKE.length + 1 - BROKEN.length} passed, ${BROKEN.length} failed, 0 errored, 0 skipped against http://127\\.0\\.0\\.1:\\d+ \\(exit 1\\)$`, 'm'),
  );
});

test('it ran the smoke cases only', () => {
  const summary = JSON.parse(report('summary.json')) as Summary;
  expect(summary.selection.tags).toEqual(['smoke']);
  expect(summary.cases.map((c) => c.id)).toEqual([...SMOKE, CONTRACT]);
  expect(summary.cases.filter((c) => c.verdict === 'failed').map((c) => c.id)).toEqual(BROKEN);
  expect(server.requests.filter((r) => r.url.includes('/metrics'))).toHaveLength(SMOKE.length + 1); // and the preflight's one
});

test('since last night: one new failure, one still failing, one fixed', () => {
  const summary = JSON.parse(report('summary.json')) as Summary;
  expect(summary.baseline).toMatchObject({ newFailures: ['accept.documentation-example'], stillFailing: ['accept.time-unit.hour'], fixed: ['pipeline.missing'] });
});

test('every report is there: report.html, summary.md (also in the step summary), coverage.json, junit.xml', () => {
  expect(report('report.html')).toMatch(/^<!doctype html>/);
  expect(report('junit.xml')).toContain('accept.time-unit.hour');
  const coverage = JSON.parse(report('coverage.json')) as Coverage;
  expect(coverage.enumValues.filter((v) => v.observed).map((v) => v.value)).toEqual(['hour']);
  const markdown = report('summary.md');
  expect(markdown).toContain(`## Streamkap metrics conformance: ❌ ${BROKEN.length} of ${SMOKE.length + 1} cases failed`);
  expect(readFileSync(stepSummaryFile, 'utf8')).toBe(`## Build\n\nok\n\n${markdown}\n`);
  for (const name of ['report.html', 'summary.md', 'summary.json', 'coverage.json', 'junit.xml']) expect(report(name)).not.toContain(server.token);
});
