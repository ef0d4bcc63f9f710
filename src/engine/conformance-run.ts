import { canonicalValues } from '../causes/simplicity';
import { propertyVerdict } from '../generation/property-verdict';
import { runProperty } from '../generation/random-phase';
import { HungClasses } from '../hung-classes';
import { alwaysUnavailableVerdict, skippedVerdict, suiteBugVerdict, unavailability } from '../judge';
import { defaultsRequest, probe } from '../probe';
import { caseKey, type QueryPairs, sendingsOf, type Verdict, verdictKey } from '../model';
import { buildRequest } from '../request-builder';
import { type PlannedCase, type PlannedProperty, planCases } from '../plan';
import { type RunContext } from './run-context';
import { sendCase, type SendGuard } from './send-case';

/** The signals that stop a run (SIGHUP: its terminal closed). */
export type StopSignal = 'SIGHUP' | 'SIGINT' | 'SIGTERM';

/** Why a run stopped sending before its plan was done. */
export type RunStop =
  /** `reason` when no signal came but the run stopped as one would (whatever started it ended). */
  | { kind: 'interrupted'; signal: StopSignal; at: string; reason?: string }
  | { kind: 'target-unavailable'; since: string; answered: string; consecutive: number }
  | { kind: 'deadline'; seconds: number; at: string };

/**
 * The circuit breaker's rule: this many cases in a row, each unavailable past all its retries
 * (429, 502/503/504, reset, refused), and a request of a shape the target answered unavailable
 * too, and the target counts as down. Five cases of four attempts
 * each is twenty failed tries in a row: more than a blip, and far short of hammering an outage.
 */
export const BREAKER_THRESHOLD = 5;

