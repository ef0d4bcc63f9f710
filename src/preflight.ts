import { mustAccept } from '../cases/must-accept';
import { plural } from './plural';
import { bodyStart } from './checks/observation';
import type { Clock } from './clock';
import { retryAfterMs } from './http/retry-policy';
import { unavailability } from './judge';
import type { Case, QueryPairs, ReceivedResponse, WireRequest } from './model';
import { buildRequest } from './request-builder';
import type { RunContext } from './engine/run-context';
import { anonymousRequest, defaultsRequest, probe, UNKNOWN_PIPELINE } from './probe';
import { SetupError } from './setup-error';
import { fetchLiveSpec } from './drift/live-spec';
import { liveSpecGetter } from './drift/live-spec-get';
import { shownValue } from './settings/shown-value';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/;

/** FastAPI's words for a path it has no route for; a missing pipeline gets its own. */
const NO_ROUTE = /^\s*\{\s*"detail"\s*:\s*"Not Found"\s*\}\s*$/;

/** OpenSSL's reason, such as "wrong version number", out of its one-line dump. */
function tlsReason(code: string, message: string): string {
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1];
  return reason === undefined ? code : `${code}: ${reason}`;
}

/** What a base URL seems to serve, when it answers with something other than JSON. */
function whatItServes(response: ReceivedResponse): string | undefined {
  if (response.bodyProblem !== undefined) return `a body that is no readable text (${response.bodyProblem})`;
  try {
    JSON.parse(response.body);
    return undefined;
  } catch {
    // described below
  }
  const contentType = response.headers['content-type'] ?? 'no Content-Type';
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(response.body)) {
    const title = /<title[^>]*>([^<]{0,120})/i.exec(response.body)?.[1]?.trim();
    return `an HTML page${title ? ` titled "${title}"` : ''} (HTTP ${response.status}, ${contentType})`;
  }
  return `${response.body.trim() === '' ? 'an empty body' : `text that is not JSON, starting "${bodyStart(response.body)}"`} (HTTP ${response.status}, ${contentType})`;
}

/** What else the run knows of its target, besides what the preflight asks it. */
export interface PreflightContext {
  /** The target's live OpenAPI document, to see whether it describes this operation. */
  liveSpecUrl?: string;
  /** A run of the same target in the history that passed. */
  passedBefore?: boolean;
  /** Every configured pipeline: another one served at the same base URL says the URL is right. */
  pipelineIds?: readonly string[];
  /** How long a target that asks to be tried again (Retry-After) is waited for. */
  warmUp?: WarmUp;
}

/** The run's start-up wait: until when a target warming up is waited for, on what clock, and the setting that says so. */
interface WarmUp {
  until: number;
  clock: Clock;
  budgetS: number;
}

/** How the preflight decided: the target answered as the contract allows, or it did not but answers like this API. */
export type PreflightDecision =
  | { kind: 'ready' }
  | {
      kind: 'judged-by-cases';
      /** What the first answer was, that the contract does not allow. */
      firstAnswer: string;
      /** What says this is the Streamkap API all the same. */
      evidence: string[];
    };

/**
 * The longest header line every mainstream server takes (nginx's 8k buffer, Apache's 8190 bytes):
 * a credential past it may be refused by any of them, as RFC 9110 allows (5.4).
 */
const LONGEST_HEADER_LINE = 8190;

/**
 * A configured token too long for any server's header line, refused (431, another 4xx, or a
 * connection dropped) where the same request without it is answered: the token's size is what the
 * target reacts to, so it is the setting, not a fault of the API.
 */
async function oversizedToken(context: RunContext, ask: Ask, pipelineId: string, firstAnswer: string): Promise<SetupError | undefined> {
  if (context.auth.exchangesToken) return undefined;
  const authorization = (await context.auth.authorization('token')) ?? '';
  if (`Authorization: ${authorization}`.length <= LONGEST_HEADER_LINE) return undefined;
  const anonymous = await ask(anonymousRequest(pipelineId));
  if (anonymous.response === undefined || anonymous.response.status === 431) return undefined;
  const length = authorization.replace(/^Bearer /, '').length;
  return new SetupError(
    `STREAMKAP_TOKEN is ${length} characters long, and ${context.target.baseUrl} refuses the request that carries it (${firstAnswer}) while it answers the same request without it (HTTP ${anonymous.response.status}). No server need take a header line that long (RFC 9110, 5.4); access tokens are a few hundred to a few thousand characters. Set STREAMKAP_TOKEN to the access token alone (not a file, a token response or several tokens joined).`,
    'STREAMKAP_TOKEN',
  );
}

