import type { Clock } from '../../src/clock';

interface Timer {
  at: number;
  callback: () => void;
}

/** A clock that moves only when the test moves it, so timing is judged exactly on any machine. */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Set<Timer>();

  constructor(start = Date.parse('2025-03-02T07:10:15Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.current + Math.max(ms, 0), callback };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** How long until the earliest timer set and not yet fired or cancelled; undefined when there is none. */
  nextTimerIn(): number | undefined {
    const next = this.nextDue(Number.POSITIVE_INFINITY);
    return next === undefined ? undefined : next.at - this.current;
  }

  /** Moves time forward by `ms`, firing each timer that falls due on the way at its own time, earliest first. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (let next = this.nextDue(until); next !== undefined; next = this.nextDue(until)) {
      this.timers.delete(next);
      this.current = next.at;
      next.callback();
    }
    this.current = until;
  }

  private nextDue(until: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.timers) if (timer.at <= until && (next === undefined || timer.at < next.at)) next = timer;
    return next;
  }
}

/** Resolves once `condition` holds, looking again after each turn of the event loop (I/O included). */
export async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
