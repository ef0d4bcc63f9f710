import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A newcomer's first command: `npm run conformance` with no settings finishes within this on 2 cores. */
export const EMBEDDED_RUN_TARGET_MS = 3000;

export interface EmbeddedRun {
  wallMs: number;
  exitCode: number | null;
  /** The CLI's closing line: what was counted. */
  closingLine: string;
}

/**
 * The newcomer's run, as they would start it (tsx, a fresh process, no settings), timed from
 * spawn to exit: tables, coverage phase and the embedded random phase against the embedded server.
 */
export function measureEmbeddedRun(): EmbeddedRun {
  const root = join(__dirname, '..', '..');
  const began = Date.now();
  const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'src/cli/main.ts')], {
    cwd: mkdtempSync(join(tmpdir(), 'bench-embedded-')),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, STREAMKAP_REPORTS_DIR: mkdtempSync(join(tmpdir(), 'bench-reports-')) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const wallMs = Date.now() - began;
  const closingLine = run.stdout.trim().split('\n').at(-1) ?? '';
  return { wallMs, exitCode: run.status, closingLine };
}
