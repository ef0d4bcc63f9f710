import { ConformanceRun } from './conformance-run';
import { DeadlineWatch } from './deadline-forecast';
import { checkContractDrift, type ContractComparison } from '../drift/check-drift';
import { couldNotCheck, EXIT, exitStatus, type ExitStatus } from '../exit-status';
import { caseKey, verdictKey } from '../model';
import type { RunPlan } from '../plan';
import { checkMissingPipeline, preflight, type PreflightContext } from '../preflight';
import { type Clock, systemClock } from '../clock';
import type { RunContext, RunSettings } from './run-context';
import { DEFAULT_MISSING_PIPELINE_ID, type DriftMode } from '../settings';
import { SetupError } from '../setup-error';
import type { Emit, FinishedRun, RunFailure, RunTarget } from './events';

/**
 * How the run's cases get sent: every runnable case through `run.execute`, whatever drives it.
 * The CLI's driver is the jest table; tests and benches send directly. Returns what the driver
 * found wrong with itself (jest disagreeing with the ledger), never a verdict.
 */
export interface CaseDriver {
  drive(run: ConformanceRun): Promise<string[]>;
}

/** Sends every runnable case at once; the run's concurrency limit and rate gate pace them. */
export const directDriver: CaseDriver = {
  async drive(run) {
    await Promise.all(run.plan.filter((p) => p.skipReason === undefined).map((p) => run.execute(caseKey(p.testCase))));
    return [];
  },
};

export interface ConformanceOptions {
  /** The settled run: target, pipelines, limits, budgets. */
  settings: RunSettings;
  context: RunContext;
  plan: Pick<RunPlan, 'planned' | 'seed' | 'generatedRequests'>;
  embedded: boolean;
  /** One authenticated request per pipeline first, to stop on a setting before any case; the CLI always asks for it. */
  preflight?: boolean;
  /** A run of the same target passed before: evidence, should the preflight doubt that the target is this API. */
  passedBefore?: boolean;
  /** The live contract to compare with the vendored one; absent: not compared. */
  drift?: { liveSpecUrl: string; mode: DriftMode };
  driver?: CaseDriver;
  emit?: Emit;
  /** Lets the caller stop the run (a signal) once it has started. */
  onStarted?: (run: ConformanceRun) => void;
  startedAt?: string;
  now?: () => Date;
  /** Test seam: the clock the preflight waits on for a target that asks to be tried again. */
  startupClock?: Clock;
}

const noEmit: Emit = async () => undefined;

/** What the plan may send, in requests: one per runnable case, a property's whole budget. */
const plannedRequests = (planned: RunPlan['planned']): number =>
  planned.filter((p) => p.skipReason === undefined).reduce((sum, p) => sum + (p.property ? p.property.numRuns : 1), 0);

/** The run that ended before any case: why, and for which target if it got that far. */
export function runNotChecked(startedAt: string, failure: RunFailure, target?: RunTarget, exit?: ExitStatus): FinishedRun {
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    exit:
      exit ??
      (failure.kind === 'setup'
        ? couldNotCheck(failure.message)
        : { code: EXIT.suiteError, outcome: 'suite-error', meaning: `Suite error: ${failure.message}` }),
    verdicts: [],
    failure,
    ...(target && { target }),
    generatedQueries: [],
    cases: [],
  };
}

/**
 * The engine's one entry point, shared by the CLI, the fault matrix, the benches and the tests:
 * preflight, drift, every case through the run's ledger, and the exit status, each step told to
 * the outputs as an event. Resolves to the finished run; `run-finished` is the caller's to emit,
 * since a run can also end before it gets here (a setting).
 */