/** A body like FastAPI's refusals: a JSON object with `detail`. */
function isApiRefusal(response: ReceivedResponse | undefined, statuses: readonly number[]): boolean {
  if (response === undefined || !statuses.includes(response.status)) return false;
  try {
    const body = JSON.parse(response.body) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) && 'detail' in body;
  } catch {
    return false;
  }
}

/**
 * What says the target is the Streamkap API, asked only when its first answer is not one the
 * contract allows: a fault of the API is the cases' to judge (exit 1), a wrong setting is not.
 */
async function evidenceOfTheApi(context: RunContext, ask: Ask, pipelineId: string, known: PreflightContext): Promise<string[]> {
  const evidence: string[] = [];
  const send = async (testCase: Case) => (await ask(testCase)).response;
  const anonymous = await send(anonymousRequest(pipelineId));
  if (isApiRefusal(anonymous, [401, 403])) {
    evidence.push(`a request without a token is refused ${anonymous?.status} with the API's {"detail": ...} body`);
  }
  const unknown = await send(UNKNOWN_PIPELINE);
  if (isApiRefusal(unknown, [404])) evidence.push(`an unknown pipeline is answered 404 with the API's {"detail": ...} body`);
  if (context.auth.exchangesToken) evidence.push('the client-credentials exchange issued the run its token');
  if (known.liveSpecUrl !== undefined) {
    const live = await fetchLiveSpec(known.liveSpecUrl, liveSpecGetter(context.client));
    const paths = live.kind === 'document' ? live.document.paths : undefined;
    if (paths && Object.keys(paths).some((path) => /\/pipelines\/\{[^}]+\}\/metrics$/.test(path))) {
      evidence.push(`its live contract at ${known.liveSpecUrl} describes GET /pipelines/{pipeline_id}/metrics`);
    }
  }
  if (known.passedBefore) evidence.push('an earlier run against this target passed (STREAMKAP_HISTORY_FILE)');
  return evidence;
}

/** What the preflight's first request got: its last answer, and how long the target was waited for. */
interface FirstAnswer {
  result: ProbeResult;
  /** Spent waiting for a target that asked to be tried again (Retry-After). */
  waitedMs: number;
  /** The wait it asked for last, when that would have run past the start-up budget. */
  beyondBudgetMs?: number;
}

type ProbeResult = Awaited<ReturnType<typeof probe>>;
/** The preflight's way to send one of its shapes of request, each at most once. */
type Ask = (testCase: Case) => Promise<ProbeResult>;

/**
 * The preflight's request, sent again after each Retry-After while the start-up budget lasts: a
 * target warming up (503 or 429 with Retry-After, in seconds or as an HTTP-date) says when to come
 * back, and is waited for rather than blamed.
 */
async function warmedUp(context: RunContext, testCase: Case, warmUp: WarmUp | undefined): Promise<FirstAnswer> {
  let waitedMs = 0;
  for (;;) {
    const result = await probe(context, testCase);
    const asked = unavailability(result) === undefined ? undefined : result.response?.headers['retry-after'];
    const waitMs = warmUp && retryAfterMs(asked, Number.POSITIVE_INFINITY, warmUp.clock.now());
    if (warmUp === undefined || waitMs === undefined) return { result, waitedMs };
    // At least a second between tries: the header counts in seconds, and "0" must not spin.
    const pause = Math.max(waitMs, 1000);
    if (warmUp.clock.now() + pause > warmUp.until) return { result, waitedMs, beyondBudgetMs: pause };
    await new Promise<void>((resolve) => warmUp.clock.after(pause, resolve));
    waitedMs += pause;
  }
}

/** Failures before any request reached a server: no other shape of request could be answered otherwise. */
const reachedNoServer = (code: string): boolean =>
  code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED' || TLS_CODES.test(code);

