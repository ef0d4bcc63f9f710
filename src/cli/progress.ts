import type { Verdict } from '../model';

export interface ProgressOptions {
  total: number;
  /** How often a line is written, whatever happened: the console is never silent for longer. */
  everyMs: number;
  /** A terminal gets one live line, rewritten in place; a CI log gets a line each interval. */
  tty: boolean;
  write(text: string): void;
  now?: () => number;
}

/**
 * Progress for the person watching: done/total, failures so far, rate and time left, at least
 * every `everyMs`, so that a slow or stalled target never leaves the console silent.
 */
export class Progress {
  private done = 0;
  private failed = 0;
  private errored = 0;
  private readonly startedAt: number;
  private timer?: NodeJS.Timeout;
  private live = false;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  start(): void {
    this.timer = setInterval(() => this.report(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.clearLive();
  }

  /** Counts a verdict; on a terminal the live line is kept under the case lines. */
  count(verdict: Verdict): void {
    this.done += 1;
    if (verdict.outcome === 'failed') this.failed += 1;
    if (verdict.outcome === 'errored') this.errored += 1;
    if (this.options.tty) this.report();
  }

  /** Call before printing anything else on a terminal, so the live line does not mix into it. */
  clearLive(): void {
    if (!this.live) return;
    this.options.write('\r\u001b[2K');
    this.live = false;
  }

  line(): string {
    const elapsedS = Math.max((this.now() - this.startedAt) / 1000, 0.001);
    const rate = this.done / elapsedS;
    const left = this.options.total - this.done;
    const eta = rate > 0 ? `about ${Math.ceil(left / rate)} s left` : 'no case finished yet';
    const problems = `${this.failed} failed${this.errored > 0 ? `, ${this.errored} errored` : ''}`;
    return `progress: ${this.done}/${this.options.total} cases, ${problems}, ${rate.toFixed(1)} cases/s, ${eta} (${Math.round(elapsedS)} s in)`;
  }

  private report(): void {
    if (this.options.tty) {
      this.options.write(`\r\u001b[2K${this.line()}`);
      this.live = true;
    } else {
      this.options.write(`${this.line()}\n`);
    }
  }
}
