const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spaces request starts at most `maxRps` a second across the whole run, and holds them all
 * while the server has asked the client to back off (a 429's Retry-After applies to the client,
 * not to the one request that drew it).
 */
export class RateGate {
  private nextStart = 0;
  private pausedUntil = 0;
  private readonly intervalMs: number;

  constructor(maxRps: number) {
    this.intervalMs = 1000 / maxRps;
  }

  /** Resolves when the caller may start a request. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const start = Math.max(now, this.nextStart, this.pausedUntil);
      this.nextStart = start + this.intervalMs;
      if (start > now) await sleep(start - now);
      // A 429 may have arrived while this caller slept: then it waits for the pause too.
      if (this.pausedUntil <= Date.now()) return;
    }
  }

  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
  }
}