/**
 * A query any implementation of the contract serves 200 and that leaves nothing to a default: the
 * must-accept case that sets the most parameters. A fault in how a default is applied must not
 * make this request fail too, or it would corroborate a blame on a setting.
 */
const ACCEPTED_QUERY = mustAccept.reduce<QueryPairs>((most, c) => ((c.query ?? []).length > most.length ? (c.query ?? []) : most), []);

/** Served as the contract has it: 200 with a JSON body. */
const servedMetrics = (result: ProbeResult): boolean =>
  result.response?.status === 200 && unavailability(result) === undefined && whatItServes(result.response) === undefined;

/**
 * Whether other shapes of request say that the setting the first answer blames is right: the same
 * pipeline with a query, served 200 with the same credentials, clears every setting; for the base
 * URL, so does another configured pipeline served there, or an unknown pipeline refused 404 in the
 * API's own words (the metrics route is there). Stops at the first that tells, and at the first
 * that gets no answer either.
 */
async function servedOtherwise(
  context: RunContext,
  ask: Ask,
  pipelineId: string,
  blamed: string | undefined,
  known: PreflightContext,
): Promise<string[]> {
  const query = ACCEPTED_QUERY.map(([name, value]) => `${name}=${value}`).join('&');
  const shapes: Array<[Case, (result: ProbeResult) => string | undefined]> = [
    [
      { ...defaultsRequest(pipelineId), id: 'preflight.with-query', query: ACCEPTED_QUERY },
      (result) => (servedMetrics(result) ? `the same pipeline with a query (${query}) is served 200 to the same credentials` : undefined),
    ],
  ];
  if (blamed === 'STREAMKAP_BASE_URL') {
    const another = anotherPipeline(pipelineId, known);
    if (another !== undefined) {
      shapes.push([
        defaultsRequest(another),
        (result) => (servedMetrics(result) ? `pipeline ${another} is served 200 at the same base URL` : undefined),
      ]);
    }
    shapes.push([
      UNKNOWN_PIPELINE,
      (result) =>
        isApiRefusal(result.response, [404]) && !NO_ROUTE.test(result.response?.body ?? '')
          ? `an unknown pipeline is refused 404 in the API's own words (${bodyStart(context.redactor.redact(result.response?.body ?? ''))}), so the metrics route is there`
          : undefined,
    ]);
  }
  for (const [testCase, tells] of shapes) {
    const result = await ask(testCase);
    const told = tells(result);
    if (told !== undefined) return [told];
    // A shape that got no answer either (an outage, a hang) tells nothing the next one would: each costs retries or a timeout.
    if (result.response === undefined || unavailability(result) !== undefined) break;
  }
  return [];
}

/** A configured pipeline other than this one, the first. */
const anotherPipeline = (pipelineId: string, known: PreflightContext): string | undefined =>
  (known.pipelineIds ?? []).find((id) => id !== pipelineId);

async function anotherPipelineServed(ask: Ask, pipelineId: string, known: PreflightContext): Promise<boolean> {
  const another = anotherPipeline(pipelineId, known);
  return another !== undefined && servedMetrics(await ask(defaultsRequest(another)));
}

/** The first answer in a few words, after "was answered", for the console's line when the cases judge it. */
function describeAnswer(context: RunContext, { response, error, retries }: ProbeResult): string {
  const retried = retries > 0 ? ` after ${plural(retries, 'retry', 'retries')}` : '';
  if (response !== undefined) {
    const { status, body } = context.redactor.redactDeep(response);
    return `HTTP ${status}${body.trim() === '' ? '' : ` ${bodyStart(body)}`}${retried}`;
  }
  if (error?.kind === 'timeout') return `nothing: ${error.message}`;
  return `nothing but a failed connection (${error?.code})${retried}`;
}

/** FastAPI says a bare "Not Found" for a path it has no route for; a missing pipeline gets its own words. */
const isNoRoute = (response: ReceivedResponse): boolean => response.status === 404 && NO_ROUTE.test(response.body);

/**
 * What to do about a base URL under which the metrics path has no route. A URL with no path lacks
 * the API's prefix; one with a path may carry a segment too many, which one more GET of the metrics
 * path under the URL one segment shorter tells: answered there, that segment is the one to remove.
 */
