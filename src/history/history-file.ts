/**
 * STREAMKAP_HISTORY_FILE: the last N runs of one target, read at the start of a run and rewritten
 * at its end. The file is replaced, never rewritten in place, so a run that dies leaves the old
 * history or the new one, never half of either.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SetupError } from '../setup-error';
import { type History, HISTORY_FORMAT, HISTORY_VERSION, historyProblem } from './file-shapes';
import type { RunRecord } from './run-record';
import { fileErrorReason, shownValue } from '../settings/shown-value';

export type { History } from './file-shapes';

export const emptyHistory = (): History => ({ format: HISTORY_FORMAT, version: HISTORY_VERSION, runs: [] });

/** The history with this run added last, keeping the newest `keep` runs. */
export function appendRun(history: History, run: RunRecord, keep: number): History {
  return { ...history, runs: [...history.runs, run].slice(-Math.max(1, keep)) };
}

const fixFor = (file: string): string =>
  `Move ${shownValue(file)} aside (or delete it) and run again: the next run starts a new history. ` +
  'Or point STREAMKAP_HISTORY_FILE at another file, or unset it to keep no history.';

/**
 * Reads the history; a file that does not exist yet is an empty history.
 * @throws SetupError naming STREAMKAP_HISTORY_FILE when the file cannot be read, is not JSON, or is no history of this version.
 */
export function readHistory(file: string): History {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyHistory();
    throw new SetupError(
      `STREAMKAP_HISTORY_FILE is ${shownValue(file)}, which cannot be read (${fileErrorReason(error)}). ${fixFor(file)}`,
      'STREAMKAP_HISTORY_FILE',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SetupError(`STREAMKAP_HISTORY_FILE is ${shownValue(file)}, which is not JSON. ${fixFor(file)}`, 'STREAMKAP_HISTORY_FILE');
  }
  const problem = historyProblem(parsed);
  if (problem !== undefined)
    throw new SetupError(`STREAMKAP_HISTORY_FILE is ${shownValue(file)}, ${problem}. ${fixFor(file)}`, 'STREAMKAP_HISTORY_FILE');
  return parsed as History;
}

/** Temporary files start with this; a run killed mid-write may leave one behind, which nothing reads. */
export const TEMP_PREFIX = '.history-';
let writes = 0;

/**
 * Writes the history to a temporary file beside the target, flushes it to disk, and renames it
 * over the target (atomic on POSIX within one file system), then flushes the directory so the
 * rename itself survives a crash.
 */
export function writeHistory(file: string, history: History): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${TEMP_PREFIX}${basename(file)}.${process.pid}.${(writes += 1)}.tmp`);
  const bytes = Buffer.from(`${JSON.stringify(history, null, 1)}\n`, 'utf8');
  const fd = openSync(temp, 'w', 0o644);
  try {
    try {
      // writeSync may write less than asked; a short history file would be the corruption this avoids.
      for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never written: nothing to clean up.
    }
    throw error;
  }
  syncDirectory(dir);
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to sync a directory; the rename has still happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
