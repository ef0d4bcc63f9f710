import type { ConformanceRun, RunStop } from '../engine/conformance-run';
import { EXIT, type ExitStatus } from '../exit-status';
import type { Console } from '../handlers/console';
import { onStopRequests } from './signals';

/** A run stopped before its first case was sent: what its reports say instead of verdicts. */
export class NotChecked extends Error {
  constructor(
    message: string,
    readonly exit: ExitStatus,
  ) {
    super(message);
  }
}

/**
 * Stop requests (a signal, the end of what started the run) for the whole of a CLI run: once the
 * engine has the run, it is halted there and reports what ran; before, the step under way ends and
 * the reports say nothing was checked, and a run the engine starts after that is halted at once.
 */
export class StopRequests {
  private run?: ConformanceRun;
  private haltOnStart?: RunStop;
  private notChecked?: NotChecked;
  private rejectBeforeTheRun: (stop: NotChecked) => void = () => undefined;
  private readonly stoppedBeforeTheRun = new Promise<never>((_, reject) => (this.rejectBeforeTheRun = reject));
  private readonly release: () => void;

  constructor(io: Console) {
    this.stoppedBeforeTheRun.catch(() => undefined);
    this.release = onStopRequests((signal, reason) => {
      io.err(
        reason
          ? `streamkap-conformance: ${reason}: stopping as on ${signal}; the reports will cover what ran.`
          : `streamkap-conformance: ${signal}: stopping; the reports will cover what ran. Send it again to quit at once.`,
      );
      const interruption = { kind: 'interrupted', signal, at: new Date().toISOString(), ...(reason && { reason }) } as const;
      if (this.run) return this.run.halt(interruption);
      this.haltOnStart = interruption;
      const meaning = `Interrupted (${signal}${reason ? `: ${reason}` : ''}) before any case was sent; nothing was checked.`;
      this.notChecked = new NotChecked(meaning, { code: EXIT[signal], outcome: 'interrupted', meaning });
      this.rejectBeforeTheRun(this.notChecked);
    });
  }

  /** The step, unless a stop comes first: then NotChecked. */
  untilStopped<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.stoppedBeforeTheRun]);
  }

  /** Throws NotChecked when a stop already came. */
  throwIfStopped(): void {
    if (this.notChecked) throw this.notChecked;
  }

  /** The engine's run, from its start: later stops halt it, and one that came before halts it now. */
  started(run: ConformanceRun): void {
    this.run = run;
    if (this.haltOnStart) run.halt(this.haltOnStart);
  }

  /** No more listening: the run is over, or never was (--help, --list). */
  stop(): void {
    this.release();
  }
}
