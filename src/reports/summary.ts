import { type RunStop, describeStop } from '../engine/conformance-run';
import type { ResponseTimeBudgets } from '../checks/response-time-budgets';
import type { DriftReport } from '../drift/drift-report';
import type { ExitStatus, RunOutcome } from '../exit-status';
import { oneRequestEach, type ResponseTimeStatistics, responseTimeStatistics } from './response-times';
import { sentCoverageVerdicts } from '../generation/coverage-phase';
import type { HistoryView } from '../history/history-view';
import { type Case, type Verdict, verdictKey } from '../model';
import type { Cause } from '../causes/run-causes';
import { OVERLAY_FILE, SPEC_FILE } from '../contract';
import { type Baseline, type BaselineComparison, type CaseChange, changeOf, compareWithBaseline } from './baseline';

/** What a report needs to know about the run beyond its verdicts. */
export interface RunInfo {
  baseUrl: string;
  pipelineId: string;
  /** Every pipeline the run checked (the first is `pipelineId`). */
  pipelineIds?: readonly string[];
  embedded: boolean;
  startedAt: string;
  finishedAt: string;
  tags: readonly string[];
  concurrency: number;
  maxRps: number;
  timeoutMs: number;
  retries: number;
  exit: ExitStatus;
  /** Why the run stopped sending early, when it did. */
  stop?: RunStop;
  /** What the suite found wrong with itself outside any one verdict (jest and the ledger disagreeing). */
  suiteErrors: readonly string[];
  budgets: ResponseTimeBudgets;
  /** The live contract compared with the vendored one (its verdict is among the cases'); absent when the run never got that far. */
  drift?: DriftReport;
  /** The generated tier: its seed and budget, and the cases of the run (to group generated failures by parameter). */
  generation?: { seed: number; randomRequests: number; cases: readonly Case[] };
  /** STREAMKAP_HISTORY_FILE, with this run in it. */
  history?: HistoryView;
  /** STREAMKAP_PUSHGATEWAY_URL: where the metrics went, or why they did not. */
  metricsPush?: MetricsPush;
}

export interface MetricsPush {
  url: string;
  pushed: boolean;
  warning?: string;
}

interface Totals {
  cases: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  /** Verdicts that carry at least one warning. */
  warned: number;
  retries: number;
}

/** reports/summary.json: the machine-readable record of a run, and the baseline for the next one. */
export interface Summary {
  tool: 'streamkap-metrics-conformance';
  target: { baseUrl: string; pipelineId: string; pipelineIds: readonly string[]; embedded: boolean };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** What the run came to, and the exit code that says it. */
  outcome: RunOutcome;
  exit: { code: number; meaning: string };
  stop?: RunStop & { description: string };
  suiteErrors: readonly string[];
  contract: { spec: string; overlay: string };
  /** p50, p95 and max of the requests' own durations, for the run and per tier (skipped cases left out). */
  responseTimes: ResponseTimeStatistics;
  budgets: ResponseTimeBudgets;
  /** What the live contract's comparison found; its verdict, `contract.unchanged`, is among the cases. */
  drift?: DriftReport;
  history?: HistoryView;
  metricsPush?: MetricsPush;
  /** With several pipelines: the totals of the cases that ran for each. */
  totalsByPipeline?: Record<string, Totals>;
  /** The generated tier: seed, budget and requests sent (its failures are among the causes). */
  generation?: { seed: number; randomRequests: number; requestsSent: number };
  /** The run's failures grouped by cause, most cases first; against a baseline, whether each is new. */
  causes: SummaryCause[];
  selection: { tags: readonly string[] };
  limits: { concurrency: number; maxRps: number; timeoutMs: number; retries: number };
  totals: Totals;
  /** Present when STREAMKAP_BASELINE_REPORT named an earlier run: what changed since. */
  baseline?: BaselineComparison;
  cases: SummaryCase[];
}

/** A cause as summary.json records it: `new` when none of its cases failed in the baseline run. */
type SummaryCause = Cause & { change?: Exclude<CaseChange, 'fixed'> };

/** A verdict as summary.json records it; `change` is set against a baseline only. */
export type SummaryCase = Omit<Verdict, 'outcome' | 'caseId'> & {
  id: string;
  verdict: Verdict['outcome'];
  change?: CaseChange;
  /** From the history: how long this case has been failing. */
  failingSince?: string;
  /** From the history: its outcome flipped more than once in the window. */
  flaky?: boolean;
};

