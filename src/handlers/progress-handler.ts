import { Progress } from '../cli/progress';
import type { RunEvent, RunHandler } from '../engine/events';
import type { Console } from './console-handler';

/** Progress for the person watching, at least every `everyMs` from the first case to the last. */
export class ProgressHandler implements RunHandler {
  private progress?: Progress;

  constructor(
    private readonly io: Console,
    private readonly everyMs: number,
    private readonly now?: () => number,
  ) {}

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.progress = new Progress({
          total: event.cases,
          everyMs: this.everyMs,
          tty: this.io.live !== undefined,
          write: (text) => (this.io.live ? this.io.live(text) : this.io.out(text.trimEnd())),
          ...(this.now && { now: this.now }),
        });
        this.progress.start();
        return;
      case 'case-finished':
        this.progress?.count(event.verdict);
        return;
      case 'run-finished':
        this.progress?.stop();
        return;
      default:
        return;
    }
  }

  /** Clears the live line before anything else is printed on a terminal. */
  clearLive(): void {
    this.progress?.clearLive();
  }

  finish(): void {
    this.progress?.stop();
  }
}
