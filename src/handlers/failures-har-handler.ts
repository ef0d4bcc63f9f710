import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunHandler } from '../engine/events';
import { verdictKey } from '../model';
import type { Redactor } from '../redaction';
import { FAILURES_HAR, renderFailuresHar } from '../reports/failures-har';
import type { ReportsLayout } from '../reports/run-folder';

/**
 * failures.har in the run's folder, once the run is over: its failing exchanges from the ledger's
 * verdicts, each dated by when its case finished. Redacted like every report, before and after it
 * is serialized. Must hear `run-finished` before the reports output, which copies it to the top level.
 */
export class FailuresHarHandler implements RunHandler {
  private readonly finishedAt = new Map<string, string>();

  constructor(
    private readonly layout: ReportsLayout,
    private readonly redactor: Redactor,
  ) {}

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'case-finished':
        this.finishedAt.set(verdictKey(event.verdict), event.at);
        return;
      case 'run-finished': {
        const { run } = event;
        const har = renderFailuresHar(
          run.verdicts,
          { startedAt: run.startedAt, target: run.target?.baseUrl ?? 'no target' },
          this.finishedAt,
        );
        const text = `${JSON.stringify(this.redactor.redactDeep(har), null, 2)}\n`;
        writeFileSync(join(this.layout.run, FAILURES_HAR), this.redactor.redact(text));
        return;
      }
      default:
        return;
    }
  }
}
