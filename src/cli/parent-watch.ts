import { readFileSync } from 'node:fs';

/** A process that started this one, directly or through others (npm, its `sh -c`, a CI step's shell). */
export interface Ancestor {
  pid: number;
  /** What the kernel calls it (`npm exec`, `sh`, `bash`), for the message. */
  name: string;
  /** Its start time in clock ticks since boot: with the pid, names it even after the pid is reused. */
  startedAt: string;
}

/** What `/proc/<pid>/stat` says of a process (its state: `Z` for one that ended unreaped), or undefined when it is gone or unreadable. */
export type ReadProcess = (pid: number) => { parent: number; name: string; startedAt: string; state: string } | undefined;

/** One line of `/proc/<pid>/stat`: `pid (comm) state ppid … starttime …`; comm may hold spaces and parentheses. */
export function parseProcStat(stat: string): ReturnType<ReadProcess> {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  const parent = Number(fields[1]);
  const startedAt = fields[19];
  if (close < 0 || !Number.isInteger(parent) || startedAt === undefined) return undefined;
  return { parent, name: stat.slice(stat.indexOf('(') + 1, close), startedAt, state: fields[0] ?? '' };
}

/** Linux's process table. */
export const readProcStat: ReadProcess = (pid) => {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
};

/**
 * The chain of processes above `pid`, nearest first, up to (not including) init: pid 1 never
 * ends while the run does. A process started detached (its starter gone before it began) has a
 * short chain, and nothing to lose.
 */
export function ancestry(pid: number, read: ReadProcess): Ancestor[] {
  const chain: Ancestor[] = [];
  let current = read(pid);
  while (current && current.parent > 1 && chain.length < 64) {
    const parent = read(current.parent);
    if (!parent) break;
    chain.push({ pid: current.parent, name: parent.name, startedAt: parent.startedAt });
    current = parent;
  }
  return chain;
}

/**
 * The nearest process of the first chain that is not in the second: it ended, and what it
 * started was handed to init (or a subreaper). Compared by pid and start time, so a reused pid
 * is not taken for the process that ended.
 */
export function goneAncestor(before: readonly Ancestor[], now: readonly Ancestor[]): Ancestor | undefined {
  const alive = new Set(now.map((a) => `${a.pid}@${a.startedAt}`));
  return before.find((a) => !alive.has(`${a.pid}@${a.startedAt}`));
}

/** How often the chain is looked at: a run outlives whatever started it by about this long. */
const PARENT_WATCH_MS = 1000;

/**
 * Calls `onGone` once when any process that started this one ends: npm killed while its shell
 * lives on, a CI step's shell ended by a cancel, `timeout` or a runner gone. Without /proc (not
 * Linux, or a parent hidden from this user), the direct parent alone is watched, by the parent pid changing. Returns the way to stop watching.
 */
export function watchAncestors(onGone: (gone: Ancestor) => void, read: ReadProcess = readProcStat, everyMs = PARENT_WATCH_MS): () => void {
  const chainNow = (): Ancestor[] => {
    const chain = ancestry(process.pid, read);
    // No /proc, or the parent hidden from this user (hidepid): the parent pid alone still tells.
    return chain.length > 0 ? chain : process.ppid > 1 ? [{ pid: process.ppid, name: 'its parent', startedAt: '' }] : [];
  };
  const before = chainNow();
  if (before.length === 0) return () => undefined;
  const timer = setInterval(() => {
    const gone = goneAncestor(before, chainNow());
    if (!gone) return;
    clearInterval(timer);
    onGone(gone);
  }, everyMs);
  // Watching never keeps the process alive by itself.
  timer.unref();
  return () => clearInterval(timer);
}