export async function runConformance(options: ConformanceOptions): Promise<FinishedRun> {
  const { settings, context, plan, embedded } = options;
  const emit = options.emit ?? noEmit;
  const now = options.now ?? (() => new Date());
  const startedAt = options.startedAt ?? now().toISOString();
  const target: RunTarget = { baseUrl: settings.baseUrl, pipelineIds: settings.pipelineIds, embedded };
  const requests = plannedRequests(plan.planned);
  await emit({
    type: 'run-started',
    at: startedAt,
    target,
    cases: plan.planned.length,
    requests,
    deadlineMs: settings.runTimeoutMs,
    seed: plan.seed,
    generatedRequests: plan.generatedRequests,
  });

  let drift: ContractComparison | undefined;
  try {
    if (options.preflight) {
      await context.auth.accessToken();
      // Each configured pipeline must exist before any case runs: an unknown one is a setting, named.
      const clock = options.startupClock ?? systemClock;
      const known: PreflightContext = {
        liveSpecUrl: options.drift?.liveSpecUrl,
        passedBefore: options.passedBefore,
        pipelineIds: settings.pipelineIds,
        // One start-up budget for the run, however many pipelines: a target warms up once.
        warmUp: { until: clock.now() + settings.startupWaitS * 1000, clock, budgetS: settings.startupWaitS },
      };
      for (const pipelineId of settings.pipelineIds) {
        const decision = await preflight(context, pipelineId, known);
        await emit({ type: 'preflight-decided', at: now().toISOString(), pipelineId, decision });
      }
      if (settings.missingPipelineId !== DEFAULT_MISSING_PIPELINE_ID) await checkMissingPipeline(context);
    }
    if (options.drift) drift = await checkContractDrift(context, options.drift.liveSpecUrl, options.drift.mode);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    const message = context.redactor.redact(error.message).replace(/\s+/g, ' ').trim();
    return runNotChecked(startedAt, { kind: 'setup', message, setting: error.setting }, target);
  }

  // Only what is still being handled is kept: a budget of a million requests is a million events.
  const pending = new Set<Promise<void>>();
  const track = (handled: Promise<void>) => {
    pending.add(handled);
    void handled.finally(() => pending.delete(handled));
  };
  const watch = new DeadlineWatch({
    deadlineMs: settings.runTimeoutMs,
    plannedRequests: requests,
    plannedGeneratedRequests: requests - plan.planned.filter((p) => p.skipReason === undefined && !p.property).length,
    now: () => now().getTime(),
    onForecast: (forecast) => track(emit({ type: 'deadline-forecast', at: now().toISOString(), forecast })),
  });
  // Looked up once per verdict: a search of the plan for each would grow with the square of its size.
  const requestsOfCase = new Map(plan.planned.map((p) => [caseKey(p.testCase), p.property?.numRuns ?? 1]));
  const run = new ConformanceRun(context, plan.planned, {
    deadlineMs: settings.runTimeoutMs,
    onVerdict: (verdict, done, total, sentAgain) => {
      const plannedRequests = requestsOfCase.get(verdictKey(verdict)) ?? 1;
      if (verdict.origin !== 'property' && verdict.outcome !== 'skipped') watch.countRequest();
      track(
        emit({ type: 'case-finished', at: now().toISOString(), verdict, done, total, plannedRequests, ...(sentAgain && { sentAgain }) }),
      );
    },
    onGeneratedRequest: (key, verdict, requests) => {
      watch.countRequest(requests);
      track(emit({ type: 'generated-request-finished', at: now().toISOString(), key, verdict, requests }));
    },
    onStop: (stop) => track(emit({ type: 'run-stopping', at: now().toISOString(), stop })),
  });
  if (drift) {
    // In the ledger before any case: the exit status and every report count it like a case's verdict.
    const verdict = run.recordContractVerdict(drift.verdict);
    await emit({ type: 'drift-compared', at: now().toISOString(), drift: drift.report, verdict });
  }
  options.onStarted?.(run);
  run.start();
  let suiteErrors: string[];
  try {
    suiteErrors = await (options.driver ?? directDriver).drive(run);
    // Before the verdicts are read: a case unavailable every time while the rest was served is a finding.
    await run.sendAgainUnavailable();
  } finally {
    run.finish();
  }
  await Promise.all([...pending]);

  const verdicts = run.verdicts();
  const exit = exitStatus(verdicts, run.stop, suiteErrors);
  const cases = plan.planned.map((p) => p.testCase);
  return {
    startedAt,
    finishedAt: now().toISOString(),
    exit,
    verdicts,
    target,
    generatedQueries: run.generatedQueries,
    cases,
    info: {
      baseUrl: settings.baseUrl,
      pipelineId: settings.pipelineId,
      pipelineIds: settings.pipelineIds.length > 0 ? settings.pipelineIds : [settings.pipelineId],
      embedded,
      startedAt,
      tags: settings.tags,
      concurrency: settings.concurrency,
      maxRps: settings.maxRps,
      timeoutMs: settings.timeoutMs,
      retries: settings.retries,
      ...(run.stop && { stop: run.stop }),
      suiteErrors,
      budgets: settings.budgets,
      ...(drift && { drift: drift.report }),
      generation: { seed: plan.seed, randomRequests: plan.generatedRequests, cases },
    },
  };
}
