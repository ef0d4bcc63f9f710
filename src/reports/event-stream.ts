import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rerunCommand } from '../failure-message';
import type { Verdict } from '../model';
import type { Redactor } from '../redaction';

export const EVENTS_FILE = 'events.ndjson';

/** One line of reports/events.ndjson. */
export type RunEvent =
  | { event: 'run-started'; at: string; target: string; pipeline: string; embedded: boolean; cases: number; seed: number }
  | ({ event: 'case-finished'; at: string } & CaseEvent)
  | { event: 'run-finished'; at: string; outcome: string; exitCode: number; meaning: string; totals: Record<string, number> };

interface CaseEvent {
  id: string;
  outcome: Verdict['outcome'];
  tier: Verdict['tier'];
  tags: readonly string[];
  status?: number;
  durationMs: number;
  retries: number;
  checks: string[];
  error?: string;
  warnings: string[];
  skipReason?: string;
  curl: string;
  rerun: string;
}

/**
 * reports/events.ndjson: one JSON line per finished case, appended as the run goes, for log
 * shippers (Vector, Fluent Bit, a `tail -f`). Each line is redacted before it is written, like
 * every report.
 */
export class EventStream {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly redactor: Redactor,
  ) {
    this.file = join(dir, EVENTS_FILE);
    writeFileSync(this.file, '');
  }

  write(event: RunEvent): void {
    appendFileSync(this.file, `${this.redactor.redact(JSON.stringify(this.redactor.redactDeep(event)))}\n`);
  }

  caseFinished(verdict: Verdict): void {
    this.write({
      event: 'case-finished',
      at: new Date().toISOString(),
      id: verdict.caseId,
      ...(verdict.pipelineId !== undefined && { pipeline: verdict.pipelineId }),
      outcome: verdict.outcome,
      tier: verdict.tier,
      tags: verdict.tags,
      ...(verdict.status !== undefined && { status: verdict.status }),
      durationMs: verdict.durationMs,
      retries: verdict.retries,
      checks: [...new Set(verdict.findings.map((f) => f.check))],
      ...(verdict.error && { error: `${verdict.error.kind}: ${verdict.error.message}` }),
      warnings: verdict.warnings.map((w) => w.code),
      ...(verdict.skipReason !== undefined && { skipReason: verdict.skipReason }),
      curl: verdict.curl,
      rerun: rerunCommand(verdict),
    });
  }
}
