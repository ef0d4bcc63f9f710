import type { Cause } from '../causes/run-causes';
import type { RunStop } from './conformance-run';
import type { DeadlineForecast } from './deadline-forecast';
import type { DriftReport } from '../drift/drift-report';
import type { ExitStatus } from '../exit-status';
import type { HistoryView } from '../history/history-view';
import type { Case, QueryPairs, Verdict } from '../model';
import type { PreflightDecision } from '../preflight';
import type { MetricsPush, RunInfo, Summary } from '../reports/summary';

/** What a run was pointed at, once settled: the embedded server's address, or the configured target. */
export interface RunTarget {
  baseUrl: string;
  pipelineIds: readonly string[];
  embedded: boolean;
}

/** What the history and the metrics say of the target of a run that ended before it had one (the embedded server, a setting). */
export const NO_TARGET = 'embedded';

/** A run that ended before it could judge anything: a setting, the target, or the suite itself. */
export interface RunFailure {
  kind: 'setup' | 'suite';
  /** One paragraph, redacted. */
  message: string;
  /** The setting to fix, when there is one. */
  setting?: string;
}

/** Everything the outputs need once the run is over: its verdicts, how it ended, and what it was. */
export interface FinishedRun {
  startedAt: string;
  finishedAt: string;
  exit: ExitStatus;
  verdicts: readonly Verdict[];
  /** Absent when the run ended before its target was settled. */
  target?: RunTarget;
  /** Set when the run ended before any case was sent. */
  failure?: RunFailure;
  /** What the reports describe of the run's settings and tier; absent when it never got that far. */
  info?: Omit<RunInfo, 'finishedAt' | 'exit' | 'history' | 'metricsPush'>;
  /** Every query the generated properties sent, for coverage.json. */
  generatedQueries: readonly QueryPairs[];
  cases: readonly Case[];
}

/**
 * A run as a sequence of typed events, in the order they happen. The engine emits the first seven;
 * the last four are what outputs derive from `run-finished` and hand on to the outputs after them.
 */
export type RunEvent =
  | {
      type: 'run-started';
      at: string;
      target: RunTarget;
      cases: number;
      /** Requests the plan may send: one per case, a property's whole budget (shrinking included). */
      requests: number;
      seed?: number;
      generatedRequests: number;
      /** The run's deadline (STREAMKAP_RUN_TIMEOUT_S). */
      deadlineMs?: number;
    }
  | { type: 'preflight-decided'; at: string; pipelineId: string; decision: PreflightDecision }
  /** `verdict`: the comparison as the run's verdict on `contract_unchanged`, as its ledger holds it. */
  | { type: 'drift-compared'; at: string; drift: DriftReport; verdict: Verdict }
  /** One request of a generated property (named by its case key), judged; the property's own verdict comes as `case-finished`. */
  /** One generated exchange judged: `requests` counts its sendings (a follow-up as HEAD or with validators sent back too). */
  | { type: 'generated-request-finished'; at: string; key: string; verdict: Verdict; requests: number }
  /**
   * `plannedRequests`: what the case stood for in `run-started`'s `requests` (1, or a property's budget).
   * `sentAgain`: the case was unavailable past its retries and was sent once more at the end; this verdict replaces that one.
   */
  | { type: 'case-finished'; at: string; verdict: Verdict; done: number; total: number; plannedRequests: number; sentAgain?: boolean }
  /** The pace so far says the plan will not fit the deadline: told once, early. */
  | { type: 'deadline-forecast'; at: string; forecast: DeadlineForecast }
  | { type: 'run-stopping'; at: string; stop: RunStop }
  | { type: 'run-finished'; at: string; run: FinishedRun }
  /** One distinct problem of the run, from its verdicts; `rank` 1 is the one most cases hit. */
  | { type: 'cause-found'; at: string; cause: Cause; rank: number; of: number }
  | { type: 'history-recorded'; at: string; history: HistoryView }
  | { type: 'metrics-rendered'; at: string; text: string; push?: MetricsPush }
  /**
   * `dir`: where a person should look (the top level, or the run's own folder when the top level is left alone);
   * `kept`: the run's own folder; `leftAlone`: why the top level is not this run's.
   */
  | {
      type: 'reports-written';
      at: string;
      dir: string;
      kept: string;
      leftAlone?: string;
      files: readonly string[];
      summary?: Summary;
      unwritten?: string;
    };

/** Emits an event to every output, in order; what an output emits while handling one comes right after it. */
export type Emit = (event: RunEvent) => Promise<void>;

/** One output of a run: console, progress, events file, history, metrics, push, reports. */
export interface RunHandler {
  handle(event: RunEvent, emit: Emit): void | Promise<void>;
  /** Called once after the last event; releases timers and files. */
  finish?(): void | Promise<void>;
}
