/**
 * The suite's vocabulary: what a case asks, what came back, and what the checks concluded.
 * Everything here is plain data, so verdicts can be written to reports as they are.
 */

/** Which expectation applies to a case's response. */
export const TIERS = [
  'accept', // must answer 200 with a valid metrics body
  'reject', // must answer 4xx; a 422 must carry an HTTPValidationError
  'boundary', // any declared or documented status but 5xx, with a valid body for it
  'auth', // must answer 401 or 403 without metrics data
  'not-found', // an unknown pipeline: 404 with the documented error body
  'hostile-id', // a malformed pipeline id: 4xx, never 2xx or 5xx
  'refused', // refused for two reasons at once (no grant and a query that is not valid): either refusal, no metrics
] as const;
export type Tier = (typeof TIERS)[number];

/**
 * The tier of the run's one verdict that judges no answer of the endpoint: the live OpenAPI
 * document against the vendored one, by the check `contract_unchanged` (src/drift/check-drift.ts).
 */
export const CONTRACT_TIER = 'contract';
/** A verdict's tier: a case's, or the live contract's. */
export type VerdictTier = Tier | typeof CONTRACT_TIER;

/** Whether a verdict is a case's, not the live contract's (which stands for no request of the endpoint). */
export const isCaseVerdict = <T extends { tier: VerdictTier }>(verdict: T): verdict is T & { tier: Tier } => verdict.tier !== CONTRACT_TIER;

/**
 * The run's own token altered or respelled (credential-variants.ts derives each from it). Those
 * that spell the same credential must be served; the others must be refused.
 */
export const CREDENTIAL_VARIANTS = [
  'token-appended', // one character added at the end
  'token-truncated', // the last character cut
  'token-first-char-changed', // the first character replaced
  'token-other-case', // every letter in the other case
  'token-empty', // the scheme alone: `Bearer`
  'token-blank', // the scheme and white space only
  'header-empty', // an Authorization header with no value
  'scheme-lower-case', // `bearer <token>`: the scheme is case-insensitive (RFC 7235)
  'scheme-upper-case', // `BEARER <token>`
  'scheme-several-spaces', // `Bearer   <token>`: RFC 6750 allows 1*SP
  'token-trailing-space', // `Bearer <token> `: HTTP strips the field value's trailing white space
  'scheme-tab', // `Bearer<TAB><token>`: RFC 6750 says SP; servers differ
] as const;
export type CredentialVariant = (typeof CREDENTIAL_VARIANTS)[number];

/** How the case authenticates. */
export type AuthMode =
  | 'token' // the run's bearer token
  | 'none' // no Authorization header
  | 'garbage-token' // a bearer token that no server issued
  | 'wrong-scheme' // the run's real token under a non-Bearer scheme
  | 'limited-token' // STREAMKAP_LIMITED_TOKEN, valid but without read:pipeline_metrics
  | CredentialVariant;

/** Which pipeline id goes into the path. */
export type PipelineRef =
  | { kind: 'configured' }
  | { kind: 'missing' }
  /** A path segment sent exactly as written (already percent-encoded where needed). */
  | { kind: 'raw'; segment: string }
  /** An id derived from the configured one (pipeline-neighbours.ts): a prefix, a suffix, another encoding, ... */
  | { kind: 'neighbour'; of: PipelineNeighbour };

/** Ids near the configured pipeline's: none is that pipeline, except perhaps the two noted. */
export const PIPELINE_NEIGHBOURS = [
  'last-char-cut',
  'last-4-chars-cut',
  'zero-appended',
  'letter-appended',
  'middle-char-changed',
  'nul-appended', // `%00` after the id
  'space-appended', // `%20` after the id
  'newline-appended', // `%0A` after the id
  'double-encoded', // every character as `%25XX`: decoded twice, it would be the id
  'upper-case', // may denote the same ObjectId: 200 or 404 both fine
  'percent-encoded', // every character as `%XX`: the same URI (RFC 3986, 2.3), so 200 or 404 both fine
] as const;
export type PipelineNeighbour = (typeof PIPELINE_NEIGHBOURS)[number];

/**
 * How the query's values are written on the wire; all spell the same values.
 * `plain` percent-encodes what encodeURIComponent does; the others are other spellings of it.
 */
