/**
 * No run outlives what started it: the CLI as users start it, through npm or a wrapper that
 * vanishes, signalled the way a terminal, `timeout` or a CI runner does. Spawned, since the
 * processes are the point; a slow loopback server keeps the run going long enough to stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcStat } from '../../src/cli/parent-watch';
import { EXIT } from '../../src/exit-status';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { targetEnv } from '../support/target-env';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'streamkap-conformance.js');
/** A case other than the live contract (compared first) has passed: the run is sending. */
const SENDING = /✓ passed +(?!contract\.unchanged)/;

/**
 * Each test with a slow target of its own (the tests run at once: they mostly wait on it), and the
 * runs it started: one that failed to stop is killed, never left sending.
 */
async function withSlowTarget(test: (slow: ReferenceServer, started: number[]) => Promise<void>): Promise<void> {
  const slow = await startReferenceServer({ latencyMs: 100 });
  const started: number[] = [];
  try {
    await test(slow, started);
  } finally {
    for (const pid of started) if (running(pid)) process.kill(pid, 'SIGKILL');
    await slow.close();
  }
}

/** A minimal environment (never a developer's own settings), the slow target, and a fresh reports folder. */
function runEnv(slow: ReferenceServer): { env: NodeJS.ProcessEnv; reportsDir: string } {
  const reportsDir = mkdtempSync(join(tmpdir(), 'chain-reports-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...targetEnv(slow, { STREAMKAP_CONCURRENCY: '1', STREAMKAP_GENERATED_REQUESTS: '40', STREAMKAP_REPORTS_DIR: reportsDir }),
  };
  return { env, reportsDir };
}

const running = (pid: number): boolean => {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
};
/** The run npm started: its child running the bin (never another process, which the test would signal). */
const runUnder = (npm: number): number | undefined =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .find((child) => readProcStat(child)?.parent === npm && commandLine(child).includes(join('bin', 'streamkap-conformance.js')));
const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};
const summaryOf = (reportsDir: string) => JSON.parse(readFileSync(join(reportsDir, 'summary.json'), 'utf8'));

/** Calls `act` once the run has sent a case; resolves to the process's exit code and output. */
function whenSending(child: ChildProcess, act: (stdout: string) => void): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  let acted = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!acted && SENDING.test(stdout)) {
      acted = true;
      act(stdout);
    }
  });
  child.stderr?.resume();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

/** A folder with the project's package.json, code and modules, but no .env: npm runs its script as in the project. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chain-project-'));
  writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  for (const folder of ['bin', 'src', 'node_modules']) symlinkSync(join(ROOT, folder), join(dir, folder));
  return dir;
}

describe('npm run conformance', () => {
  test.concurrent.each([
    ['SIGINT', 'to npm alone', false],
    ['SIGTERM', 'to the process group, as timeout and Ctrl-C send it (the run gets it, then npm’s echo of it)', true],
  ] as const)('%s %s: the run stops, its reports say interrupted, and npm exits with the signal’s code', (signal, _how, toTheGroup) =>
    withSlowTarget(async (slow, started) => {
      const { env, reportsDir } = runEnv(slow);
      // Its own process group when the group is signalled, as a terminal or `timeout` makes one.
      const npm = spawn('npm', ['run', 'conformance', '--', '--verbose'], { cwd: projectCopy(), env, detached: toTheGroup });
      let run: number | undefined;
      const { code } = await whenSending(npm, () => {
        run = runUnder(npm.pid as number);
        if (run !== undefined) started.push(run);
        if (!toTheGroup || run === undefined) return void npm.kill(signal);
        // Every process of the group at once: the run gets it, and npm forwards it again (the echo, not a second signal).
        process.kill(-(npm.pid as number), signal);
      });
      expect(run).toBeDefined();
      expect(code).toBe(EXIT[signal]);
      expect(running(run as number)).toBe(false);
      const summary = summaryOf(reportsDir);
      expect(summary).toMatchObject({ outcome: 'interrupted', exit: { code: EXIT[signal] }, stop: { kind: 'interrupted', signal } });
      expect(summary.totals.passed).toBeGreaterThan(0);
    }),
  );
});

test.concurrent(
  'a wrapper that vanishes (killed outright, its pipes gone): the run stops by itself, writes its reports and sends no more',
  () =>
    withSlowTarget(async (slow, started) => {
      const { env, reportsDir } = runEnv(slow);
      // The wrapper relays the run's output through pipes, as npm's and CI runners' do: when it dies, they break.
      const relay = `const run = require('node:child_process').spawn(process.execPath, [${JSON.stringify(BIN)}, '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
console.log('run ' + run.pid); run.stdout.pipe(process.stdout); run.stderr.pipe(process.stderr);`;
      const wrapper = spawn(process.execPath, ['-e', relay], { cwd: mkdtempSync(join(tmpdir(), 'chain-cwd-')), env });
      let run = 0;
      let sentAtTheKill = 0;
      await whenSending(wrapper, (stdout) => {
        run = Number(/^run (\d+)$/m.exec(stdout)?.[1]);
        started.push(run);
        sentAtTheKill = slow.requests.length;
        wrapper.kill('SIGKILL');
      });
      while (running(run)) await new Promise((resolve) => setTimeout(resolve, 100));
      const summary = summaryOf(reportsDir);
      expect(summary).toMatchObject({ outcome: 'interrupted', exit: { code: EXIT.SIGTERM } });
      expect(summary.stop.reason).toBe(`the process that started it, node (pid ${wrapper.pid}), ended`);
      expect(
        summary.cases.some((c: { skipReason?: string }) =>
          c.skipReason?.startsWith('not run: the run was interrupted (SIGTERM: the process'),
        ),
      ).toBe(true);
      // It stopped sending: at most the requests in flight and the watch's interval's worth after the kill, far from the plan.
      expect(slow.requests.length - sentAtTheKill).toBeLessThan(summary.totals.skipped);
    }),
);
