/**
 * Every run keeps its reports in its own folder under the reports folder; the latest full run is
 * also at the top level, where CI looks. A rerun of chosen cases never replaces it, and two runs
 * writing the same folder at once never mix their lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { readBaseline } from '../../src/reports/baseline';
import { LOCK_FILE, RUNS_FOLDER } from '../../src/reports/run-folder';
import { SETTINGS } from '../../src/settings/table';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

interface EventLine {
  event: string;
  target?: string;
}

const readJson = (...path: string[]) => JSON.parse(readFileSync(join(...path), 'utf8')) as { cases: Array<{ id: string }>; target: { baseUrl: string } };
const runFolders = (dir: string) => readdirSync(join(dir, RUNS_FOLDER)).sort();
const readEvents = (...path: string[]): EventLine[] =>
  readFileSync(join(...path, 'events.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as EventLine);
const freshDir = () => mkdtempSync(join(tmpdir(), 'conformance-run-folders-'));
/** The pid of a process that has ended: what a run killed with SIGKILL leaves in its lock. */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

describe('a run folder per run', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.close());

  test('a rerun of one case keeps the full run at the top level and in its folder, and the console says where each is', async () => {
    const dir = freshDir();
    const env = targetEnv(server, { STREAMKAP_REPORTS_DIR: dir, STREAMKAP_GENERATED_REQUESTS: '0' });
    // Into a reports folder that holds no full run, a rerun's reports are the top level's too.
    const first = await runMain(['--case', 'accept.defaults'], env);
    expect(first.code).toBe(0);
    expect(readJson(dir, 'summary.json').cases.map((c) => c.id)).toContain('accept.defaults');
    const [firstFolder] = runFolders(dir);
    const full = await runMain(['--tag', 'smoke'], env);
    expect(full.code).toBe(0);
    const fullCases = readJson(dir, 'summary.json').cases.length;
    const fullFolder = runFolders(dir).find((name) => name !== firstFolder);
    expect(fullFolder).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    // The top level is a copy of the run's own folder.
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(readFileSync(join(dir, RUNS_FOLDER, fullFolder as string, 'summary.json'), 'utf8'));
    expect(full.stdout).toContain(`kept in ${join(dir, RUNS_FOLDER, fullFolder as string)}`);

    const rerun = await runMain(['--case', 'accept.defaults'], env);
    expect(rerun.code).toBe(0);
    const folders = runFolders(dir);
    expect(folders).toHaveLength(3);
    const rerunFolder = folders.find((name) => name !== fullFolder && name !== firstFolder) as string;
    expect(readJson(dir, 'summary.json').cases).toHaveLength(fullCases);
    expect(readJson(dir, RUNS_FOLDER, fullFolder as string, 'summary.json').cases).toHaveLength(fullCases);
    expect(readJson(dir, RUNS_FOLDER, rerunFolder, 'summary.json').cases.map((c) => c.id)).toContain('accept.defaults');
    expect(readJson(dir, RUNS_FOLDER, rerunFolder, 'summary.json').cases.length).toBeLessThan(fullCases);
    expect(rerun.stdout).toContain(`Reports: ${join(dir, RUNS_FOLDER, rerunFolder, 'summary.json')}`);
    expect(rerun.stdout).toContain(`${dir} still holds the last full run's reports`);
    // The history's baseline and STREAMKAP_BASELINE_REPORT can name a kept run by its folder.
    expect(readBaseline(join(dir, RUNS_FOLDER, fullFolder as string)).outcomes.size).toBe(fullCases);
  });

  test('two runs against two targets writing one reports folder at once: one has the top level, the other its own folder, no file has both', async () => {
    const slow = [await startReferenceServer({ latencyMs: 150 }), await startReferenceServer({ latencyMs: 150 })];
    try {
      const dir = freshDir();
      const runs = await Promise.all(
        slow.map((s) =>
          runMain(['--tag', 'smoke'], targetEnv(s, { STREAMKAP_REPORTS_DIR: dir, STREAMKAP_GENERATED_REQUESTS: '0', STREAMKAP_CONCURRENCY: '1' })),
        ),
      );
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      const top = readEvents(dir);
      expect(top.filter((e) => e.event === 'run-started')).toHaveLength(1);
      expect(top.filter((e) => e.event === 'run-finished')).toHaveLength(1);
      const folders = runFolders(dir);
      expect(folders).toHaveLength(2);
      const targets = folders.map((name) => {
        const lines = readEvents(dir, RUNS_FOLDER, name);
        expect(lines.filter((e) => e.event === 'run-finished')).toHaveLength(1);
        expect(new Set(lines.filter((e) => e.target).map((e) => e.target)).size).toBe(1);
        return readJson(dir, RUNS_FOLDER, name, 'summary.json').target.baseUrl;
      });
      expect(targets.sort()).toEqual(slow.map((s) => s.baseUrl).sort());
      // The run that was second says the top level is another run's, and where its own reports are.
      const guest = runs.find((r) => r.stdout.includes('is being written by another run'));
      expect(guest?.stdout).toMatch(/Reports: .*runs\/\d{8}T\d{6}Z-[0-9a-f]{6}\/summary\.json/);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    } finally {
      await Promise.all(slow.map((s) => s.close()));
    }
  });

  test('a lock left by a run that died is taken over; the oldest run folders go beyond STREAMKAP_REPORTS_RUNS, but not one a live run is writing, nor anything else in runs/', async () => {
    const dir = freshDir();
    const keep = 2;
    const old = ['20250101T000000Z-aaaaaa', '20250102T000000Z-bbbbbb', '20250103T000000Z-cccccc'];
    for (const name of old) mkdirSync(join(dir, RUNS_FOLDER, name), { recursive: true });
    mkdirSync(join(dir, RUNS_FOLDER, 'notes'));
    // The oldest folder, but its run is still writing it (this process stands for it).
    const live = '20241231T000000Z-dddddd';
    mkdirSync(join(dir, RUNS_FOLDER, live));
    writeFileSync(join(dir, RUNS_FOLDER, live, '.running'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: new Date().toISOString(), run: old[2] }));
    const run = await runMain(
      ['--tag', 'smoke'],
      targetEnv(server, { STREAMKAP_REPORTS_DIR: dir, STREAMKAP_GENERATED_REQUESTS: '0', STREAMKAP_REPORTS_RUNS: String(keep) }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('another run');
    expect(readJson(dir, 'summary.json').target.baseUrl).toBe(server.baseUrl);
    const left = runFolders(dir);
    expect(left.filter((name) => name !== 'notes' && name !== live)).toHaveLength(keep);
    expect(left).toEqual(expect.arrayContaining(['notes', live, old[2]]));
    expect(left).not.toContain(old[0]);
    expect(existsSync(join(dir, RUNS_FOLDER, left.at(-1) as string, '.running'))).toBe(false);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  test('with a history, a rerun of chosen cases is recorded as one, with its folder, and is neither the next full run\'s baseline nor a point of its trend', async () => {
    const dir = freshDir();
    const historyFile = join(dir, 'history.json');
    const env = targetEnv(server, { STREAMKAP_REPORTS_DIR: dir, STREAMKAP_GENERATED_REQUESTS: '0', STREAMKAP_HISTORY_FILE: historyFile });
    expect((await runMain(['--tag', 'smoke'], env)).code).toBe(0);
    expect((await runMain(['--case', 'accept.defaults'], env)).code).toBe(0);
    const history = JSON.parse(readFileSync(historyFile, 'utf8')) as { runs: Array<{ startedAt: string; rerun?: boolean; reports?: string }> };
    const [full, rerun] = history.runs;
    expect(full?.rerun).toBeUndefined();
    expect(rerun?.rerun).toBe(true);
    expect(runFolders(dir)).toEqual([full?.reports, rerun?.reports].sort());
    expect((await runMain(['--tag', 'smoke'], env)).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      baseline?: { baselineStartedAt: string };
      history?: { trend: Array<{ startedAt: string }> };
    };
    expect(summary.baseline?.baselineStartedAt).toBe(full?.startedAt);
    // The trend is of full runs: a rerun of one case would show as a run of one case.
    expect(summary.history?.trend.map((point) => point.startedAt)).toEqual([full?.startedAt, expect.any(String)]);
  });

  test('the retention is one setting, declared in the table', () => {
    expect(SETTINGS.STREAMKAP_REPORTS_RUNS.default).toBeGreaterThan(1);
  });
});
