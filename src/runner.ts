import { type Auth, createAuth, type IssuedToken } from './auth';
import { type CheckSet, DEFAULT_CHECKS } from './checks';
import type { Clock } from './clock';
import { ConcurrencyLimit } from './concurrency-limit';
import type { GeneratedProperty } from './generation/properties';
import { type Contract, loadContract } from './contract';
import { createHttpClient, type HttpClient } from './http/http-client';
import { RateGate } from './http/rate-gate';
import { judge, type JudgeConfig, skippedVerdict, suiteBugVerdict } from './judge';
import type { Case, HttpExchange, Verdict, WireRequest } from './model';
import { Redactor } from './redaction';
import { buildRequest, type Target } from './request-builder';
import type { Settings } from './settings';

/** Everything a run shares: one client, one rate gate, one token, one redactor. */
export interface RunContext {
  target: Target;
  contract: Contract;
  client: HttpClient;
  auth: Auth;
  redactor: Redactor;
  limit: ConcurrencyLimit;
  /** How answers are judged: the checks and the response-time budgets. */
  judging: JudgeConfig;
  close(): void;
}

export interface RunContextOptions {
  /** A token the caller already obtained (the CLI's preflight), so the exchange happens once a run. */
  issuedToken?: IssuedToken;
  /** Test seams: shorter waits than production wants. */
  retryBaseMs?: number;
  maxRetryAfterMs?: number;
  contract?: Contract;
  /** One redactor for the whole run, when the caller already has one (the CLI's knows the settings' secrets). */
  redactor?: Redactor;
  /** Another set of checks: a self-test's way to break one on purpose. */
  checks?: CheckSet;
  /** Test seam: a clock the test moves, for the rate gate, deadlines, Retry-After pauses and token renewal. */
  clock?: Clock;
  /** The run checks the embedded reference server, not a configured target. */
  embedded?: boolean;
}

/** The base URL and pipeline of a settled run; the CLI fills them in for the embedded server. */
export type RunSettings = Settings & { baseUrl: string; pipelineId: string };

export function createRunContext(settings: RunSettings, options: RunContextOptions = {}): RunContext {
  const redactor = options.redactor ?? new Redactor();
  const client = createHttpClient({
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    gate: new RateGate(settings.maxRps, options.clock),
    clock: options.clock,
    retryBaseMs: options.retryBaseMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    maxSockets: settings.concurrency * 2,
  });
  const auth = createAuth(
    {
      token: settings.token,
      clientId: settings.clientId,
      secret: settings.secret,
      tokenUrl: settings.tokenUrl ?? `${settings.baseUrl}/auth/access-token`,
      limitedToken: settings.limitedToken,
      limitedClientId: settings.limitedClientId,
      limitedSecret: settings.limitedSecret,
    },
    client,
    redactor,
    { issued: options.issuedToken, clock: options.clock },
  );
  return {
    target: {
      baseUrl: settings.baseUrl,
      pipelineId: settings.pipelineId,
      missingPipelineId: settings.missingPipelineId,
      ...(options.embedded && { embedded: true }),
    },
    contract: options.contract ?? loadContract(),
    client,
    auth,
    redactor,
    limit: new ConcurrencyLimit(settings.concurrency),
    judging: { checks: options.checks ?? DEFAULT_CHECKS, budgets: settings.budgets },
    close: () => client.close(),
  };
}

export interface PlannedCase {
  testCase: Case;
  /** Set when the case cannot run here; it is reported as skipped, never as passed. */
  skipReason?: string;
  /** Set on a generated property's row: many requests, drawn by fast-check, judged as one verdict. */
  property?: PlannedProperty;
}

export interface PlannedProperty {
  property: GeneratedProperty;
  /** With several pipelines: the configured pipeline its requests read. */
  pipelineId?: string;
  /** Requests this property may send, shrinking included. */
  numRuns: number;
  seed: number;
}

