/**
 * STREAMKAP_HISTORY_FILE: the last N runs of one target, read at the start of a run and rewritten
 * at its end. The file is replaced, never rewritten in place, so a run that dies leaves the old
 * history or the new one, never half of either.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OUTCOMES, type Outcome, TIERS } from '../model';
import { SetupError } from '../setup-error';
import { type CaseRecord, RUN_OUTCOMES, type RunOutcome, type RunRecord } from './run-record';

export const HISTORY_FORMAT = 'streamkap-metrics-conformance-history';
/** Bump when a field changes meaning; an older suite then refuses the file instead of misreading it. */
export const HISTORY_VERSION = 1;

export interface History {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  /** Oldest first. */
  runs: RunRecord[];
}

export const emptyHistory = (): History => ({ format: HISTORY_FORMAT, version: HISTORY_VERSION, runs: [] });

/** The history with this run added last, keeping the newest `keep` runs. */
export function appendRun(history: History, run: RunRecord, keep: number): History {
  return { ...history, runs: [...history.runs, run].slice(-Math.max(1, keep)) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function isCaseRecord(value: unknown): value is CaseRecord {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    (TIERS as readonly string[]).includes(value.tier as string) &&
    (value.pipelineId === undefined || typeof value.pipelineId === 'string') &&
    OUTCOMES.includes(value.outcome as Outcome) &&
    isCount(value.durationMs)
  );
}

function isRunRecord(value: unknown): value is RunRecord {
  return (
    isRecord(value) &&
    typeof value.startedAt === 'string' &&
    !Number.isNaN(Date.parse(value.startedAt)) &&
    isCount(value.durationMs) &&
    typeof value.baseUrl === 'string' &&
    Number.isInteger(value.exitCode) &&
    RUN_OUTCOMES.includes(value.outcome as RunOutcome) &&
    Array.isArray(value.cases) &&
    value.cases.every(isCaseRecord)
  );
}

/** What is wrong with the parsed file, or undefined when it is a history this suite can read. */
function problemWith(parsed: unknown): string | undefined {
  if (!isRecord(parsed) || parsed.format !== HISTORY_FORMAT)
    return `which is not a history of this suite (no "format": "${HISTORY_FORMAT}")`;
  if (parsed.version !== HISTORY_VERSION) {
    return `which is a history in format version ${JSON.stringify(parsed.version)}, and this suite reads version ${HISTORY_VERSION} only`;
  }
  if (!Array.isArray(parsed.runs)) return 'which has no list of runs';
  const bad = parsed.runs.findIndex((run) => !isRunRecord(run));
  if (bad >= 0) return `whose run ${bad + 1} is incomplete or has a field of the wrong type`;
  return undefined;
}

const fixFor = (file: string): string =>
  `Move ${JSON.stringify(file)} aside (or delete it) and run again: the next run starts a new history. ` +
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
      `STREAMKAP_HISTORY_FILE is ${JSON.stringify(file)}, which cannot be read (${(error as Error).message}). ${fixFor(file)}`,
      'STREAMKAP_HISTORY_FILE',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SetupError(`STREAMKAP_HISTORY_FILE is ${JSON.stringify(file)}, which is not JSON. ${fixFor(file)}`, 'STREAMKAP_HISTORY_FILE');
  }
  const problem = problemWith(parsed);
  if (problem !== undefined)
    throw new SetupError(`STREAMKAP_HISTORY_FILE is ${JSON.stringify(file)}, ${problem}. ${fixFor(file)}`, 'STREAMKAP_HISTORY_FILE');
  return parsed as unknown as History;
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
