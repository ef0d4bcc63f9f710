/** What the console and the reports say must be what the run did: each untruth once found, as a test. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

let reference: ReferenceServer;
beforeAll(async () => {
  reference = await startReferenceServer();
});
afterAll(() => reference.close());

/** A reports folder that holds an earlier run's report. */
function reportsOfAnEarlierRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'earlier-'));
  writeFileSync(join(dir, 'summary.json'), '{"earlier": true}\n');
  return dir;
}

test('--list --tag auth announces no random phase: the selection keeps none of its properties', async () => {
  const run = await runMain(['--list', '--tag', 'auth'], targetEnv(reference));
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('auth.missing');
  expect(run.stdout).not.toMatch(/random phase|Generated tier: seed/);
});

test('--list announces the random phase it would send, property by property', async () => {
  const run = await runMain(['--list'], targetEnv(reference, { STREAMKAP_GENERATED_REQUESTS: '80' }));
  expect(run.stdout).toMatch(/Generated tier: seed \d+ .*random phase 80 requests/);
});

test.each([
  ['a misspelt flag', ['--tags', 'smoke'], {}],
  ['npm run conformance --list, whose --list npm swallowed', [], { npm_config_list: 'true' }],
])('%s checks nothing and leaves the last run reports alone', async (_name, argv, extra) => {
  const dir = reportsOfAnEarlierRun();
  const run = await runMain(argv, { ...targetEnv(reference), STREAMKAP_REPORTS_DIR: dir, ...extra });
  expect(run.code).toBe(2);
  expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toContain('"earlier": true');
});

test('--case auth.limited-token without limited credentials is a skip with its reason, not a suite error', async () => {
  const run = await runMain(['--case', 'auth.limited-token'], targetEnv(reference));
  expect(run.stdout).not.toContain('jest ran');
  expect(run.code).toBe(0);
  const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
  expect(summary.cases).toEqual([
    expect.objectContaining({
      id: 'auth.limited-token',
      verdict: 'skipped',
      skipReason: expect.stringContaining('STREAMKAP_LIMITED_CLIENT_ID'),
    }),
    // The live contract, compared by every run.
    expect.objectContaining({ id: 'contract.unchanged', verdict: 'passed' }),
  ]);
});

test("--tag auth sends no random phase and says none; README's STREAMKAP_BASELINE_REPORT=reports/summary.json compares with the last run", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nightly-'));
  const first = await runMain(['--tag', 'auth'], targetEnv(reference, { STREAMKAP_REPORTS_DIR: dir }));
  expect(first.code).toBe(0);
  expect(first.stdout).not.toMatch(/random phase|Generated tier: seed/);
  const second = await runMain(
    ['--tag', 'auth'],
    targetEnv(reference, { STREAMKAP_REPORTS_DIR: dir, STREAMKAP_BASELINE_REPORT: join(dir, 'summary.json') }),
  );
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  expect(summary.baseline).toBeDefined();
  expect(existsSync(join(dir, 'report.html'))).toBe(true);
});
