import { judge, skippedVerdict, suiteBugVerdict } from '../judge';
import { profileHeaders } from '../http/client-profiles';
import { validatorsSentBack } from '../http/validators';
import type { Case, HttpExchange, ReceivedResponse, Verdict, WireRequest } from '../model';
import type { PlannedCase } from '../plan';
import { buildRequest } from '../request-builder';
import type { RunContext } from './run-context';

/** Lets a run stop a case at the last moment, and see its verdict before the next case gets the slot. */
export interface SendGuard {
  /** Awaited inside the concurrency slot before anything else: the run may hold every case while it checks the target. */
  pause?(): Promise<void>;
  /** Asked inside the concurrency slot, just before sending: a reason returned means do not send. */
  holdBack(): string | undefined;
  /** Asked next: a verdict the run already has evidence for (its class of request hangs) is returned unsent. */
  knownVerdict?(testCase: Case, request: WireRequest): Verdict | undefined;
  /** Told of the verdict while the slot is still held, so a circuit breaker trips before anything else goes out. */
  judged(verdict: Verdict): void;
}

/**
 * Sends one request of a case and judges its answer; a follow-up's answer is judged beside the
 * case's earlier ones, whose validators it may send back.
 */
async function sendAndJudge(
  context: RunContext,
  testCase: Case,
  earlier: readonly ReceivedResponse[] = [],
): Promise<{ verdict: Verdict; response?: ReceivedResponse }> {
  const built = buildRequest(testCase, context.target);
  const sentBack =
    testCase.resent === undefined || testCase.resent === 'head' ? undefined : validatorsSentBack(testCase.resent, earlier[0] ?? NO_ANSWER);
  if (sentBack !== undefined && 'missing' in sentBack) return { verdict: skippedVerdict(testCase, built, sentBack.missing) };
  const request: WireRequest = sentBack === undefined ? built : { ...built, headers: { ...built.headers, ...sentBack.headers } };
  const unusable = await context.auth.unusable(request.auth);
  if (unusable !== undefined) return { verdict: skippedVerdict(testCase, request, unusable) };
  // Asked before every attempt, so a retry held back by a long Retry-After still goes out with
  // a live token; a renewal the exchange refuses leaves this case errored with the reason.
  const authorize = () => context.auth.authorization(request.auth);
  const result = await context.client.get(
    request.url,
    profileHeaders(request.profile, request.headers),
    authorize,
    request.method === 'HEAD' ? 'head' : 'get',
  );
  const exchange: HttpExchange = { request, ...result };
  return { verdict: judge(testCase, exchange, context.contract, context.redactor, context.judging, earlier), response: result.response };
}

/** What a follow-up compares with when the case's first sending got no answer (it never does: that sending did not pass). */
const NO_ANSWER: ReceivedResponse = { status: 0, headers: {}, body: '' };

/**
 * A case with follow-ups sends its request, then again with each follow-up's credential (as HEAD,
 * or with validators sent back, when it says so), in order. Its verdict is the first that did not
 * pass, marked with which sending it was, else the last.
 */
async function sendInTurn(context: RunContext, testCase: Case): Promise<Verdict> {
  const steps: Case[] = [
    testCase,
    ...(testCase.then ?? []).map((step) => ({ ...testCase, auth: step.auth, tier: step.tier, ...(step.as && { resent: step.as }) })),
  ];
  let verdict: Verdict | undefined;
  const warnings = [];
  // The answers to the GETs so far: what a HEAD mirrors, whose validators go back, whose ETags must name one body.
  const earlier: ReceivedResponse[] = [];
  for (const [index, step] of steps.entries()) {
    const sent = await sendAndJudge(context, { ...step, then: undefined }, earlier);
    // A drawn exchange ends where the API's answer left it no validator to send back (validators are
    // optional): what it sent stands judged. A coverage row that needs one is skipped and says why.
    if (sent.verdict.outcome === 'skipped' && verdict !== undefined && testCase.origin === 'property') {
      return {
        ...verdict,
        title: `${testCase.title} [sending ${index + 1} of ${steps.length} not sent: ${sent.verdict.skipReason ?? ''}]`,
        warnings,
      };
    }
    verdict = sent.verdict;
    if (verdict.outcome !== 'passed') return { ...verdict, title: `${testCase.title} [sending ${index + 1} of ${steps.length}]` };
    if (sent.response !== undefined && step.resent !== 'head') earlier.push(sent.response);
    warnings.push(...verdict.warnings);
  }
  // Each sending's warnings (a limited token answered 401) stay on the case's one verdict.
  return { ...(verdict as Verdict), warnings };
}

/** Sends one case and judges the answer. Never throws: what the server does is judged, and a bug in the suite is an errored verdict that says so. */
export async function sendCase(context: RunContext, planned: PlannedCase, guard?: SendGuard): Promise<Verdict> {
  const { testCase, skipReason } = planned;
  const request = buildRequest(testCase, context.target);
  if (skipReason !== undefined) return skippedVerdict(testCase, request, skipReason);
  try {
    return await context.limit.run(async () => {
      await guard?.pause?.();
      const heldBack = guard?.holdBack();
      if (heldBack !== undefined) return skippedVerdict(testCase, request, heldBack);
      const known = guard?.knownVerdict?.(testCase, request);
      if (known !== undefined) return known;
      const verdict = testCase.then === undefined ? (await sendAndJudge(context, testCase)).verdict : await sendInTurn(context, testCase);
      guard?.judged(verdict);
      return verdict;
    });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return context.redactor.redactDeep(suiteBugVerdict(testCase, request, `sending or judging the case threw ${message}`));
  }
}