export const QUERY_SPELLINGS = [
  'plain',
  'raw-colons', // `:` left as it is, not `%3A`
  'lower-case-escapes', // `%3a` for `%3A`
  'encoded-unreserved', // every character percent-encoded, letters and digits too
] as const;
export type QuerySpelling = (typeof QUERY_SPELLINGS)[number];

/**
 * How the query's pairs are put together on the wire, where frameworks may differ: `plain` joins
 * `name=value` pairs with `&`. `bare-names` writes a pair whose value is empty as its name alone
 * (`time_unit&time_interval=2`); `empty-pairs` adds empty pairs around and between them (`&a=1&&b=2&`,
 * and `&&` for no pairs); `semicolons` joins with `;`, which Starlette and Express read as part of
 * the value, Go drops the pair of, and old CGI parsers split on; `encoded-names` percent-encodes
 * every character of each name (`%74%69…`), which every framework decodes.
 */
export const QUERY_SYNTAXES = ['plain', 'bare-names', 'empty-pairs', 'semicolons', 'encoded-names'] as const;
export type QuerySyntax = (typeof QUERY_SYNTAXES)[number];

export type QueryPairs = ReadonlyArray<readonly [string, string]>;

/**
 * The clients whose headers a request may carry, as each sends them (http/client-profiles.ts):
 * the suite's own is `axios`; `curl` is the simplest, which a shrunk request comes to.
 */
export const CLIENT_PROFILES = ['curl', 'go', 'python-requests', 'undici', 'axios', 'browser-fetch', 'browser-navigation'] as const;
export type ClientProfile = (typeof CLIENT_PROFILES)[number];

/** The time_unit enum of the vendored contract; test/contract.test.ts holds it to the spec. */
export const TIME_UNITS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** The tags a case may carry; `--tag` and STREAMKAP_TAGS select by them. */
export const TAGS = ['smoke', 'defaults', 'time-units', 'time-interval', 'dates', 'validation', 'auth', 'pipelines', 'generated'] as const;
export type Tag = (typeof TAGS)[number];

/** Where a case comes from: a hand-written table row, the coverage phase's derived values, or a random-phase property. */
export const CASE_ORIGINS = ['table', 'coverage', 'property'] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

/** One case of a run. */
export interface Case {
  id: string;
  /** Set by what generates a case; a table row leaves it out. */
  origin?: CaseOrigin;
  title: string;
  tier: Tier;
  tags: readonly Tag[];
  query?: QueryPairs;
  auth?: AuthMode;
  pipeline?: PipelineRef;
  /** With several pipelines: which configured pipeline this copy of the case runs with (the first for a case that runs once). */
  pipelineId?: string;
  /** How the query is written on the wire (`plain` when unset). */
  querySpelling?: QuerySpelling;
  /** How its pairs are put together (`plain` when unset). */
  querySyntax?: QuerySyntax;
  /** Whose headers it carries (the suite's own, `axios`, when unset). */
  profile?: ClientProfile;
  /** An Accept sent instead of the profile's: one that admits no JSON, to which 406 is a fine answer. */
  accept?: string;
  /**
   * The same request sent again after this one, in order, each with its own credential and tier:
   * a cache must not change what a request is answered.
   */
  then?: readonly FollowUp[];
  /** Set on a follow-up's sending alone: how it differs from the case's request (HEAD, or validators sent back). */
  resent?: Resending;
}

/**
 * How a follow-up sends the case's request other than again as it was: as HEAD, or as a GET with
 * the validators of the first answer sent back, matching it or not (`-other`: an ETag altered,
 * `-earlier`: a date a day before Last-Modified).
 */
export type Resending = 'head' | 'if-none-match' | 'if-none-match-other' | 'if-modified-since' | 'if-modified-since-earlier';

/** One more sending of a case's request, with another credential (or the same), and perhaps another method or validators. */
interface FollowUp {
  auth: AuthMode;
  tier: Tier;
  as?: Resending;
}

/**
 * How a planned case is told apart: its table id, and its pipeline when it runs for several. The
 * id never carries the pipeline; this key (and the label reports show) does.
 */
export const caseKey = (c: { id: string; pipelineId?: string }): string => (c.pipelineId === undefined ? c.id : `${c.id}@${c.pipelineId}`);