async function noRouteAdvice(context: RunContext, path: string, auth: WireRequest['auth']): Promise<string> {
  const base = context.target.baseUrl;
  const url = new URL(base);
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const noRoute = `${base}${path} answered 404 with no route there`;
  const last = segments.at(-1);
  if (last === undefined) {
    return `${noRoute}: STREAMKAP_BASE_URL probably lacks the API's path prefix (such as /api). Set it to the URL that /pipelines/{id}/metrics follows.`;
  }
  const shorter = `${url.origin}${segments
    .slice(0, -1)
    .map((segment) => `/${segment}`)
    .join('')}`;
  const authorization = await context.auth.authorization(auth);
  const answer = (await context.client.get(`${shorter}${path}`, authorization === undefined ? {} : { authorization })).response;
  if (answer !== undefined && !isNoRoute(answer)) {
    return `${noRoute}, while ${shorter}${path} is answered (HTTP ${answer.status}): STREAMKAP_BASE_URL has an extra path segment (/${last}). Remove it: set STREAMKAP_BASE_URL to ${shorter}.`;
  }
  return `${noRoute}, nor under ${shorter}: the path of STREAMKAP_BASE_URL (${url.pathname}) is not where the API answers. Set it to the URL that /pipelines/{id}/metrics follows, with the API's path prefix if it has one.`;
}

/**
 * One authenticated request for the configured pipeline before any case runs. It stops the run
 * (exit 2) for what no case can work around and what points at a setting: a target that cannot be
 * reached or is unavailable, a redirect, a configured token refused, a pipeline the API does not
 * know, a pipeline id it refuses as malformed. A target that asks to be tried again is waited for
 * within the start-up budget. A blame on a setting stands only when other shapes of request
 * corroborate it (`servedOtherwise`): when they are served, the first answer was a fault of the
 * API, the cases' to judge. So is an answer the contract does not allow (HTML, a broken body, an
 * undocumented status, a crash) when anything says the target is this API.
 */
export async function preflight(
  context: RunContext,
  pipelineId = context.target.pipelineId,
  known: PreflightContext = {},
): Promise<PreflightDecision> {
  const first = await warmedUp(context, defaultsRequest(pipelineId), known.warmUp);
  // Each shape asked once: the evidence that it is the API and the check of a blamed setting share the unknown-pipeline probe.
  const asked = new Map<string, Promise<ProbeResult>>();
  const ask: Ask = (testCase) => {
    const key = `${testCase.id} ${testCase.pipelineId ?? ''}`;
    const answer = asked.get(key) ?? probe(context, testCase);
    asked.set(key, answer);
    return answer;
  };
  try {
    return await judgeFirstAnswer(context, ask, pipelineId, known, first);
  } catch (error) {
    const code = first.result.error?.code;
    if (!(error instanceof SetupError) || (code !== undefined && reachedNoServer(code))) throw error;
    const evidence = await servedOtherwise(context, ask, pipelineId, error.setting, known);
    if (evidence.length === 0) throw error;
    return { kind: 'judged-by-cases', firstAnswer: describeAnswer(context, first.result), evidence };
  }
}

