import { canonicalValues } from './causes/simplicity';
import { propertyVerdict } from './generation/property-verdict';
import { runProperty } from './generation/random-phase';
import { skippedVerdict, suiteBugVerdict } from './judge';
import type { QueryPairs, Verdict } from './model';
import { buildRequest } from './request-builder';
import { type PlannedCase, type PlannedProperty, planCases, type RunContext, runCase, type SendGuard } from './runner';

/** Why a run stopped sending before its plan was done. */
export type RunStop =
  | { kind: 'interrupted'; signal: 'SIGINT' | 'SIGTERM'; at: string }
  | { kind: 'target-unavailable'; since: string; answered: string; consecutive: number }
  | { kind: 'deadline'; seconds: number; at: string };

/**
 * The circuit breaker's rule: this many cases in a row, each unavailable past all its retries
 * (429, 502/503/504, reset, refused), and the target counts as down. Five cases of four attempts
 * each is twenty failed tries in a row: more than a blip, and far short of hammering an outage.
 */
export const BREAKER_THRESHOLD = 5;

export function describeStop(stop: RunStop): string {
  switch (stop.kind) {
    case 'interrupted':
      return `the run was interrupted (${stop.signal}) at ${stop.at}`;
    case 'target-unavailable':
      return `the target became unavailable: ${stop.consecutive} cases in a row since ${stop.since} could not get an answer (the last one ${stop.answered})`;
    case 'deadline':
      return `the run reached its deadline of ${stop.seconds} s (STREAMKAP_RUN_TIMEOUT_S) at ${stop.at}`;
  }
}

export interface ConformanceRunOptions {
  /** The whole run's deadline. */
  deadlineMs?: number;
  breakerThreshold?: number;
  /** Told of every verdict as it is recorded, in completion order (the console's progress). */
  onVerdict?: (verdict: Verdict, done: number, total: number) => void;
  /** Told once, when the run stops early. */
  onStop?: (stop: RunStop) => void;
  /** The way a case is sent and judged; the engine's runCase unless a test says otherwise. */
  send?: (context: RunContext, planned: PlannedCase, guard: SendGuard) => Promise<Verdict>;
}

/**
 * One run, settled once: the plan, the shared context, and the ledger of verdicts that is the one
 * source of truth for the console, the exit code and every report. Whatever drives it (the jest
 * table, a self-test, a benchmark), cases go through `execute`, which never throws.
 */
export class ConformanceRun {
  private readonly ledger = new Map<string, Verdict>();
  private readonly planned: ReadonlyMap<string, PlannedCase>;
  private stopped?: RunStop;
  private readonly stopWaiters: Array<(stop: RunStop) => void> = [];
  private unavailableStreak = 0;
  private streakSince?: string;
  private deadline?: NodeJS.Timeout;
  /** Every query the generated properties sent, for coverage.json's count of what generation exercised. */
  readonly generatedQueries: QueryPairs[] = [];

  constructor(
    readonly context: RunContext,
    readonly plan: readonly PlannedCase[],
    private readonly options: ConformanceRunOptions = {},
  ) {
    this.planned = new Map(plan.map((entry) => [entry.testCase.id, entry]));
    if (this.planned.size !== plan.length) throw new Error('the plan lists a case id twice');
  }

  get stop(): RunStop | undefined {
    return this.stopped;
  }

  /** Starts the run's deadline clock; `finish` stops it. */
  start(): void {
    const { deadlineMs } = this.options;
    if (deadlineMs === undefined) return;
    this.deadline = setTimeout(
      () => this.halt({ kind: 'deadline', seconds: Math.round(deadlineMs / 1000), at: new Date().toISOString() }),
      deadlineMs,
    );
    this.deadline.unref();
  }

  finish(): void {
    clearTimeout(this.deadline);
  }

  /** Stops sending: what is in flight or not yet sent is recorded as not run. The first stop wins. */
  halt(stop: RunStop): void {
    if (this.stopped) return;
    this.stopped = stop;
    this.options.onStop?.(stop);
    for (const wake of this.stopWaiters.splice(0)) wake(stop);
  }