/** The requests a case sends: its own, then each follow-up's (the random phase's budget counts them all). */
export const sendingsOf = (c: Pick<Case, 'then'>): number => 1 + (c.then?.length ?? 0);

/** A verdict's key: the same as its case's. */
export const verdictKey = (v: Pick<Verdict, 'caseId' | 'pipelineId'>): string => caseKey({ id: v.caseId, pipelineId: v.pipelineId });

/** What every verdict of a case carries of it, whatever builds the verdict: its id, its copy's pipeline, and how it reads. */
export const caseIdentity = (testCase: Case): Pick<Verdict, 'caseId' | 'origin' | 'title' | 'tier' | 'tags' | 'pipelineId'> => ({
  caseId: testCase.id,
  ...(testCase.origin !== undefined && { origin: testCase.origin }),
  title: testCase.title,
  tier: testCase.tier,
  tags: testCase.tags,
  ...(testCase.pipelineId !== undefined && { pipelineId: testCase.pipelineId }),
});

/** A request as it goes on the wire. Secrets are never stored here, only their placeholders. */
export interface WireRequest {
  /** HEAD only for a follow-up that mirrors the case's GET; the suite sends nothing else (it is read-only). */
  method: 'GET' | 'HEAD';
  url: string;
  path: string;
  query: QueryPairs;
  auth: AuthMode;
  /** Whose headers it carries (Accept, Accept-Encoding, User-Agent: http/client-profiles.ts); the suite's own when unset. */
  profile?: ClientProfile;
  /** Headers sent over the profile's: validators sent back (If-None-Match, If-Modified-Since), a case's own Accept. Never a secret. */
  headers?: Readonly<Record<string, string>>;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Why the body's bytes are no readable text (an encoding they do not match, not UTF-8). */
  bodyProblem?: string;
  /** Why the body is not coded as the request's Accept-Encoding allows and its Content-Encoding says (http/body-decoding.ts). */
  codingProblem?: CodingProblem;
}

/** A body coded other than negotiated: a title that names the kind (not offered, applied twice, unlabelled), and the report's words. */
export interface CodingProblem {
  title: string;
  message: string;
}

export interface TransportError {
  kind: 'timeout' | 'network';
  code: string;
  message: string;
}

/** The code of a TransportError whose answer's header section came, but whose body was cut off. */
export const BODY_INCOMPLETE = 'BODY_INCOMPLETE';

export interface HttpExchange {
  request: WireRequest;
  response?: ReceivedResponse;
  error?: TransportError;
  durationMs: number;
  /** The answering attempt's own time. */
  attemptMs?: number;
  /** Attempts beyond the first (429, 502/503/504, resets). */
  retries: number;
}

export interface SchemaError {
  /** JSON path into the body, such as `$.data.recordsLag`. */
  path: string;
  message: string;
}

