/**
 * Time as the run sees it: what waits on time (the rate gate, Retry-After pauses, per-attempt
 * deadlines, token renewal) asks this instead of the global timers, so a test can hand in a clock
 * it moves by hand and judge timing exactly, however busy the machine.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, `ms` from now; the returned function cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
