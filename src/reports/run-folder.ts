import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';

/** The folder under the reports folder that keeps each run's reports, one folder per run. */
export const RUNS_FOLDER = 'runs';
/** Held by the run whose reports are the reports folder's top level while it runs: its pid, host and folder. */
export const LOCK_FILE = '.lock';
/** In a run's folder while the run writes it: the same record as the lock, so that no other run prunes the folder meanwhile. */
const RUNNING_FILE = '.running';
/** Which run the top level's reports are a copy of, and whether it reran chosen cases only. */
export const TOP_LEVEL_FILE = '.top-level.json';
/** A run's folder: when it started (UTC, so names sort by time) and a short random id, so two runs in one second never share one. */
const RUN_FOLDER_NAME = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;
/** Longer than any run may last (STREAMKAP_RUN_TIMEOUT_S is at most a day, plus its reports): a lock this old is stale whatever its pid. */
const STALE_LOCK_MS = 25 * 3600 * 1000;
/** A lock file being written is empty for a moment; only one unreadable for this long is left over. */
const UNREADABLE_LOCK_MS = 60 * 1000;

/** 2026-12-06T12:05:20.123Z → 20261206T120520Z-3fa9c1. */
function runFolderName(startedAt: string, id: string = randomBytes(3).toString('hex')): string {
  return `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${id}`;
}

interface LockRecord {
  pid: number;
  host: string;
  startedAt: string;
  run: string;
}

/** Where a run's reports go, and why the top level is not among them when it is not. */
export interface ReportsLayout {
  /** The reports folder (STREAMKAP_REPORTS_DIR): the latest full run's reports, where CI looks for them. */
  top: string;
  /** This run's own folder, runs/<name>: every report of this run, whatever else happens. */
  run: string;
  /** It reruns chosen cases (--case). */
  rerun?: boolean;
  /** Why this run leaves the top level as it is (a rerun of chosen cases, another run writing there); absent: its reports are the top level's too. */
  leftAlone?: string;
  /** Gives up the top level; called once the reports are written (and, failing that, when the process exits). */
  release(): void;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readLock(file: string): LockRecord | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as Partial<LockRecord>;
    if (typeof record.pid === 'number' && typeof record.startedAt === 'string') {
      return { pid: record.pid, host: record.host ?? hostname(), startedAt: record.startedAt, run: record.run ?? '' };
    }
  } catch {
    // Unreadable: see below.
  }
  return 'unreadable';
}

/** A lock whose run is gone: its pid is dead on this host, or it is older than any run may last. */
function isStale(file: string, held: LockRecord | 'unreadable', now: number): boolean {
  if (held === 'unreadable') {
    try {
      return now - statSync(file).mtimeMs > UNREADABLE_LOCK_MS;
    } catch {
      return true;
    }
  }
  if (now - Date.parse(held.startedAt) > STALE_LOCK_MS) return true;
  // Another host's pid cannot be checked: its lock stands until it is too old.
  return held.host === hostname() && !isAlive(held.pid);
}

/**
 * Takes the top level for this run with an exclusive lock file, taking over a stale one (its run
 * died without letting go); returns who holds it when another live run does. Two runs that find
 * the same stale lock in the same instant could both take over; nothing else lets two in.
 */
function claimTopLevel(top: string, record: LockRecord): { release: () => void } | { heldBy: LockRecord | 'unreadable' | undefined } {
  const file = join(top, LOCK_FILE);
  const text = JSON.stringify(record);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, text, { flag: 'wx' });
      // Only our own lock: a run that took over after us (we were presumed dead) keeps its own.
      return { release: () => void (existsSync(file) && readFileSync(file, 'utf8') === text && rmSync(file, { force: true })) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readLock(file);
    if (held !== undefined && !isStale(file, held, Date.now())) return { heldBy: held };
    rmSync(file, { force: true });
  }
  return { heldBy: readLock(file) };
}

/** Removes the oldest run folders so that `keep` are left, this run's included; anything else under runs/ is not ours to remove. */
function pruneRunFolders(runs: string, keep: number, own: string): void {
  const now = Date.now();
  // A run still writing its folder keeps it, however small `keep` is.
  const running = (name: string) => {
    const marker = join(runs, name, RUNNING_FILE);
    const held = readLock(marker);
    return held !== undefined && !isStale(marker, held, now);
  };
  const older = readdirSync(runs)
    .filter((name) => RUN_FOLDER_NAME.test(name) && name !== own && !running(name))
    .sort();
  for (const name of older.slice(0, Math.max(0, older.length - (keep - 1)))) rmSync(join(runs, name), { recursive: true, force: true });
}

/** Whether the top level holds the reports of a run that was not a rerun of chosen cases (one from before this layout had no record: it counts). */
function holdsAFullRun(top: string): boolean {
  if (!existsSync(join(top, 'summary.json'))) return false;
  try {
    return (JSON.parse(readFileSync(join(top, TOP_LEVEL_FILE), 'utf8')) as { rerun?: unknown }).rerun !== true;
  } catch {
    return true;
  }
}

/** Records which run the top level now holds, once its reports are copied there. */
export function recordTopLevel(layout: ReportsLayout): void {
  writeFileSync(join(layout.top, TOP_LEVEL_FILE), `${JSON.stringify({ run: basename(layout.run), rerun: layout.rerun === true })}\n`);
}

/**
 * Decides where this run's reports go: always its own folder under runs/; also the top level,
 * unless it reruns chosen cases while a full run's reports are there (they stay), or another live
 * run is writing it (its lines and ours never mix). Keeps the newest `keep` run folders.
 */
export function layOutReports(
  top: string,
  run: { startedAt: string; rerun: boolean; keep: number },
  makeFolder: (dir: string) => void,
): ReportsLayout {
  const name = runFolderName(run.startedAt);
  const runs = join(top, RUNS_FOLDER);
  const own = join(runs, name);
  const record: LockRecord = { pid: process.pid, host: hostname(), startedAt: run.startedAt, run: name };
  makeFolder(own);
  writeFileSync(join(own, RUNNING_FILE), JSON.stringify(record));
  pruneRunFolders(runs, run.keep, name);
  const settled = (layout: Omit<ReportsLayout, 'release'>, releaseTop?: () => void): ReportsLayout => {
    // Also when the process exits some other way (a second signal): a lock left behind would make the next run a guest.
    const release = () => {
      process.removeListener('exit', release);
      try {
        releaseTop?.();
        rmSync(join(own, RUNNING_FILE), { force: true });
      } catch {
        // A folder gone or unwritable by now: the next run finds the lock stale by its pid.
      }
    };
    process.on('exit', release);
    return { ...layout, release };
  };
  const kept = { top, run: own, ...(run.rerun && { rerun: true }) };
  if (run.rerun && holdsAFullRun(top)) {
    return settled({ ...kept, leftAlone: `${top} still holds the last full run's reports: a rerun of chosen cases (--case) never replaces them.` });
  }
  const claim = claimTopLevel(top, record);
  if ('release' in claim) return settled(kept, claim.release);
  const by = claim.heldBy;
  const who = by === undefined || by === 'unreadable' ? '' : ` (pid ${by.pid} on ${by.host}, since ${by.startedAt})`;
  return settled({
    ...kept,
    leftAlone: `${top} is being written by another run${who}, so this run's reports are in its own folder only (${join(top, LOCK_FILE)} is that run's lock: remove it if no such run is going on).`,
  });
}