export function describeStop(stop: RunStop): string {
  switch (stop.kind) {
    case 'interrupted':
      return `the run was interrupted (${stop.signal}${stop.reason ? `: ${stop.reason}` : ''}) at ${stop.at}`;
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
  /** Told of every verdict as it is recorded, in completion order (the console's progress); `sentAgain` when it replaces an unavailable one at the end. */
  onVerdict?: (verdict: Verdict, done: number, total: number, sentAgain: boolean) => void;
  /** Told of every generated exchange a property (`caseId`) sent and judged, and the requests it planned, for progress counted in requests. */
  onGeneratedRequest?: (caseId: string, verdict: Verdict, requests: number) => void;
  /** Told once, when the run stops early. */
  onStop?: (stop: RunStop) => void;
  /** Whether the target still serves a request of a shape it answered, asked before the breaker trips; a probe unless a test says otherwise. */
  servesStill?: () => Promise<boolean>;
  /** The way a case is sent and judged; the engine's sendCase unless a test says otherwise. */
  send?: (context: RunContext, planned: PlannedCase, guard: SendGuard) => Promise<Verdict>;
}

/**
 * One run, settled once: the plan, the shared context, and the ledger of verdicts that is the one
 * source of truth for the console, the exit code and every report. Whatever drives it (the jest
 * table, a self-test, a benchmark), cases go through `execute`, which never throws.
 */
export class ConformanceRun {
  private readonly ledger = new Map<string, Verdict>();
  private contractVerdict?: Verdict;
  private readonly planned: ReadonlyMap<string, PlannedCase>;
  private stopped?: RunStop;
  private readonly stopWaiters: Array<(stop: RunStop) => void> = [];
  private unavailableStreak = 0;
  private streakSince?: string;
  /** Set while the breaker checks whether the target still serves: cases wait for it before they are sent. */
  private outageCheck?: Promise<void>;
  private deadline?: NodeJS.Timeout;
  /** What the run has learnt of requests that hang, so that a class proven to hang is not sent again. */
  private readonly hung = new HungClasses();
  /** Every query the generated properties sent, for coverage.json's count of what generation exercised. */
  readonly generatedQueries: QueryPairs[] = [];

  constructor(
    readonly context: RunContext,
    readonly plan: readonly PlannedCase[],
    private readonly options: ConformanceRunOptions = {},
  ) {
    this.planned = new Map(plan.map((entry) => [caseKey(entry.testCase), entry]));
    if (this.planned.size !== plan.length) throw new Error('the plan lists a case twice for one pipeline');
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

  /** Sends one planned case, named by its caseKey, and records its verdict. Never throws. */
  async execute(key: string): Promise<Verdict> {
    const planned = this.planned.get(key);
    if (planned === undefined) throw new Error(`the table asked for case ${key}, which is not in the run's plan`);
    if (this.ledger.has(key)) {
      return this.record(planned, suiteBugVerdict(planned.testCase, this.requestOf(planned), `the case ${key} was run twice`));
    }
    if (this.stopped) return this.record(planned, this.notRun(planned, this.stopped));
    const stopped = this.whenStopped();
    // Judged while its slot was held and before any stop: a verdict of the run, even the one that trips the breaker.
    let judgedInTime = false;
    const guard = this.guard((verdict) => {
      judgedInTime = true;
      this.watchAvailability(verdict);
    });
    if (planned.property) {
      const ran = await Promise.race([this.runProperty(key, planned.property, guard), stopped]);
      // A property cut short by a stop proves nothing either way.
      if ('kind' in ran) return this.record(planned, this.notRun(planned, ran));
      if (this.stopped) return this.record(planned, this.notRun(planned, this.stopped));
      return this.record(planned, propertyVerdict(planned.testCase, ran, canonicalValues(this.context.contract)));
    }
    const send = this.options.send ?? sendCase;
    const sent = send(this.context, planned, guard);
    const outcome = await Promise.race([sent, stopped]);
    if (judgedInTime) return this.record(planned, await sent);
    if ('kind' in outcome) return this.record(planned, this.notRun(planned, outcome));
    // A stop that came while this answer was on its way still wins: it is not a verdict of the run.
    if (this.stopped) return this.record(planned, this.notRun(planned, this.stopped));
    return this.record(planned, outcome);
  }

  private whenStopped(): Promise<RunStop> {
    return new Promise<RunStop>((resolve) => this.stopWaiters.push(resolve));
  }

  /**
   * What every request of the run goes through: held back once the run stops, judged without being
   * sent when its class of request is proven to hang, and learnt from once judged (`onJudged` is
   * told only of a verdict that came before any stop).
   */
  private guard(onJudged: (verdict: Verdict) => void): SendGuard {
    return {
      pause: () => this.outageCheck ?? Promise.resolve(),
      holdBack: () => (this.stopped ? 'not run' : undefined),
      knownVerdict: (testCase, request) => {
        const proven = this.hung.provenFor(testCase);
        return proven && this.context.redactor.redactDeep(this.hung.notSentAgain(testCase, request, proven));
      },
      judged: (verdict) => {
        this.hung.observe(verdict);
        if (!this.stopped) onJudged(verdict);
      },
    };
  }

  /** Each generated request goes through sendCase like a table row: same gate, retries, redaction, breaker. */
  private runProperty(caseId: string, planned: PlannedProperty, guard: SendGuard) {
    const limitedTokenConfigured = this.context.auth.hasLimitedToken;
    return runProperty(planned.property, {
      seed: planned.seed,
      numRuns: planned.numRuns,
      stopped: () => this.stopped !== undefined,
      send: async (generated) => {
        const testCase = planned.pipelineId === undefined ? generated : { ...generated, pipelineId: planned.pipelineId };
        // Each request of the exchange sends its query: the follow-ups count as the property's budget counts them.
        const requests = sendingsOf(testCase);
        this.generatedQueries.push(...Array.from({ length: requests }, () => testCase.query ?? []));
        const [one] = planCases([testCase], { tags: [], limitedTokenConfigured });
        const verdict = await sendCase(this.context, one ?? { testCase }, guard);
        this.options.onGeneratedRequest?.(caseId, verdict, requests);
        return verdict;
      },
    });
  }

  /**
   * Transient means it comes and goes: each case that stayed unavailable past its retries is sent
   * once more at the end of the run, beside a case that was answered. Answered now, it is judged
   * like any case; unavailable again while the target answered the other, it fails: that request is
   * refused every time. Only a stop (signal, breaker, deadline) or a target that served nothing just
   * then leaves it errored. Call after every case has run, before the verdicts are read.
   */
  async sendAgainUnavailable(): Promise<void> {
    const unavailable = (p: PlannedCase) => this.ledger.get(caseKey(p.testCase))?.error?.kind === 'target-unavailable';
    const again = this.plan.filter((p) => p.property === undefined && unavailable(p));
    const answered = this.plan.find(
      (p) => p.property === undefined && this.ledger.get(caseKey(p.testCase))?.status !== undefined && !unavailable(p),
    );
    // Without a case that was answered, nothing could say the rest is served: the errored verdicts stand.
    if (again.length === 0 || answered === undefined || this.stopped) return;
    const [control, ...resent] = await Promise.all([answered, ...again].map((p) => this.sendOnceMore(p)));
    const served = control?.status !== undefined && control.error === undefined ? control : undefined;
    again.forEach((planned, i) => {
      const verdict = resent[i];
      const first = this.ledger.get(caseKey(planned.testCase));
      if (verdict === undefined || first === undefined) return;
      const refused = verdict.error?.kind === 'target-unavailable';
      if (refused && served === undefined) return; // nothing says the rest was served: the first errored verdict stands
      this.record(planned, refused && served ? alwaysUnavailableVerdict(first, verdict, served) : verdict, true);
    });
  }

  /** One more send of a case, outside the ledger; undefined when a stop came first. */
  private async sendOnceMore(planned: PlannedCase): Promise<Verdict | undefined> {
    let judgedInTime = false;
    const sent = (this.options.send ?? sendCase)(
      this.context,
      planned,
      this.guard(() => (judgedInTime = true)),
    );
    const outcome = await Promise.race([sent, this.whenStopped()]);
    return judgedInTime && !('kind' in outcome) ? outcome : undefined;
  }

  /**
   * Records the run's verdict on the live contract (`contract_unchanged`), which no case of the plan
   * sends; it counts like a case's from here on. Returns it as recorded.
   */
  recordContractVerdict(judged: Verdict): Verdict {
    const verdict = this.located(judged);
    this.contractVerdict = verdict;
    return verdict;
  }

  /** Every verdict of the run: the cases', then the live contract's when it was compared. */
  verdicts(): Verdict[] {
    return [...this.caseVerdicts(), ...(this.contractVerdict ? [this.contractVerdict] : [])];
  }

  /** Every planned case's verdict in plan order; a case that never reached `execute` is not silently dropped. */
  caseVerdicts(): Verdict[] {
    return this.plan.map((planned) => {
      const verdict = this.ledger.get(caseKey(planned.testCase));
      if (verdict) return verdict;
      if (planned.skipReason !== undefined) return skippedVerdict(planned.testCase, this.requestOf(planned), planned.skipReason);
      if (this.stopped) return this.notRun(planned, this.stopped);
      return suiteBugVerdict(planned.testCase, this.requestOf(planned), 'the conformance table never ran this case');
    });
  }

  /** Whether the case was sent, as opposed to skipped by the plan or left unsent by a stop. */
  wasPlannedSkip(key: string): boolean {
    return this.planned.get(key)?.skipReason !== undefined;
  }

  private requestOf(planned: PlannedCase) {
    return buildRequest(planned.testCase, this.context.target);
  }

  private notRun(planned: PlannedCase, stop: RunStop): Verdict {
    return skippedVerdict(planned.testCase, this.requestOf(planned), `not run: ${describeStop(stop)}`);
  }

  /** A rerun command must rerun the case where it ran, not against the embedded server. */
  private located(judged: Verdict): Verdict {
    const { target } = this.context;
    return target.embedded ? judged : { ...judged, target: { baseUrl: target.baseUrl, pipelineId: target.pipelineId } };
  }

  /**
   * The ledger is keyed by the planned case, never by what a verdict says of itself: a verdict built
   * apart (a property's, a resent one) that lost its copy's pipeline would else land under another
   * key, and the case the table ran would read as never run.
   */
  private record(planned: PlannedCase, judged: Verdict, sentAgain = false): Verdict {
    const verdict = this.located(this.ownVerdict(planned, judged));
    this.ledger.set(caseKey(planned.testCase), verdict);
    this.options.onVerdict?.(verdict, this.ledger.size, this.plan.length, sentAgain);
    return verdict;
  }

  /** The verdict as its planned case's: with the copy's pipeline; one that names another case is a bug of the suite. */
  private ownVerdict(planned: PlannedCase, judged: Verdict): Verdict {
    const { testCase } = planned;
    const copy = testCase.pipelineId;
    if (judged.caseId === testCase.id && (judged.pipelineId === undefined || judged.pipelineId === copy)) {
      return copy === undefined ? judged : { ...judged, pipelineId: copy };
    }
    const message = `the case ${caseKey(testCase)} was answered with the verdict of ${verdictKey(judged)}`;
    return suiteBugVerdict(testCase, this.requestOf(planned), message);
  }

  private watchAvailability(verdict: Verdict): void {
    if (verdict.error?.kind !== 'target-unavailable') {
      this.unavailableStreak = 0;
      this.streakSince = undefined;
      return;
    }
    this.unavailableStreak += 1;
    this.streakSince ??= new Date(Date.now() - verdict.durationMs).toISOString();
    if (this.unavailableStreak >= (this.options.breakerThreshold ?? BREAKER_THRESHOLD) && this.outageCheck === undefined) {
      const answered = verdict.error.answered ?? verdict.error.message;
      this.outageCheck = this.checkOutage(answered).finally(() => (this.outageCheck = undefined));
    }
  }

  /**
   * Before the breaker counts the target as down, one request of a shape it answered (a case
   * answered earlier, else the preflight's), sent while the cases wait. Answered, the streak was a
   * class of request refused every time, not an outage: the run goes on, and the end of the run
   * judges that class (`sendAgainUnavailable`). Unavailable too, the target is down.
   */
  private async checkOutage(answered: string): Promise<void> {
    const serves = await (this.options.servesStill ?? (() => this.servesStill()))();
    if (serves) {
      this.unavailableStreak = 0;
      this.streakSince = undefined;
      return;
    }
    this.halt({
      kind: 'target-unavailable',
      since: this.streakSince ?? new Date().toISOString(),
      answered,
      consecutive: this.unavailableStreak,
    });
  }

  private async servesStill(): Promise<boolean> {
    const answered = this.plan.find((p) => {
      const verdict = p.property === undefined ? this.ledger.get(caseKey(p.testCase)) : undefined;
      return verdict?.status !== undefined && verdict.error === undefined;
    });
    const result = await probe(this.context, answered?.testCase ?? defaultsRequest(this.context.target.pipelineId));
    return result.response !== undefined && unavailability(result) === undefined;
  }
}
