import { type Clock, systemClock } from '../clock';

/**
 * Lets request starts through one at a time, at most `maxRps` a second across the whole run, and
 * holds them all while the server has asked the client to back off (a 429's Retry-After applies
 * to the client, not to the one request that drew it).
 */
export class RateGate {
  private lastStart = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  private readonly intervalMs: number;
  private readonly waiting: Array<() => void> = [];
  private cancelTimer: (() => void) | undefined;
  private closed = false;

  constructor(
    maxRps: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.intervalMs = 1000 / maxRps;
  }

  /**
   * Resolves when the caller may start a request. `priority` goes ahead of everyone waiting: the
   * token exchange, which the waiting requests themselves need, must not queue behind them.
   */
  acquire(options: { priority?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => {
      if (options.priority) this.waiting.unshift(resolve);
      else this.waiting.push(resolve);
      this.dispatch();
    });
  }

  /** Lets everyone waiting through at once, and every later caller: the run is over, and its client refuses to send. */
  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  pauseUntil(epochMs: number): void {
    if (epochMs <= this.pausedUntil) return;
    this.pausedUntil = epochMs;
    // A start already scheduled must now wait for the pause too.
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.dispatch();
  }

  private dispatch(): void {
    if (this.closed) return this.close();
    if (this.cancelTimer !== undefined || this.waiting.length === 0) return;
    const now = this.clock.now();
    const at = Math.max(now, this.lastStart + this.intervalMs, this.pausedUntil);
    if (at > now && !this.dueThisMillisecond(at, now)) {
      this.cancelTimer = this.clock.after(at - now, () => {
        this.cancelTimer = undefined;
        this.dispatch();
      });
      return;
    }
    // Each start takes its own slot: `at` is now, or a slot later in this millisecond.
    this.lastStart = at;
    this.waiting.shift()?.();
    this.dispatch();
  }

  /**
   * Timers count whole milliseconds: at more than 1000 requests a second, waiting for a slot later
   * in the current millisecond would cost a timer per request and cap the run at one start per
   * timer. Those slots are let through now; each start still takes the next slot of the schedule,
   * so no second sees more than the rate (and one start more). Never during a pause.
   */
  private dueThisMillisecond(at: number, now: number): boolean {
    return this.intervalMs < 1 && at - now < 1 && this.pausedUntil <= now;
  }
}
