import { DEFAULT_PROFILE } from '../http/client-profiles';
import type { AuthMode, ClientProfile, PipelineRef, QueryPairs, QuerySpelling, QuerySyntax, Resending } from '../model';

/**
 * One HTTP exchange of the generated tier: what a coverage row lists and what the random phase
 * draws (exchange-arbitrary.ts), in one type. Each part left out is the simplest: a GET with the
 * run's token for the configured pipeline, its query written plainly. A new dimension of the
 * request is a field here, a draw there and a check; the tier comes from the one rule (tier-rule.ts).
 */
export interface Exchange {
  query?: QueryPairs;
  auth?: AuthMode;
  pipeline?: PipelineRef;
  querySpelling?: QuerySpelling;
  querySyntax?: QuerySyntax;
  /** Whose headers it carries; the suite's own (axios) when unset. */
  profile?: ClientProfile;
  /** An Accept sent instead of the profile's; one that admits no JSON makes a request that must be served `boundary` (406 is fine). */
  accept?: string;
  /** The same request sent again after it, in order: with this credential, as HEAD or with validators sent back when `as` says so. */
  then?: readonly FollowUpRequest[];
}

/** A follow-up: the same request again with this credential, as HEAD or with validators sent back when `as` says so. */
export type FollowUpRequest = AuthMode | { auth: AuthMode; as: Resending };

/** How a query reads in a title: values quoted, so white space and empty strings show. */
export const describeQuery = (query: QueryPairs): string =>
  query.length === 0 ? 'no query' : query.map(([name, raw]) => `${name}=${JSON.stringify(raw)}`).join(' & ');

/** Past this, a value reads in a title as its start and its length: a title is read, not replayed (the curl is). */
const SHOWN_VALUE = 64;

const shortened = (query: QueryPairs): QueryPairs =>
  query.map(([name, raw]) => [name, raw.length <= SHOWN_VALUE ? raw : `${raw.slice(0, 16)}… (${raw.length} characters)`] as const);

const RESENT_AS: Readonly<Record<Resending, string>> = {
  head: 'the same as HEAD',
  'if-none-match': 'with its ETag in If-None-Match',
  'if-none-match-other': 'with another ETag in If-None-Match',
  'if-modified-since': 'with its Last-Modified in If-Modified-Since',
  'if-modified-since-earlier': 'with a day before its Last-Modified in If-Modified-Since',
};

function describePipeline(pipeline: PipelineRef | undefined): string | undefined {
  switch (pipeline?.kind) {
    case undefined:
    case 'configured':
      return undefined;
    case 'missing':
      return 'an unknown pipeline';
    case 'raw':
      return `pipeline id ${pipeline.segment.length <= SHOWN_VALUE ? pipeline.segment : `${pipeline.segment.slice(0, 16)}… (${pipeline.segment.length} characters)`}`;
    case 'neighbour':
      return `the configured pipeline id, ${pipeline.of.replace(/-/g, ' ')}`;
  }
}

function describeFollowUp(step: FollowUpRequest, auth: AuthMode): string {
  const { auth: stepAuth, as } = typeof step === 'string' ? { auth: step, as: undefined } : step;
  const who = stepAuth === auth ? '' : ` with auth ${stepAuth}`;
  return `then${who}${as === undefined ? (who === '' ? ' the same again' : '') : ` ${RESENT_AS[as]}`}`;
}

/**
 * An exchange in words, every part that is not the simplest named: the credential, the pipeline,
 * the query, how it is put together and spelled, the client whose headers it carries (curl is the
 * simplest), and what is sent after it.
 */
export function describeExchange(exchange: Exchange): string {
  const auth = exchange.auth ?? 'token';
  const profile = exchange.profile ?? DEFAULT_PROFILE;
  return [
    auth === 'token' ? undefined : `auth ${auth}`,
    describePipeline(exchange.pipeline),
    `${describeQuery(shortened(exchange.query ?? []))}${exchange.querySyntax === undefined || exchange.querySyntax === 'plain' ? '' : ` (${exchange.querySyntax})`}`,
    exchange.querySpelling === undefined || exchange.querySpelling === 'plain' ? undefined : `written ${exchange.querySpelling}`,
    profile === 'curl' ? undefined : `as ${profile} sends it`,
    ...(exchange.then ?? []).map((step) => describeFollowUp(step, auth)),
  ]
    .filter((part): part is string => part !== undefined)
    .join(', ');
}
