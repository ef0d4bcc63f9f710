import type { Emit, RunEvent, RunHandler } from './events';

/**
 * Hands each event to every output in list order, one event at a time, so that an output that
 * derives a fact from `run-finished` (the history, the metrics) has told the later ones (the
 * reports, the console) before they write. An output that throws is reported and skipped: one
 * broken output never costs the others their event.
 */
export class EventBus {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly handlers: readonly RunHandler[],
    /** Told of an output that threw, and on which event (or `finish`). */
    private readonly onHandlerError: (error: unknown, during: RunEvent['type'] | 'finish') => void,
  ) {}

  /** Queues the event behind those emitted before it; resolves once every output has handled it. */
  readonly emit: Emit = (event) => {
    const handled = this.queue.then(() => this.dispatch(event));
    this.queue = handled;
    return handled;
  };

  private async dispatch(event: RunEvent): Promise<void> {
    // Events an output emits while handling this one go to every output right after it, not to the back of the queue.
    const derived: RunEvent[] = [];
    const emitDerived: Emit = async (next) => void derived.push(next);
    for (const handler of this.handlers) {
      try {
        await handler.handle(event, emitDerived);
      } catch (error) {
        this.onHandlerError(error, event.type);
      }
      while (derived.length > 0) await this.dispatch(derived.shift() as RunEvent);
    }
  }

  /** Waits for every queued event, then lets each output close. */
  async finish(): Promise<void> {
    await this.queue;
    for (const handler of this.handlers) {
      try {
        await handler.finish?.();
      } catch (error) {
        this.onHandlerError(error, 'finish');
      }
    }
  }
}
