import type { CanonicalValues } from '../causes/simplicity';
import { findCauses } from '../causes/run-causes';
import type { Emit, RunEvent, RunHandler } from '../engine/events';

/**
 * Groups the finished run's failures by cause, once, and tells the other outputs each cause in
 * turn; first in the list of outputs, so that every other one knows the causes before it writes.
 */
export class CauseHandler implements RunHandler {
  constructor(private readonly canonical: CanonicalValues) {}

  async handle(event: RunEvent, emit: Emit): Promise<void> {
    if (event.type !== 'run-finished') return;
    const causes = findCauses(event.run.verdicts, this.canonical);
    for (const [i, cause] of causes.entries()) await emit({ type: 'cause-found', at: event.at, cause, rank: i + 1, of: causes.length });
  }
}
