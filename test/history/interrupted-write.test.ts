/**
 * A run killed while it writes the history leaves a history that reads: a child process rewrites a
 * large history in a loop and is SIGKILLed while its temporary file exists, i.e. mid-write. The
 * control does the same to an in-place write, and shows the test would catch one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHistory, TEMP_PREFIX } from '../../src/history/history-file';
import { SetupError } from '../../src/setup-error';

const SCRIPT = join(__dirname, 'write-history-forever.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Writer {
  child: ChildProcess;
  file: string;
  dir: string;
  /** Resolves with the size of the first complete write. */
  firstWrite: Promise<number>;
  exited: Promise<NodeJS.Signals | null>;
}

function startWriter(mode: 'atomic' | 'naive'): Writer {
  const dir = mkdtempSync(join(tmpdir(), `history-kill-${mode}-`));
  dirs.push(dir);
  const file = join(dir, 'history.json');
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), SCRIPT, file, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstWrite = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const size = /written (\d+)/.exec(chunk.toString())?.[1];
      if (size !== undefined) resolve(Number(size));
    });
    child.on('exit', () => reject(new Error(`the ${mode} writer exited before writing`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  return { child, file, dir, firstWrite, exited };
}

/** Polls (synchronously, so no write slips by between the look and the kill) until `midWrite` holds, then SIGKILLs. */
function killWhen(writer: Writer, midWrite: () => boolean): boolean {
  // Only a writer that never gets mid-write reaches it: on a loaded machine the writer may get little
  // CPU for a while, which makes the wait longer, never the test red.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (midWrite()) {
      writer.child.kill('SIGKILL');
      return true;
    }
  }
  writer.child.kill('SIGKILL');
  return false;
}

const temporaries = (dir: string) => readdirSync(dir).filter((name) => name.startsWith(TEMP_PREFIX));

test('killed mid-write, the atomic writer leaves the previous complete history', async () => {
  const writer = startWriter('atomic');
  const size = await writer.firstWrite;
  expect(size).toBeGreaterThan(1_000_000);
  expect(killWhen(writer, () => temporaries(writer.dir).length > 0)).toBe(true);
  expect(await writer.exited).toBe('SIGKILL');
  // The kill landed mid-write: the temporary file it was writing is still there...
  expect(temporaries(writer.dir)).toHaveLength(1);
  // ...and the history itself is whole.
  expect(statSync(writer.file).size).toBe(size);
  const history = readHistory(writer.file);
  expect(history.runs).toHaveLength(30);
  expect(history.runs.every((run) => run.cases.length === 1500)).toBe(true);
});

test('control: the same kill during an in-place write leaves a file the history refuses as corrupt', async () => {
  // The write truncates first, so a size between empty and whole is a write in progress; the
  // write may finish between the look and the kill, so the control gets three tries.
  let corrupted = false;
  for (let attempt = 0; attempt < 3 && !corrupted; attempt += 1) {
    const writer = startWriter('naive');
    const size = await writer.firstWrite;
    const killed = killWhen(writer, () => {
      const now = existsSync(writer.file) ? statSync(writer.file).size : size;
      return now < size;
    });
    await writer.exited;
    if (!killed) continue;
    try {
      readHistory(writer.file);
    } catch (error) {
      expect(error).toBeInstanceOf(SetupError);
      corrupted = true;
    }
  }
  expect(corrupted).toBe(true);
});
