import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export function runCli(args: readonly string[], env: Record<string, string>, options: CliOptions | number = {}): Promise<CliRun> {
  // Below jest's testTimeout, so that a hung CLI is stopped and its output shown before jest gives up.
  const {
    timeoutMs = 240_000,
    entry = join(PROJECT_ROOT, 'src/cli/main.ts'),
    cwd,
    onSpawn,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const reportsDir = env.STREAMKAP_REPORTS_DIR ?? mkdtempSync(join(tmpdir(), 'conformance-reports-'));
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    STREAMKAP_REPORTS_DIR: reportsDir,
    // A self-test's random phase is small unless it asks for more: the engine is the same at any budget.
    STREAMKAP_GENERATED_REQUESTS: '40',
    ...env,
  };
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