const VERDICT_ORDER: Record<Verdict['outcome'], number> = { failed: 0, errored: 1, skipped: 2, passed: 3 };
const CHANGE_ORDER: Record<CaseChange, number> = { new: 0, 'still-failing': 1, fixed: 2 };
const changeRank = (c: SummaryCase): number => (c.change === undefined ? 3 : CHANGE_ORDER[c.change]);

/** The order every report lists cases in: failures first (new before old), then skipped, then passed; ties keep the table's order (sort is stable). */
export function reportOrder(cases: readonly SummaryCase[]): SummaryCase[] {
  return [...cases].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || changeRank(a) - changeRank(b));
}

const pipelinesOf = (verdicts: readonly Verdict[]): string[] => [
  ...new Set(verdicts.flatMap((v) => (v.pipelineId === undefined ? [] : [v.pipelineId]))),
];

function countTotals(verdicts: readonly Verdict[]): Totals {
  const count = (outcome: Verdict['outcome']) => verdicts.filter((v) => v.outcome === outcome).length;
  return {
    cases: verdicts.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    warned: verdicts.filter((v) => v.warnings.length > 0).length,
    retries: verdicts.reduce((sum, v) => sum + v.retries, 0),
  };
}

/** "pipeline a" or "pipelines a, b": every pipeline the run checked, for a headline. */
export const pipelinesPhrase = (target: Pick<Summary['target'], 'pipelineIds'>, code: (id: string) => string = (id) => id): string =>
  `${target.pipelineIds.length > 1 ? 'pipelines' : 'pipeline'} ${target.pipelineIds.map(code).join(', ')}`;

export function buildSummary(run: RunInfo, verdicts: readonly Verdict[], baseline?: Baseline, causes: readonly Cause[] = []): Summary {
  const changes = new Map(baseline ? verdicts.map((v) => [verdictKey(v), changeOf(v, baseline)]) : []);
  return {
    tool: 'streamkap-metrics-conformance',
    target: { baseUrl: run.baseUrl, pipelineId: run.pipelineId, pipelineIds: run.pipelineIds ?? [run.pipelineId], embedded: run.embedded },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: Date.parse(run.finishedAt) - Date.parse(run.startedAt),
    outcome: run.exit.outcome,
    exit: { code: run.exit.code, meaning: run.exit.meaning },
    ...(run.stop && { stop: { ...run.stop, description: describeStop(run.stop) } }),
    suiteErrors: run.suiteErrors,
    // Per request: a generated property's verdict stands for many requests, and its time is their sum.
    responseTimes: responseTimeStatistics(oneRequestEach(verdicts)),
    budgets: run.budgets,
    ...(run.drift && { drift: run.drift }),
    ...(run.history && { history: run.history }),
    ...(run.metricsPush && { metricsPush: run.metricsPush }),
    ...(pipelinesOf(verdicts).length > 1 && {
      totalsByPipeline: Object.fromEntries(pipelinesOf(verdicts).map((p) => [p, countTotals(verdicts.filter((v) => v.pipelineId === p))])),
    }),
    ...(run.generation && {
      generation: {
        seed: run.generation.seed,
        randomRequests: run.generation.randomRequests,
        requestsSent:
          sentCoverageVerdicts(verdicts).length +
          verdicts.reduce((sum, v) => sum + (v.generated?.requests ?? 0), 0),
      },
    }),
    causes: causes.map((cause) => {
      if (!baseline) return cause;
      const change = cause.caseIds.some((id) => changes.get(id) === 'still-failing') ? 'still-failing' : 'new';
      return { ...cause, change };
    }),
    contract: { spec: SPEC_FILE, overlay: OVERLAY_FILE },
    selection: { tags: run.tags },
    limits: { concurrency: run.concurrency, maxRps: run.maxRps, timeoutMs: run.timeoutMs, retries: run.retries },
    totals: countTotals(verdicts),
    ...(baseline && { baseline: compareWithBaseline(verdicts, baseline) }),
    cases: verdicts.map((verdict) => {
      const { caseId, outcome, ...rest } = verdict;
      const key = verdictKey(verdict);
      const change = changes.get(key);
      const failingSince = run.history?.failingSince[key];
      const flaky = run.history?.flaky.some((f) => f.key === key);
      return { id: caseId, verdict: outcome, ...(change && { change }), ...(failingSince && { failingSince }), ...(flaky && { flaky }), ...rest };
    }),
  };
}
