import type { AuthMode, PipelineRef, QueryPairs, Tier } from '../model';
import { DAY_MS } from './calendar';
import type { ParameterSpace } from './parameter-space';
import { judgeValue, type ValueJudgement } from './value-oracle';

/**
 * The expectation of a generated request, from what it sends. One rule for both phases:
 * - without a usable grant: `auth`, whatever the query;
 * - an unknown pipeline: `not-found` with a query that must be accepted, else any 4xx (`hostile-id`),
 *   since a server may validate the query before it looks the pipeline up;
 * - a malformed pipeline id: `hostile-id`, whatever the query;
 * - a value every parser refuses: `reject`;
 * - a value the parsers dispute, an integer beyond modest, or a window a server may honestly find
 *   no metrics for (far in the past or the future, empty or reversed): `boundary`;
 * - everything else: `accept`.
 */

/** time_interval values a server must accept; above, a huge bucket may honestly be refused. */
export const MODEST_INTERVAL = { min: 1n, max: 1000n } as const;

/**
 * Fixed dates from here on count as recent: windows in them must find metrics. Fixed, not relative
 * to today, so that a seed replays the same requests on another day; the case tables use 2025 dates.
 */
const RECENT_SINCE = Date.UTC(2024, 0, 1);

/** The window's parameters and default, from the endpoint's description (24 hours up to now). */
export const WINDOW = { from: 'timestamp_from', to: 'timestamp_to', defaultMs: DAY_MS } as const;

export interface RequestShape {
  query?: QueryPairs;
  auth?: AuthMode;
  pipeline?: PipelineRef;
}

type QueryVerdict = 'valid' | 'invalid' | 'doubtful';

/** Whether every value in the query must be accepted, one must be refused, or the server may choose. */
function judgeQuery(query: QueryPairs, spaces: readonly ParameterSpace[], now: number = Date.now()): QueryVerdict {
  const judged = new Map<string, ValueJudgement>();
  for (const [name, raw] of query) {
    const space = spaces.find((candidate) => candidate.name === name);
    // A parameter the contract does not name is ignored by FastAPI: it decides nothing.
    if (space !== undefined) judged.set(name, judgeValue(space, raw));
  }
  const judgements = [...judged.values()];
  if (judgements.some((j) => j.class === 'invalid')) return 'invalid';
  if (judgements.some((j) => j.class === 'disputed')) return 'doubtful';
  const beyondModest = judgements.some(
    (j) => j.integer !== undefined && (j.integer < MODEST_INTERVAL.min || j.integer > MODEST_INTERVAL.max),
  );
  const from = judged.get(WINDOW.from)?.instant ?? now - WINDOW.defaultMs;
  const to = judged.get(WINDOW.to)?.instant ?? now;
  const recent = (instant: number) => instant >= RECENT_SINCE && instant <= now;
  return beyondModest || !(from < to && recent(from) && recent(to)) ? 'doubtful' : 'valid';
}

export function tierOf(request: RequestShape, spaces: readonly ParameterSpace[], now: number = Date.now()): Tier {
  if ((request.auth ?? 'token') !== 'token') return 'auth';
  const verdict = judgeQuery(request.query ?? [], spaces, now);
  const pipeline = request.pipeline ?? { kind: 'configured' };
  if (pipeline.kind === 'raw') return 'hostile-id';
  if (pipeline.kind === 'missing') return verdict === 'valid' ? 'not-found' : 'hostile-id';
  return verdict === 'valid' ? 'accept' : verdict === 'invalid' ? 'reject' : 'boundary';
}
