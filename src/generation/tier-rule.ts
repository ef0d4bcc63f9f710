import { CREDENTIAL_VARIANT_SPECS, isCredentialVariant } from '../credential-variants';
import type { AuthMode, QueryPairs, Tier, TimeUnit } from '../model';
import { acceptAdmitsJson } from '../http/negotiation';
import { MAY_BE_THE_SAME_ID } from '../pipeline-neighbours';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './calendar';
import type { Exchange } from './exchange';
import type { ParameterSpace } from './parameter-space';
import { judgeValue, type ValueJudgement } from './value-oracle';

/**
 * The expectation of a generated request, from what it sends. One rule for both phases:
 * - without a usable grant: `auth` with a query that must be accepted, for the configured
 *   pipeline; else `refused` (either refusal will do: 401/403, 400/422 or 404), since a server
 *   may validate the query, or look the pipeline up, before it checks the grant;
 * - the run's token respelled as the RFCs allow and every mainstream framework reads it (`bearer`,
 *   `BEARER`) is the token; a spelling they leave open (a tab) or that frameworks read differently
 *   (several spaces: FastAPI 0.92 refuses, 0.142 serves) makes the request `boundary`;
 * - an unknown pipeline: `not-found` with a query that must be accepted, else any 4xx (`hostile-id`),
 *   since a server may validate the query before it looks the pipeline up;
 * - a malformed pipeline id, or one derived from the configured id: `hostile-id`, whatever the
 *   query; the upper-case or fully percent-encoded id may be the same id: `boundary`;
 * - a value every parser refuses and that denotes no valid value (value-oracle.ts): `reject`;
 * - a value the parsers dispute or that spells a valid value another way, an empty value (or a name
 *   without `=`), pairs joined by `;`, an integer beyond modest,
 *   a parameter repeated or unknown to the contract, or a window a server may honestly refuse or find
 *   no metrics for (far in the past or the future, empty or reversed, longer than a few days, or
 *   more points than a server may serve at once): `boundary`;
 * - an Accept of its own that admits no JSON: `boundary` (406, or the JSON labelled as JSON);
 * - everything else: `accept`.
 */

/** time_interval values a server must accept; above, a huge bucket may honestly be refused. */
export const MODEST_INTERVAL = { min: 1n, max: 1000n } as const;

/**
 * Fixed dates from here on count as recent: windows in them must find metrics. Fixed, not relative
 * to today, so that a seed replays the same requests on another day; the case tables use 2025 dates.
 */
export const RECENT_SINCE = Date.UTC(2024, 0, 1);

/** The window's parameters and default, from the endpoint's description (24 hours up to now). */
export const WINDOW = { from: 'timestamp_from', to: 'timestamp_to', defaultMs: DAY_MS } as const;

/**
 * Capacity: what any implementation serves. Windows up to a few days, and up to a day at one-minute
 * buckets; a longer window, or more points, may be refused (a documented 4xx) by a server with limits.
 */
const CAPACITY = { maxWindowMs: 3 * DAY_MS, maxPoints: 1500 } as const;

/** A bucket's length per time_unit; a month as 30 days, enough to count points. */
const UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  minute: MINUTE_MS,
  hour: HOUR_MS,
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30 * DAY_MS,
};
const DEFAULT_UNIT: TimeUnit = 'hour';

type QueryVerdict = 'valid' | 'invalid' | 'disputed';

/** Each parameter the contract names, with the judgement of every value the query gives it. */
function judgeEach(query: QueryPairs, spaces: readonly ParameterSpace[]): Map<string, ValueJudgement[]> {
  const judged = new Map<string, ValueJudgement[]>();
  for (const [name, raw] of query) {
    const space = spaces.find((candidate) => candidate.name === name);
    if (space !== undefined) judged.set(name, [...(judged.get(name) ?? []), judgeValue(space, raw)]);
  }
  return judged;
}

/** The parameters whose every value is invalid. */
const invalidOf = (judged: Map<string, ValueJudgement[]>): string[] =>
  [...judged].filter(([, judgements]) => judgements.every((j) => j.class === 'invalid')).map(([name]) => name);