  /** Sends one planned case and records its verdict. Never throws. */
  async execute(caseId: string): Promise<Verdict> {
    const planned = this.planned.get(caseId);
    if (planned === undefined) throw new Error(`the table asked for case ${caseId}, which is not in the run's plan`);
    if (this.ledger.has(caseId)) {
      return this.record(suiteBugVerdict(planned.testCase, this.requestOf(planned), `the case ${caseId} was run twice`));
    }
    if (this.stopped) return this.record(this.notRun(planned, this.stopped));
    const stopped = new Promise<RunStop>((resolve) => this.stopWaiters.push(resolve));
    // Judged while its slot was held and before any stop: a verdict of the run, even the one that trips the breaker.
    let judgedInTime = false;
    const guard: SendGuard = {
      holdBack: () => (this.stopped ? 'not run' : undefined),
      judged: (verdict) => {
        if (this.stopped) return;
        judgedInTime = true;
        this.watchAvailability(verdict);
      },
    };
    if (planned.property) {
      const ran = await Promise.race([this.runProperty(planned.property, guard), stopped]);
      // A property cut short by a stop proves nothing either way.
      if ('kind' in ran) return this.record(this.notRun(planned, ran));
      if (this.stopped) return this.record(this.notRun(planned, this.stopped));
      return this.record(propertyVerdict(planned.testCase, ran, canonicalValues(this.context.contract)));
    }
    const send = this.options.send ?? runCase;
    const sent = send(this.context, planned, guard);
    const outcome = await Promise.race([sent, stopped]);
    if (judgedInTime) return this.record(await sent);
    if ('kind' in outcome) return this.record(this.notRun(planned, outcome));
    // A stop that came while this answer was on its way still wins: it is not a verdict of the run.
    if (this.stopped) return this.record(this.notRun(planned, this.stopped));
    return this.record(outcome);
  }

  /** Each generated request goes through runCase like a table row: same gate, retries, redaction, breaker. */
  private runProperty(planned: PlannedProperty, guard: SendGuard) {
    const limitedTokenConfigured = this.context.auth.hasLimitedToken;
    return runProperty(planned.property, {
      seed: planned.seed,
      numRuns: planned.numRuns,
      send: (generated) => {
        const testCase = planned.pipelineId === undefined ? generated : { ...generated, pipelineId: planned.pipelineId };
        this.generatedQueries.push(testCase.query ?? []);
        const [one] = planCases([testCase], { tags: [], limitedTokenConfigured });
        return runCase(this.context, one ?? { testCase }, guard);
      },
    });
  }

  /** Every planned case's verdict in plan order; a case that never reached `execute` is not silently dropped. */
  verdicts(): Verdict[] {
    return this.plan.map((planned) => {
      const verdict = this.ledger.get(planned.testCase.id);
      if (verdict) return verdict;
      if (planned.skipReason !== undefined) return skippedVerdict(planned.testCase, this.requestOf(planned), planned.skipReason);
      if (this.stopped) return this.notRun(planned, this.stopped);
      return suiteBugVerdict(planned.testCase, this.requestOf(planned), 'the conformance table never ran this case');
    });
  }

  /** Whether the case was sent, as opposed to skipped by the plan or left unsent by a stop. */
  wasPlannedSkip(caseId: string): boolean {
    return this.planned.get(caseId)?.skipReason !== undefined;
  }

  private requestOf(planned: PlannedCase) {
    return buildRequest(planned.testCase, this.context.target);
  }

  private notRun(planned: PlannedCase, stop: RunStop): Verdict {
    return skippedVerdict(planned.testCase, this.requestOf(planned), `not run: ${describeStop(stop)}`);
  }

  private record(verdict: Verdict): Verdict {
    this.ledger.set(verdict.caseId, verdict);
    this.options.onVerdict?.(verdict, this.ledger.size, this.plan.length);
    return verdict;
  }

  private watchAvailability(verdict: Verdict): void {
    if (verdict.error?.kind !== 'target-unavailable') {
      this.unavailableStreak = 0;
      this.streakSince = undefined;
      return;
    }
    this.unavailableStreak += 1;
    this.streakSince ??= new Date(Date.now() - verdict.durationMs).toISOString();
    if (this.unavailableStreak >= (this.options.breakerThreshold ?? BREAKER_THRESHOLD)) {
      this.halt({
        kind: 'target-unavailable',
        since: this.streakSince,
        answered: verdict.error.answered ?? verdict.error.message,
        consecutive: this.unavailableStreak,
      });
    }
  }
}
