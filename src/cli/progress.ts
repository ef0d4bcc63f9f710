import type { Outcome } from '../model';

export interface ProgressOptions {
  /** Cases the run will judge. */
  cases: number;
  /** Requests it may send: one per case, each generated property's whole budget; what is left is measured in these. */
  requests: number;
  /** The run's deadline, from its start: time left is never promised past it. */
  deadlineMs?: number;
  /** How often a line is written, whatever happened: the console is never silent for longer. */
  everyMs: number;
  /** A terminal gets one live line, rewritten in place; a CI log gets a line each interval. */
  tty: boolean;
  write(text: string): void;
  now?: () => number;
}

/**
 * Progress for the person watching: cases and requests done, failures so far, rate and time left,
 * at least every `everyMs`, so that a slow or stalled target never leaves the console silent.
 * Time left is counted in requests, since a generated property is hundreds of them: a run at its
 * last cases but with a property's budget to go is not "about 2 s" from the end.
 */
export class Progress {
  private casesDone = 0;
  private requestsDone = 0;
  private requestsTotal: number;
  private readonly outcomes = new Map<string, Outcome>();
  private readonly startedAt: number;
  private timer?: NodeJS.Timeout;
  private live = false;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.requestsTotal = options.requests;
  }

  start(): void {
    this.timer = setInterval(() => this.report(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.clearLive();
  }

  /** One generated request sent and judged. */
  countRequest(requests = 1): void {
    this.requestsDone += requests;
  }

  /**
   * A case's verdict. `unsent`: requests it stood for that will never go out (a property that
   * stopped short of its budget, a case a stop left unsent). A verdict that replaces an earlier one
   * of the same case (sent once more at the end) is one more request, and recounts its outcome.
   */
  count(caseId: string, outcome: Outcome, requests: { sent: number; unsent: number; again?: boolean }): void {
    if (requests.again) this.requestsTotal += requests.sent;
    else this.casesDone += 1;
    this.requestsDone += requests.sent;
    this.requestsTotal -= requests.unsent;
    this.outcomes.set(caseId, outcome);
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
    const rate = this.requestsDone / elapsedS;
    const left = Math.max(0, this.requestsTotal - this.requestsDone);
    const deadlineLeftS = this.options.deadlineMs === undefined ? Infinity : Math.max(0, this.options.deadlineMs / 1000 - elapsedS);
    const eta =
      rate <= 0
        ? 'no request finished yet'
        : left / rate > deadlineLeftS
          ? `the deadline stops it in about ${Math.ceil(deadlineLeftS)} s, about ${Math.ceil(left - rate * deadlineLeftS)} requests short`
          : `about ${Math.ceil(left / rate)} s left`;
    const tally = (outcome: Outcome) => [...this.outcomes.values()].filter((o) => o === outcome).length;
    const errored = tally('errored');
    const problems = `${tally('failed')} failed${errored > 0 ? `, ${errored} errored` : ''}`;
    return (
      `progress: ${this.casesDone}/${this.options.cases} cases, ${this.requestsDone}/${this.requestsTotal} requests, ${problems}, ` +
      `${rate.toFixed(1)} requests/s, ${eta} (${Math.round(elapsedS)} s in)`
    );
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