/** The first answer, read for what it says of the settings: thrown as a SetupError that names one, or a decision. */
async function judgeFirstAnswer(
  context: RunContext,
  ask: Ask,
  pipelineId: string,
  known: PreflightContext,
  { result, waitedMs, beyondBudgetMs }: FirstAnswer,
): Promise<PreflightDecision> {
  const request = buildRequest(defaultsRequest(pipelineId), context.target);
  const base = context.target.baseUrl;
  /** The first answer is not the API's as the contract has it: the cases judge it when the evidence says this is the API. */
  const unlessTheApi = async (firstAnswer: string, error: SetupError): Promise<PreflightDecision> => {
    const evidence = await evidenceOfTheApi(context, ask, pipelineId, known);
    if (evidence.length === 0) throw error;
    return { kind: 'judged-by-cases', firstAnswer, evidence };
  };
  const refusedForSize =
    result.error !== undefined && result.error.kind !== 'timeout'
      ? `the connection ${result.error.code === 'ECONNRESET' || result.error.code === 'EPIPE' ? 'was dropped' : `failed (${result.error.code})`}`
      : result.response !== undefined &&
          result.response.status >= 400 &&
          result.response.status < 500 &&
          ![401, 403, 404].includes(result.response.status)
        ? `HTTP ${result.response.status}`
        : undefined;
  if (refusedForSize !== undefined) {
    const oversized = await oversizedToken(context, ask, pipelineId, refusedForSize);
    if (oversized) throw oversized;
  }
  if (result.error?.code === 'BODY_TOO_LARGE') {
    const what = `an answer whose ${result.error.message}`;
    return unlessTheApi(
      what,
      new SetupError(`${base} sent ${what}; it does not look like the Streamkap API. Check STREAMKAP_BASE_URL.`, 'STREAMKAP_BASE_URL'),
    );
  }
  if (result.error) {
    const { code, message } = result.error;
    if (result.error.kind === 'timeout') {
      throw new SetupError(
        `${base} accepted the connection but sent ${message}. Check that STREAMKAP_BASE_URL points at the Streamkap API, or raise STREAMKAP_TIMEOUT_MS if the target is just slow.`,
        'STREAMKAP_BASE_URL',
      );
    }
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'its host name does not resolve'
        : code === 'ECONNREFUSED'
          ? 'nothing accepts connections there'
          : TLS_CODES.test(code)
            ? `the TLS handshake failed (${tlsReason(code, message)}; if the target speaks plain HTTP, use an http:// URL)`
            : `the connection failed (${code}: ${message})`;
    throw new SetupError(
      `Cannot reach STREAMKAP_BASE_URL (${base}): ${what}${result.retries ? `, after ${plural(result.retries, 'retry', 'retries')}` : ''}. Check the URL and the network.`,
      'STREAMKAP_BASE_URL',
    );
  }
  const answered = unavailability(result);
  if (answered !== undefined) {
    const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
    const budget = `the start-up wait (STREAMKAP_STARTUP_WAIT_S, ${known.warmUp?.budgetS ?? 0} s)`;
    const waited = waitedMs > 0 ? ` It asked to be tried again (Retry-After) and was, for ${seconds(waitedMs)} of ${budget}.` : '';
    const beyond =
      beyondBudgetMs === undefined ? '' : ` It asks to be tried again in ${seconds(beyondBudgetMs)}, past what is left of ${budget}.`;
    throw new SetupError(
      `${base} is unavailable: the first request ${answered}.${waited}${beyond} Nothing was checked; run again when the target is back (STREAMKAP_RETRIES sets how often each request is retried).`,
      beyondBudgetMs === undefined ? 'STREAMKAP_BASE_URL' : 'STREAMKAP_STARTUP_WAIT_S',
    );
  }
  // Redacted before anything quotes it: a quote cut short could keep part of a secret the redaction would no longer match.
  const response = context.redactor.redactDeep(result.response!);
  const { status, headers } = response;
  if (status >= 300 && status < 400) {
    throw new SetupError(
      `${base} redirects the metrics request (HTTP ${status} to ${headers.location ?? 'nowhere given'}). The suite does not follow redirects; set STREAMKAP_BASE_URL to the URL the API really answers at.`,
      'STREAMKAP_BASE_URL',
    );
  }
  const served = whatItServes(response);
  if (served !== undefined) {
    return unlessTheApi(
      served,
      new SetupError(
        `${base} does not answer like the Streamkap API: the metrics request for pipeline ${pipelineId} got ${served}. Set STREAMKAP_BASE_URL to the API's base URL (such as https://api.streamkap.com), not a web page or a proxy in front of it.`,
        'STREAMKAP_BASE_URL',
      ),
    );
  }
  if ((status === 401 || status === 403) && context.auth.exchangesToken) {
    // A token the exchange issued a moment ago, refused: the API contradicts itself, unless nothing says it is the API.
    return unlessTheApi(
      `HTTP ${status} to the token the client-credentials exchange had just issued`,
      new SetupError(
        `${base} refused the token exchanged for STREAMKAP_CLIENT_ID (HTTP ${status}) for pipeline ${pipelineId}. Check STREAMKAP_TOKEN_URL, the client's permissions (read:pipeline_metrics) and that the pipeline belongs to its organisation.`,
        'STREAMKAP_CLIENT_ID',
      ),
    );
  }
  if (status === 401 || status === 403) {
    throw new SetupError(
      `${base} refused the run's token for pipeline ${pipelineId} (HTTP ${status}). Set STREAMKAP_TOKEN to a valid token with read:pipeline_metrics (or check STREAMKAP_CLIENT_ID and STREAMKAP_SECRET), and check that it belongs to the pipeline's organisation.`,
      'STREAMKAP_TOKEN',
    );
  }
  if (status === 404) {
    const unknownPipeline = new SetupError(
      `${base}${request.path} answered 404: pipeline ${pipelineId} (STREAMKAP_PIPELINE_ID or STREAMKAP_PIPELINE_IDS) is not a pipeline this token can see. Set it to an existing pipeline of the token's organisation; the cases need one.`,
      'STREAMKAP_PIPELINE_ID',
    );
    if (!NO_ROUTE.test(response.body)) throw unknownPipeline;
    // Another pipeline served at the same base URL says the prefix is right: then a bare 404 like the
    // one an id of no pipeline gets says this pipeline is unknown.
    if (await anotherPipelineServed(ask, pipelineId, known)) {
      const unknown = (await ask(UNKNOWN_PIPELINE)).response;
      if (unknown?.status === 404 && NO_ROUTE.test(unknown.body)) throw unknownPipeline;
    }
    throw new SetupError(await noRouteAdvice(context, request.path, request.auth), 'STREAMKAP_BASE_URL');
  }
  if (status === 400 || status === 422) return refusedId(context, ask, pipelineId, status);
  if (!context.contract.responses.has(String(status)) || status >= 500 || (status >= 200 && status < 300 && status !== 200)) {
    return unlessTheApi(
      `HTTP ${status}`,
      new SetupError(
        `${base} answered the metrics request with HTTP ${status}, which the contract does not allow for it, so it does not look like the Streamkap API. Check STREAMKAP_BASE_URL.`,
        'STREAMKAP_BASE_URL',
      ),
    );
  }
  return { kind: 'ready' };
}

