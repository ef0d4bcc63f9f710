import { Progress } from '../cli/progress';
import type { RunEvent, RunHandler } from '../engine/events';
import { verdictKey } from '../model';
import type { Console } from './console';

/** Progress for the person watching, at least every `everyMs` from the first case to the last, counted in requests. */
export class ProgressHandler implements RunHandler {
  private progress?: Progress;
  /** Generated requests sent so far, by property case. */
  private readonly sentBy = new Map<string, number>();

  constructor(
    private readonly io: Console,
    private readonly everyMs: number,
    private readonly now?: () => number,
  ) {}

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.progress = new Progress({
          cases: event.cases,
          requests: event.requests,
          ...(event.deadlineMs !== undefined && { deadlineMs: event.deadlineMs }),
          everyMs: this.everyMs,
          tty: this.io.live !== undefined,
          write: (text) => (this.io.live ? this.io.live(text) : this.io.out(text.trimEnd())),
          ...(this.now && { now: this.now }),
        });
        this.progress.start();
        return;
      case 'generated-request-finished':
        this.sentBy.set(event.key, (this.sentBy.get(event.key) ?? 0) + event.requests);
        this.progress?.countRequest(event.requests);
        return;
      case 'case-finished': {
        const { verdict, plannedRequests } = event;
        // A property's requests were counted one by one; a table row is one request, unless a stop left it unsent.
        const property = verdict.origin === 'property';
        const sent = property ? 0 : verdict.outcome === 'skipped' ? 0 : 1;
        const unsent = event.sentAgain ? 0 : plannedRequests - sent - (this.sentBy.get(verdictKey(verdict)) ?? 0);
        this.progress?.count(verdictKey(verdict), verdict.outcome, { sent, unsent: Math.max(0, unsent), again: event.sentAgain });
        return;
      }
      case 'run-finished':
        this.progress?.stop();
        return;
      default:
        return;
    }
  }

  /** The line as it stands now. */
  line(): string | undefined {
    return this.progress?.line();
  }

  /** Clears the live line before anything else is printed on a terminal. */
  clearLive(): void {
    this.progress?.clearLive();
  }

  finish(): void {
    this.progress?.stop();
  }
}
