import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadlineForecast } from '../engine/deadline-forecast';
import type { RunEvent, RunHandler } from '../engine/events';
import { rerunCommand } from '../failure-message';
import { type Verdict, verdictKey } from '../model';
import type { Redactor } from '../redaction';
import type { ReportsLayout } from '../reports/run-folder';
import { EVENTS_FILE } from '../reports/write-reports';

/** One line of reports/events.ndjson. */
type EventLine =
  | { event: 'run-started'; at: string; target: string; pipeline: string; embedded: boolean; cases: number; seed?: number }
  | ({ event: 'case-finished'; at: string } & CaseLine)
  /** The live contract's comparison: a verdict of the run like a case's, counted in `run-finished`'s totals. */
  | ({ event: 'contract-compared'; at: string } & CaseLine)
  | {
      event: 'cause-found';
      at: string;
      rank: number;
      title: string;
      check: string;
      cases: number;
      requests: number;
      smallest: string;
      rerun: string;
    }
  /** The pace says the plan will not fit the deadline: the forecast, with the budgets that would. */
  | ({ event: 'deadline-forecast'; at: string } & DeadlineForecast)
  | { event: 'run-finished'; at: string; outcome: string; exitCode: number; meaning: string; totals: Record<string, number> };

interface CaseLine {
  id: string;
  pipeline?: string;
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

function caseLine(verdict: Verdict): CaseLine {
  return {
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
  };
}

/**
 * reports/events.ndjson: one JSON line per finished case, appended as the run goes, for log
 * shippers (Vector, Fluent Bit, a `tail -f`); the cases that were never sent (skipped by the plan,
 * or not run after a stop) get theirs once the run is over, so every verdict the totals count has
 * a line. Each line is redacted before it is written, like every report.
 */
export class EventFileHandler implements RunHandler {
  /** The run's own file, and the top level's when the run has it: both written live, for a `tail -f` of either. */
  private readonly files: string[];
  private started = false;
  /** The verdicts that have their line already. */
  private readonly written = new Set<string>();

  constructor(
    layout: ReportsLayout,
    private readonly redactor: Redactor,
  ) {
    this.files = [layout.run, ...(layout.leftAlone === undefined ? [layout.top] : [])].map((dir) => join(dir, EVENTS_FILE));
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        for (const file of this.files) writeFileSync(file, '');
        this.started = true;
        return this.write({
          event: 'run-started',
          at: event.at,
          target: event.target.baseUrl,
          pipeline: event.target.pipelineIds[0] ?? '',
          // Every pipeline the run checks, when there are several; `pipeline` is the first, as before.
          ...(event.target.pipelineIds.length > 1 && { pipelines: event.target.pipelineIds }),
          embedded: event.target.embedded,
          cases: event.cases,
          ...(event.seed !== undefined && { seed: event.seed }),
        });
      case 'case-finished':
        this.written.add(verdictKey(event.verdict));
        return this.write({ event: 'case-finished', at: event.at, ...caseLine(event.verdict) });
      case 'drift-compared':
        this.written.add(verdictKey(event.verdict));
        return this.write({ event: 'contract-compared', at: event.at, ...caseLine(event.verdict) });
      case 'deadline-forecast':
        return this.write({ event: 'deadline-forecast', at: event.at, ...event.forecast });
      case 'run-finished':
        for (const verdict of event.run.verdicts) {
          if (!this.written.has(verdictKey(verdict))) this.write({ event: 'case-finished', at: event.at, ...caseLine(verdict) });
        }
        return;
      case 'cause-found':
        return this.write({
          event: 'cause-found',
          at: event.at,
          rank: event.rank,
          title: event.cause.title,
          check: event.cause.check,
          cases: event.cause.cases,
          requests: event.cause.requests,
          smallest: event.cause.smallest.curl,
          rerun: event.cause.smallest.rerun,
        });
      case 'reports-written':
        if (!event.summary) return;
        return this.write({
          event: 'run-finished',
          at: event.summary.finishedAt,
          outcome: event.summary.outcome,
          exitCode: event.summary.exit.code,
          meaning: event.summary.exit.meaning,
          totals: { ...event.summary.totals },
        });
      default:
        return;
    }
  }

  private write(line: EventLine): void {
    if (!this.started) return;
    const text = `${this.redactor.redact(JSON.stringify(this.redactor.redactDeep(line)))}\n`;
    for (const file of this.files) appendFileSync(file, text);
  }
}