/**
 * The parameters a server must refuse the query for: every value given them is invalid (a
 * repeated parameter with one valid value may be read by that value, as FastAPI reads the last).
 */
export function invalidParameters(query: QueryPairs, spaces: readonly ParameterSpace[]): string[] {
  return invalidOf(judgeEach(query, spaces));
}

/** Whether every value in the query must be accepted, one must be refused, or the server may choose. */
function judgeQuery(query: QueryPairs, spaces: readonly ParameterSpace[], now: number = Date.now()): QueryVerdict {
  const judged = judgeEach(query, spaces);
  if (invalidOf(judged).length > 0) return 'invalid';
  // A parameter given twice, or one the contract does not name (a cache-buster such as `_=`): a
  // server may read it or refuse it.
  const oddShape = [...judged.values()].some((values) => values.length > 1) || query.some(([name]) => !judged.has(name));
  const judgements = [...judged.values()].flat();
  if (oddShape || judgements.some((j) => j.class !== 'valid')) return 'disputed';
  const beyondModest = judgements.some(
    (j) => j.integer !== undefined && (j.integer < MODEST_INTERVAL.min || j.integer > MODEST_INTERVAL.max),
  );
  const single = (name: string): ValueJudgement | undefined => judged.get(name)?.[0];
  const from = single(WINDOW.from)?.instant ?? now - WINDOW.defaultMs;
  const to = single(WINDOW.to)?.instant ?? now;
  const recent = (instant: number) => instant >= RECENT_SINCE && instant <= now;
  const unit = query.find(([name]) => spaces.some((s) => s.name === name && s.kind === 'enum'))?.[1] as TimeUnit | undefined;
  const interval = Number(judgements.find((j) => j.integer !== undefined)?.integer ?? 1n);
  const points = (to - from) / (UNIT_MS[unit ?? DEFAULT_UNIT] * interval);
  const withinCapacity = to - from <= CAPACITY.maxWindowMs && points <= CAPACITY.maxPoints;
  return beyondModest || !(from < to && recent(from) && recent(to) && withinCapacity) ? 'disputed' : 'valid';
}

/** Whether a request's credential is the run's grant (respelled or not), one the RFCs leave open, or none. */
function grantOf(auth: AuthMode): 'granted' | 'disputed' | 'refused' {
  if (auth === 'token') return 'granted';
  if (!isCredentialVariant(auth)) return 'refused';
  const credentialClass = CREDENTIAL_VARIANT_SPECS[auth].class;
  return credentialClass === 'same' ? 'granted' : credentialClass === 'disputed' ? 'disputed' : 'refused';
}

/** The tier of an exchange's request; its method, profile and follow-ups aside (each follow-up gets its own). */
export function tierOf(request: Exchange, spaces: readonly ParameterSpace[], now: number = Date.now()): Tier {
  // Pairs joined by `;` are one value to Starlette and Express, nothing to Go, several to old CGI parsers.
  const verdict =
    request.querySyntax === 'semicolons' && (request.query ?? []).length > 1 ? 'disputed' : judgeQuery(request.query ?? [], spaces, now);
  const pipeline = request.pipeline ?? { kind: 'configured' };
  const grant = grantOf(request.auth ?? 'token');
  if (grant === 'refused') return verdict === 'valid' && pipeline.kind === 'configured' ? 'auth' : 'refused';
  if (pipeline.kind === 'raw') return 'hostile-id';
  if (pipeline.kind === 'neighbour') return MAY_BE_THE_SAME_ID.has(pipeline.of) ? 'boundary' : 'hostile-id';
  if (pipeline.kind === 'missing') return verdict === 'valid' ? 'not-found' : 'hostile-id';
  if (grant === 'disputed') return 'boundary';
  // An Accept that admits no JSON may be refused with 406, or served the JSON all the same (RFC 9110, 12.5.1).
  const servable = request.accept === undefined || acceptAdmitsJson(request.accept);
  return verdict === 'valid' && servable ? 'accept' : verdict === 'invalid' ? 'reject' : 'boundary';
}