/** The names of the engine's checks, as findings carry them (Schemathesis style: the property verified). */
export const CHECK_NAMES = [
  'response_received',
  'body_complete',
  'valid_request_accepted',
  'invalid_request_rejected',
  'not_a_server_error',
  'auth_enforced',
  'no_metrics_leaked',
  'unknown_pipeline_not_found',
  'malformed_id_rejected',
  'validation_error_names_parameter',
  'status_is_documented',
  'content_type_is_json',
  'json_labelled_as_json',
  'content_coding_as_negotiated',
  'body_is_json',
  'response_schema_conformance',
  'response_time_within_budget',
  'authenticated_response_not_shared_cacheable',
  'head_mirrors_get',
  'head_refused_like_get',
  'not_modified_only_on_match',
  'precondition_after_authentication',
  'strong_etag_names_one_representation',
  'contract_unchanged',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** One broken property of a response; a case passes when it has none. */
export interface Finding {
  /** The check that found it, such as `response_schema_conformance`. */
  check: CheckName;
  title: string;
  message: string;
  schemaErrors?: SchemaError[];
}

/**
 * What a case came to. `failed` is a contract finding; `errored` means the case could not be
 * judged (the target stayed unavailable past the retries, or the suite itself broke); `skipped`
 * was not sent, with a reason. Only `failed` speaks about the contract.
 */
export const OUTCOMES = ['passed', 'failed', 'errored', 'skipped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Why a case errored: the target was unavailable (not a finding), the suite has a bug, or (the live
 * contract's verdict only) STREAMKAP_DRIFT=fail asked for a comparison and no live document could be had.
 */
type ErrorKind = 'target-unavailable' | 'suite-bug' | 'live-contract-unavailable';

export interface CaseError {
  kind: ErrorKind;
  message: string;
  /** For `target-unavailable`: what the target did, such as "answered 503 after 3 retries". */
  answered?: string;
  /** For `target-unavailable`: the answers came, but each body was cut off before its end. */
  cutOff?: true;
}

/** The advisories a verdict may carry without failing. */
type WarningCode =
  | 'permission-unconfirmed'
  | 'degraded' // answered slower than STREAMKAP_DEGRADED_MS, within STREAMKAP_MAX_RESPONSE_MS
  | 'coding-unrequested' // a content coding to a request that offered none: RFC 9110 allows it, clients such as curl show the coded bytes
  | 'contract-drift'; // the live contract breaks clients of the vendored one, and STREAMKAP_DRIFT=warn

/** Something the on-call reader should know that is not a contract failure. */
export interface Warning {
  code: WarningCode;
  title: string;
  message: string;
}

/** What a generated property's verdict adds: how much it sent, and each failing check shrunk to its smallest request. */
interface GeneratedDetail {
  property: string;
  /** The run's seed: `--seed` with it replays exactly the same requests. */
  seed: number;
  requests: number;
  /** Drawn requests the target left unjudged (unavailable past the retries), discarded from the sample. */
  discarded?: number;
  failures: Array<{
    check: CheckName;
    parameter: string;
    /** Generated requests of the draw that failed this check. */
    hits: number;
    /** The minimal request fast-check shrank the failure to, as curl. */
    minimalCurl: string;
    minimalTitle: string;
  }>;
  /** Every request of the property that failed, grouped by cause, each with the simplest request that hit it. */
  causes?: PropertyCause[];
}

/** The part of a request a refused request's tier varies, which a cause names while it is what triggers it. */
export interface CauseDimension {
  kind: 'credential' | 'pipeline id' | 'request size';
  /** As the title names it: `auth none`, `hostile pipeline id`. */
  label: string;
}

/** One cause a generated property's requests hit: how many, in which tiers, and the simplest of them. */
export interface PropertyCause {
  key: string;
  check: CheckName;
  title: string;
  /** What the server did, whichever check saw it (request-cause.ts). */
  behaviour: string;
  dimension?: CauseDimension;
  /** The title after the check and its label. */
  what: string;
  requests: number;
  tiers: VerdictTier[];
  simplest: { title: string; query: QueryPairs; curl: string; status?: number };
}

export interface Verdict {
  caseId: string;
  /** The configured target the case was sent to, for a rerun command that reruns it there; absent for the embedded server. */
  target?: { baseUrl: string; pipelineId: string };
  /** The case's origin; absent for a table row. */
  origin?: CaseOrigin;
  title: string;
  tier: VerdictTier;
  tags: readonly string[];
  outcome: Outcome;
  /** How the request authenticated, when not with the run's token: a refusal's cause depends on it. */
  auth?: AuthMode;
  /** With several pipelines: the configured pipeline the case read. */
  pipelineId?: string;
  /** How the request named its pipeline when not by the configured id: a cause names the id only when it is what the server reacts to. */
  pipeline?: Exclude<PipelineRef['kind'], 'configured'>;
  skipReason?: string;
  /** Set when the outcome is `errored`. */
  error?: CaseError;
  warnings: Warning[];
  request: Pick<WireRequest, 'method' | 'url' | 'path' | 'query' | 'profile' | 'headers'>;
  /** The request as a curl command, with secrets replaced by environment variables. */
  curl: string;
  status?: number;
  durationMs: number;
  retries: number;
  /** The contract file whose schema judged the body, when one did. */
  validatedBy?: string;
  response?: { status: number; headers: Record<string, string>; body: string; bodyTruncated: boolean };
  findings: Finding[];
  /** Set on the verdict of a generated property (one jest test, many requests). */
  generated?: GeneratedDetail;
}
