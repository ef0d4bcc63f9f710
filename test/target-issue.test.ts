/**
 * .github/scripts/target-issue.js, run as the workflow's issue job runs it, on the reports of real
 * runs (the CLI in this process against loopback servers), with a fake `gh` on PATH that records
 * what it was asked and answers `issue list` with the open issues it is given.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonAnswer } from '../src/reference-server/behaviour';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { runMain } from './support/run-cli';
import { targetEnv } from './support/target-env';

const SCRIPT = join(__dirname, '..', '.github', 'scripts', 'target-issue.js');
const TITLE = 'Conformance: staging-eu is failing';

/** A node program named gh: appends each call (arguments and standard input) to calls.json, lists FAKE_GH_OPEN. */
const FAKE_GH = `#!${process.execPath}
const fs = require('node:fs');
const input = process.argv.includes('-') ? fs.readFileSync(0, 'utf8') : undefined;
fs.appendFileSync(process.env.FAKE_GH_CALLS, JSON.stringify({ args: process.argv.slice(2), input }) + '\\n');
if (process.argv[2] === 'issue' && process.argv[3] === 'list') process.stdout.write(process.env.FAKE_GH_OPEN);
if (process.env.FAKE_GH_FAIL === process.argv[3]) { process.stderr.write('HTTP 403: Resource not accessible by integration'); process.exit(1); }
`;

let dir: string;
let redReports: string;
let greenReports: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'target-issue-'));
  writeFileSync(join(dir, 'gh'), FAKE_GH);
  chmodSync(join(dir, 'gh'), 0o755);
  // A red night: every 200 body has recordsLag 1.5, which the schema forbids.
  const faulty = await startReferenceServer({
    behaviour: {
      finish: (answer) => {
        if (answer.status !== 200) return answer;
        const body = JSON.parse(String(answer.body)) as { data: Record<string, unknown> };
        return jsonAnswer(200, { ...body, data: { ...body.data, recordsLag: 1.5 } });
      },
    },
  });
  const conformant = await startReferenceServer();
  try {
    const red = await runMain(['--tag', 'smoke'], targetEnv(faulty));
    expect(red.code).toBe(1);
    const green = await runMain(['--tag', 'smoke'], targetEnv(conformant));
    expect(green.code).toBe(0);
    redReports = join(dir, 'red');
    greenReports = join(dir, 'green');
    cpSync(red.reportsDir, redReports, { recursive: true });
    cpSync(green.reportsDir, greenReports, { recursive: true });
  } finally {
    await faulty.close();
    await conformant.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Call {
  args: string[];
  input?: string;
}

/** Runs the script on these reports with these open issues; what it printed and every gh call after the listing. */
function runScript(reportsDir: string, open: Array<{ number: number; title: string }>, fail?: string) {
  const calls = join(dir, `calls-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(calls, '');
  const result = spawnSync(process.execPath, [SCRIPT], {
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      FAKE_GH_CALLS: calls,
      FAKE_GH_OPEN: JSON.stringify(open),
      ...(fail !== undefined && { FAKE_GH_FAIL: fail }),
      GH_TOKEN: 'ghs_fake',
      GITHUB_REPOSITORY: 'acme/conformance',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '42',
      TARGET_NAME: 'staging-eu',
      TARGET_BASE_URL: 'https://staging-eu.example.com/api',
      ARTIFACT_NAME: 'conformance-reports-staging-eu',
      REPORTS_DIR: reportsDir,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const made = readFileSync(calls, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Call);
  // Every call names the repository; the first only looks for the target's open issue by its title.
  for (const call of made) expect(call.args.slice(-2)).toEqual(['--repo', 'acme/conformance']);
  expect(made[0]?.args.slice(0, 6)).toEqual(['issue', 'list', '--state', 'open', '--search', `"${TITLE}" in:title`]);
  return { status: result.status, stdout: result.stdout, calls: made.slice(1).map((call) => ({ ...call, args: call.args.slice(0, -2) })) };
}

const RUN_URL = 'https://github.com/acme/conformance/actions/runs/42';

test("red with no open issue: one is opened with the run's headline and causes, not its case list", () => {
  const run = runScript(redReports, [{ number: 3, title: 'Conformance: staging-eu-2 is failing' }]);
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('staging-eu is red: opened an issue.\n');
  expect(run.calls.map((call) => call.args)).toEqual([['issue', 'create', '--title', TITLE, '--body-file', '-']]);
  const body = run.calls[0]?.input ?? '';
  const summary = readFileSync(join(redReports, 'summary.md'), 'utf8');
  const headline = summary.split('\n').find((line) => line.startsWith('**Exit 1: '));
  expect(headline).toBeDefined();
  expect(body).toContain(headline);
  expect(body).toContain(summary.slice(summary.indexOf('### Causes'), summary.indexOf('\n### ', summary.indexOf('### Causes'))).trim());
  expect(body).toContain('recordsLag');
  expect(body).not.toContain('### Failed or errored cases');
  expect(body).toContain(RUN_URL);
  expect(body).toContain('`https://staging-eu.example.com/api`');
  expect(body).toContain('conformance-reports-staging-eu');
});

test('red again: the open issue gets the new body and a comment with the headline', () => {
  const run = runScript(redReports, [
    { number: 7, title: TITLE },
    { number: 9, title: TITLE },
  ]);
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('staging-eu is red: updated issue #7.\n');
  expect(run.calls.map((call) => call.args)).toEqual([
    ['issue', 'edit', '7', '--body-file', '-'],
    ['issue', 'comment', '7', '--body-file', '-'],
  ]);
  expect(run.calls[0]?.input).toContain('### Causes');
  expect(run.calls[1]?.input).toMatch(
    new RegExp(`^Still red in \\[this run\\]\\(${RUN_URL.replace(/[./]/g, '\\$&')}\\)\\. \\*\\*Exit 1: `),
  );
});

test('green again: the open issue is closed with a link to the run; green with none: nothing is written', () => {
  const closed = runScript(greenReports, [{ number: 7, title: TITLE }]);
  expect(closed.status).toBe(0);
  expect(closed.calls.map((call) => call.args)).toEqual([['issue', 'close', '7', '--comment', `Green again in [this run](${RUN_URL}).`]]);
  const quiet = runScript(greenReports, []);
  expect(quiet.status).toBe(0);
  expect(quiet.stdout).toBe('staging-eu is green and has no open issue.\n');
  expect(quiet.calls).toEqual([]);
});

test('no reports (the job stopped before its upload): red, saying the run wrote no report', () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  const run = runScript(empty, []);
  expect(run.status).toBe(0);
  expect(run.calls.map((call) => call.args[1])).toEqual(['create']);
  expect(run.calls[0]?.input).toContain('The run wrote no report');
});

test('gh refusing (no issues: write) fails the job with an annotation that says which call', () => {
  const run = runScript(redReports, [], 'create');
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(
    /^::error title=Conformance staging-eu: issue::gh issue create failed \(exit 1\): HTTP 403: Resource not accessible by integration$/m,
  );
});
