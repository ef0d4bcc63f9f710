import fc from 'fast-check';
import { isCredentialVariant } from '../credential-variants';
import {
  type AuthMode,
  CLIENT_PROFILES,
  type PipelineRef,
  QUERY_SPELLINGS,
  QUERY_SYNTAXES,
  type QueryPairs,
  type QuerySpelling,
  type QuerySyntax,
  type Resending,
} from '../model';
import type { Exchange } from './exchange';

/**
 * The random phase's request arbitrary: every part of an exchange drawn together, shrunk together
 * and described together (exchange.ts). Each part shrinks towards the simplest exchange: a plain
 * GET (nothing sent after it), curl's headers, no validators, the run's token, the configured id,
 * its query written and put together plainly, no long values. Which query, credentials, ids and
 * follow-ups a property draws is its domain; the tier of what is drawn is the one rule's.
 */

/**
 * The parts of an exchange beside its query values, each of which a run may hold at what the suite
 * sent before it drew them: a GET alone, no validators, its own headers, the query put together and
 * written plainly, no long value, the credentials as they are (no respelled or altered token), and
 * no id derived from the configured one.
 */
export const DRAWN_PARTS = ['method', 'validators', 'profile', 'syntax', 'spelling', 'size', 'credential', 'pipeline-id'] as const;
export type DrawnPart = (typeof DRAWN_PARTS)[number];

/** What a property draws an exchange from. */
export interface ExchangeDomain {
  query: fc.Arbitrary<QueryPairs>;
  /** The credentials it sends, the simplest first (what a shrunk exchange comes to), and at least one that is no respelled token. */
  auth: readonly [AuthMode, ...AuthMode[]];
  /** The pipeline it names; the configured one when absent. */
  pipeline?: fc.Arbitrary<PipelineRef>;
  /** What may be sent after the request, with the same credential: HEAD, or the first answer's validators sent back. */
  resendings: readonly Resending[];
  /**
   * Where the validators sent back come from when the credential is not the run's token: a GET
   * with the token first, then the request with the credential, then with it and the validators
   * (so a 304 there is a precondition evaluated before authentication). Without it, the
   * request's own answer.
   */
  validatorsFromTheToken?: boolean;
  /** Whether a long value (an unknown parameter thousands of characters long) may come with the query. */
  long?: boolean;
}

/** A 422 echoing it is over 2 KB; percent-encoded every character (three octets each), it is still under the 16 KB many servers take in a request head. */
const LONG_VALUE = { min: 2_000, max: 4_000 } as const;
/** The name a long value is sent under: a cache-buster's, one the contract does not name. */
const LONG_NAME = '_';

/**
 * `simplest` most of the time (`weight` to 1 against the rest together), and what it shrinks to:
 * fast-check's cross-shrinking tries the first arbitrary's value whichever one drew.
 */
function mostly<T>(simplest: T, rest: readonly T[], weight = 2): fc.Arbitrary<T> {
  if (rest.length === 0) return fc.constant(simplest);
  return fc.oneof(
    { withCrossShrink: true },
    { weight, arbitrary: fc.constant(simplest) },
    { weight: 1, arbitrary: fc.constantFrom(...rest) },
  );
}

const longValue = (length: number): string => '0123456789'.repeat(Math.ceil(length / 10)).slice(0, length);

/**
 * Exchanges of a property's domain. A part in `held` is not drawn: it stays what the suite sent
 * before it drew it (DRAWN_PARTS), so a run can show what drawing that part finds.
 */
export function exchangeArbitrary(domain: ExchangeDomain, held: ReadonlySet<DrawnPart> = new Set()): fc.Arbitrary<Exchange> {
  const resendings = domain.resendings.filter((as) => !held.has(as === 'head' ? 'method' : 'validators'));
  const drawn = (part: DrawnPart) => !held.has(part);
  const { pipeline } = domain;
  // The parts cheapest to shrink come first: each tries its simplest value in one request.
  return fc
    .record({
      resend: mostly<Resending | undefined>(undefined, resendings),
      profile: drawn('profile') ? fc.constantFrom(...CLIENT_PROFILES) : fc.constant(undefined),
      querySyntax: mostly<QuerySyntax>('plain', drawn('syntax') ? QUERY_SYNTAXES.filter((syntax) => syntax !== 'plain') : []),
      querySpelling: mostly<QuerySpelling>('plain', drawn('spelling') ? QUERY_SPELLINGS.filter((spelling) => spelling !== 'plain') : []),
      long:
        domain.long === true && drawn('size')
          ? fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(undefined) }, fc.integer(LONG_VALUE))
          : fc.constant(undefined),
      auth: fc.constantFrom(...(drawn('credential') ? domain.auth : domain.auth.filter((auth) => !isCredentialVariant(auth)))),
      pipeline:
        pipeline === undefined ? fc.constant(undefined) : drawn('pipeline-id') ? pipeline : pipeline.filter((p) => p.kind !== 'neighbour'),
      query: domain.query,
    })
    .map(({ resend, profile, querySyntax, querySpelling, long, auth, pipeline, query }): Exchange => {
      const fromTheToken = resend !== undefined && resend !== 'head' && auth !== 'token' && domain.validatorsFromTheToken === true;
      const first = fromTheToken ? 'token' : auth;
      const then: Exchange['then'] =
        resend === undefined ? undefined : fromTheToken ? [auth, { auth, as: resend }] : [{ auth, as: resend }];
      return {
        query: long === undefined ? query : [...query, [LONG_NAME, longValue(long)]],
        ...(first !== 'token' && { auth: first }),
        ...(pipeline !== undefined && { pipeline }),
        ...(profile !== undefined && { profile }),
        ...(querySyntax !== 'plain' && { querySyntax }),
        ...(querySpelling !== 'plain' && { querySpelling }),
        ...(then !== undefined && { then }),
      };
    });
}
