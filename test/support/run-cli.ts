import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Console, main, type MainSeams } from '../../src/cli/main';
import { directDriver } from '../../src/engine/run-conformance';
import type { Environment } from '../../src/settings';

const PROJECT_ROOT = join(__dirname, '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  reportsDir: string;
}

/**
 * Runs the conformance CLI as a user would, in a child process, with reports in a fresh temporary
 * folder unless the env names one. It runs in an empty folder with a minimal environment, so a
 * developer's own .env or STREAMKAP_* variables can never point a self-test at a real target.
 */
export interface CliOptions {
  timeoutMs?: number;
  /** Another entry point than the CLI's: a self-test's way to hand the run a broken part (test/support/entries). */
  entry?: string;
  /** The folder the CLI runs in; a fresh empty one by default. */
  cwd?: string;
  /** Called with the child as soon as it runs, to signal it. */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * What every self-test run sees: CI, its own reports folder, a small random phase, then the test's
 * own settings. Under CI the embedded run must be asked for, so a test without a target asks for
 * it, unless it sets CI itself (a test of that rule).
 */
function selfTestEnv(env: Environment, args: readonly string[]): Environment {
  const targetless = env.STREAMKAP_BASE_URL === undefined && !args.some((arg) => arg.startsWith('--base-url'));
  return {
    CI: 'true',
    ...(targetless && env.CI === undefined && { STREAMKAP_EMBEDDED: 'true' }),
    STREAMKAP_REPORTS_DIR: env.STREAMKAP_REPORTS_DIR ?? mkdtempSync(join(tmpdir(), 'conformance-reports-')),
    // A self-test's random phase is small unless it asks for more: the engine is the same at any budget.
    STREAMKAP_GENERATED_REQUESTS: '40',
    ...env,
  };
}

export function runCli(args: readonly string[], env: Record<string, string>, options: CliOptions | number = {}): Promise<CliRun> {
  // Below jest's testTimeout, so that a hung CLI is stopped and its output shown before jest gives up.
  const {
    timeoutMs = 240_000,
    entry = join(PROJECT_ROOT, 'src/cli/main.ts'),
    cwd,
    onSpawn,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...selfTestEnv(env, args) };
  const reportsDir = childEnv.STREAMKAP_REPORTS_DIR as string;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), entry, ...args], {
      cwd: cwd ?? mkdtempSync(join(tmpdir(), 'conformance-cwd-')),
      env: childEnv,
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI ran longer than ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, reportsDir });
    });
  });
}

/**
 * The CLI's `main` in this process, with the settings it would read and the console captured as a
 * spawned CLI's stdout and stderr. Cases go through the direct driver unless a seam says otherwise:
 * the same engine, checks and outputs as the jest driver (test/drivers-agree.test.ts proves they
 * agree), without a process and a jest run per test. What needs a process (signals, .env in the
 * working folder, the bin) or jest itself (its account of the run) stays with runCli.
 */
export async function runMain(args: readonly string[], env: Environment, seams: MainSeams = {}): Promise<CliRun> {
  const settings = selfTestEnv(env, args);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Console = { out: (line) => void stdout.push(`${line}\n`), err: (line) => void stderr.push(`${line}\n`) };
  const code = await main(args, settings, io, { driver: () => directDriver, ...seams });
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), reportsDir: settings.STREAMKAP_REPORTS_DIR as string };
}

/** Everything a run wrote where a person or a tool could read it: the console, and every file under its reports folder. */
export function everyOutput(run: CliRun): Array<[string, string]> {
  const files = readdirSync(run.reportsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry): [string, string] => {
      const path = join(entry.parentPath, entry.name);
      return [path, readFileSync(path, 'utf8')];
    });
  return [['stdout', run.stdout], ['stderr', run.stderr], ...files];
}