/** The cases a run sends: those with any of `tags` (all when none), each marked runnable or not. */
export function planCases(cases: readonly Case[], options: { tags: readonly string[]; limitedTokenConfigured: boolean }): PlannedCase[] {
  const selected = options.tags.length === 0 ? cases : cases.filter((c) => c.tags.some((tag) => options.tags.includes(tag)));
  return selected.map((testCase) => ({
    testCase,
    skipReason:
      [testCase.auth, ...(testCase.then ?? []).map((step) => step.auth)].includes('limited-token') && !options.limitedTokenConfigured
        ? 'no limited credentials: set STREAMKAP_LIMITED_CLIENT_ID and STREAMKAP_LIMITED_SECRET (or STREAMKAP_LIMITED_TOKEN) to a client or token that lacks read:pipeline_metrics to run this case'
        : undefined,
  }));
}

/** Lets a run stop a case at the last moment, and see its verdict before the next case gets the slot. */
export interface SendGuard {
  /** Asked inside the concurrency slot, just before sending: a reason returned means do not send. */
  holdBack(): string | undefined;
  /** Asked next: a verdict the run already has evidence for (its class of request hangs) is returned unsent. */
  knownVerdict?(testCase: Case, request: WireRequest): Verdict | undefined;
  /** Told of the verdict while the slot is still held, so a circuit breaker trips before anything else goes out. */
  judged(verdict: Verdict): void;
}

/** Sends one request of a case and judges its answer. */
async function sendAndJudge(context: RunContext, testCase: Case): Promise<Verdict> {
  const request = buildRequest(testCase, context.target);
  const unusable = await context.auth.unusable(request.auth);
  if (unusable !== undefined) return skippedVerdict(testCase, request, unusable);
  // Asked before every attempt, so a retry held back by a long Retry-After still goes out with
  // a live token; a renewal the exchange refuses leaves this case errored with the reason.
  const result = await context.client.get(request.url, {}, () => context.auth.authorization(request.auth));
  const exchange: HttpExchange = { request, ...result };
  return judge(testCase, exchange, context.contract, context.redactor, context.judging);
}

/**
 * A case with follow-ups sends its request, then again with each follow-up's credential, in order.
 * Its verdict is the first that did not pass, marked with which sending it was, else the last.
 */
async function sendInTurn(context: RunContext, testCase: Case): Promise<Verdict> {
  const steps: Case[] = [testCase, ...(testCase.then ?? []).map((step) => ({ ...testCase, auth: step.auth, tier: step.tier }))];
  let verdict: Verdict | undefined;
  const warnings = [];
  for (const [index, step] of steps.entries()) {
    verdict = await sendAndJudge(context, { ...step, then: undefined });
    if (verdict.outcome !== 'passed') return { ...verdict, title: `${testCase.title} [sending ${index + 1} of ${steps.length}]` };
    warnings.push(...verdict.warnings);
  }
  // Each sending's warnings (a limited token answered 401) stay on the case's one verdict.
  return { ...(verdict as Verdict), warnings };
}

/** Sends one case and judges the answer. Never throws: what the server does is judged, and a bug in the suite is an errored verdict that says so. */
export async function runCase(context: RunContext, planned: PlannedCase, guard?: SendGuard): Promise<Verdict> {
  const { testCase, skipReason } = planned;
  const request = buildRequest(testCase, context.target);
  if (skipReason !== undefined) return skippedVerdict(testCase, request, skipReason);
  try {
    return await context.limit.run(async () => {
      const heldBack = guard?.holdBack();
      if (heldBack !== undefined) return skippedVerdict(testCase, request, heldBack);
      const known = guard?.knownVerdict?.(testCase, request);
      if (known !== undefined) return known;
      const verdict = testCase.then === undefined ? await sendAndJudge(context, testCase) : await sendInTurn(context, testCase);
      guard?.judged(verdict);
      return verdict;
    });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return context.redactor.redactDeep(suiteBugVerdict(testCase, request, `sending or judging the case threw ${message}`));
  }
}