/**
 * The preflight's request has no query, so a 400 or 422 can only be about the pipeline id. When
 * the API takes an id of another shape (the unknown-pipeline id is answered 404), the configured
 * one is malformed: a setting. When it refuses that one too, the cases judge the API.
 */
async function refusedId(context: RunContext, ask: Ask, pipelineId: string, status: number): Promise<PreflightDecision> {
  const unknown = (await ask(UNKNOWN_PIPELINE)).response;
  const { missingPipelineId } = context.target;
  if (unknown?.status === 404) {
    throw new SetupError(
      `The API refuses pipeline id ${shownValue(pipelineId)} as malformed (HTTP ${status} to a request with no query), while it takes an id shaped like ${shownValue(missingPipelineId)} (answered 404). Set STREAMKAP_PIPELINE_ID (or STREAMKAP_PIPELINE_IDS) to the pipeline's id exactly as the Streamkap app shows it.`,
      'STREAMKAP_PIPELINE_ID',
    );
  }
  return {
    kind: 'judged-by-cases',
    firstAnswer: `HTTP ${status} to a request with no query`,
    evidence: [
      `the unknown-pipeline id ${missingPipelineId} got ${unknown?.status ?? 'no answer'} too, so the id's shape is not what it refuses`,
    ],
  };
}

/**
 * STREAMKAP_MISSING_PIPELINE_ID must name no pipeline: the unknown-pipeline cases expect 404 for it.
 * One request, only when the id was configured (the default is an ObjectId no database issued).
 */
export async function checkMissingPipeline(context: RunContext): Promise<void> {
  const answer = (await probe(context, UNKNOWN_PIPELINE)).response;
  if (answer?.status === 200) {
    throw new SetupError(
      `STREAMKAP_MISSING_PIPELINE_ID is ${shownValue(context.target.missingPipelineId)}, which is a pipeline this token can read (HTTP 200): the unknown-pipeline cases need an id that names none. Set it to an id of no pipeline, or unset it for the default.`,
      'STREAMKAP_MISSING_PIPELINE_ID',
    );
  }
}
