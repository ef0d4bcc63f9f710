import fc from 'fast-check';
import type { Contract } from '../contract';
import { CREDENTIAL_VARIANT_SPECS } from '../credential-variants';
import { type AuthMode, type Case, CREDENTIAL_VARIANTS, PIPELINE_NEIGHBOURS, type PipelineRef, type QueryPairs, type Tag } from '../model';
import { MAY_BE_THE_SAME_ID } from '../pipeline-neighbours';
import {
  beyondModestInterval,
  brokenDateTime,
  disputedDateTime,
  disputedInterval,
  enumMember,
  farDateTime,
  formatInstant,
  malformedDateTime,
  modestInterval,
  nonInteger,
  nonMember,
  recentDateTime,
} from './arbitraries';
import { HOSTILE_SEGMENTS, REFUSED_AUTH_MODES } from './coverage-phase';
import { describeExchange } from './exchange';
import { type DrawnPart, type ExchangeDomain, exchangeArbitrary } from './exchange-arbitrary';
import { generatedCase } from './generated-case';
import { judgeDateTime } from './date-time-oracle';
import { type ParameterSpace, parameterSpaces, spacesOfKind } from './parameter-space';
import { WINDOW } from './tier-rule';

/**
 * The random phase's properties, one per rule of the generated tier. Each draws whole exchanges
 * (exchange-arbitrary.ts: the method, the client's headers, validators sent back, the credential,
 * the query, its syntax, spelling and size, the pipeline id) from its own domain, as plain `Case`s
 * whose tier comes from the one rule (tier-rule.ts), so the engine judges a generated request with
 * the same named checks as a table row.
 */
export const PROPERTY_NAMES = [
  'valid-requests-accepted',
  'invalid-values-rejected',
  'disputed-values-answered',
  'window-relations',
  'unit-and-interval',
  'refusal-ignores-query',
  'unknown-pipeline-ignores-query',
  'hostile-id-ignores-query',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

export interface GeneratedProperty {
  name: PropertyName;
  /** The claim, in words, as reports and jest titles show it. */
  rule: string;
  arbitrary: fc.Arbitrary<Case>;
}

/** Values of one parameter: `undefined` leaves it out of the query. */
type Draft = Partial<Record<string, string>>;

interface Names {
  unit: ParameterSpace;
  interval: ParameterSpace;
}

function namesOf(spaces: readonly ParameterSpace[]): Names {
  const [unit] = spacesOfKind(spaces, 'enum');
  const [interval] = spacesOfKind(spaces, 'integer');
  const dateTimes = spacesOfKind(spaces, 'date-time').map((space) => space.name);
  if (unit === undefined || interval === undefined || !dateTimes.includes(WINDOW.from) || !dateTimes.includes(WINDOW.to)) {
    throw new Error('the contract no longer has the time_unit, time_interval and window parameters the properties draw from');
  }
  return { unit, interval };
}

/** A query in the contract's parameter order, leaving out what the draft leaves out. */
const toQuery = (draft: Draft, spaces: readonly ParameterSpace[]): QueryPairs =>
  spaces.flatMap((space) => {
    const raw = draft[space.name];
    return raw === undefined ? [] : [[space.name, raw] as const];
  });

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** A day: at one-minute buckets, as many points as CAPACITY allows; longer windows are window-relations' to draw. */
const MAX_WINDOW_MINUTES = 24 * 60;

/**
 * A recent window in order: no timestamps (what it shrinks to), or both, from a minute to a day
 * long. Not the start alone: its window reaches up to now, longer than a server must serve (a
 * fixed recent start keeps a seed's requests the same from day to day); window-relations sends it.
 */
function recentWindow(): fc.Arbitrary<Draft> {
  const window = fc
    .tuple(recentDateTime, fc.integer({ min: 1, max: MAX_WINDOW_MINUTES }), fc.integer({ min: -23 * 60, max: 23 * 60 }))
    .map(([from, minutes, offset]) => ({
      [WINDOW.from]: from,
      [WINDOW.to]: formatInstant((judgeDateTime(from).instant ?? 0) + minutes * 60_000, offset),
    }));
  return optional(window).map((draft) => draft ?? {});
}

/** A query every parser accepts, with any subset of the optional parameters. */
function validDraft(names: Names): fc.Arbitrary<Draft> {
  return fc
    .record({ unit: optional(enumMember(names.unit)), interval: optional(modestInterval), window: recentWindow() })
    .map(({ unit, interval, window }) => ({ [names.unit.name]: unit, [names.interval.name]: interval, ...window }));
}

/** One parameter replaced by `value` on top of a valid query. */
const overriding = (base: fc.Arbitrary<Draft>, value: fc.Arbitrary<[string, string]>): fc.Arbitrary<Draft> =>
  fc.tuple(base, value).map(([draft, [name, raw]]) => ({ ...draft, [name]: raw }));

const forParameter = (name: string, values: fc.Arbitrary<string>): fc.Arbitrary<[string, string]> =>
  values.map((raw): [string, string] => [name, raw]);

function invalidValue(names: Names): fc.Arbitrary<[string, string]> {
  const dateTime = fc.oneof(brokenDateTime, malformedDateTime);
  return fc.oneof(
    forParameter(names.unit.name, nonMember(names.unit)),
    forParameter(names.interval.name, nonInteger),
    forParameter(WINDOW.from, dateTime),
    forParameter(WINDOW.to, dateTime),
  );
}

function disputedValue(names: Names): fc.Arbitrary<[string, string]> {
  return fc.oneof(
    forParameter(names.interval.name, fc.oneof(disputedInterval, beyondModestInterval)),
    forParameter(WINDOW.from, fc.oneof(disputedDateTime, farDateTime)),
    forParameter(WINDOW.to, fc.oneof(disputedDateTime, farDateTime)),
  );
}

/** Any query: valid, with one invalid value, or with one disputed value; it shrinks to a valid one when that still fails. */
const anyDraft = (names: Names): fc.Arbitrary<Draft> =>
  fc.oneof(
    { withCrossShrink: true },
    validDraft(names),
    overriding(validDraft(names), invalidValue(names)),
    overriding(validDraft(names), disputedValue(names)),
  );

const HOUR_MS = 3_600_000;

/** Start and end in every relation: before, equal, after; short and long; recent or far; one side alone. */
function windowDraft(): fc.Arbitrary<Draft> {
  return fc
    .record({
      anchor: fc.oneof({ weight: 3, arbitrary: recentDateTime }, farDateTime),
      relation: fc.constantFrom('before', 'equal', 'after', 'start-alone', 'end-alone'),
      lengthMs: fc.oneof(
        fc.integer({ min: 1, max: 24 * 60 }).map((m) => m * 60_000),
        fc.integer({ min: 1, max: 400 * 24 }).map((h) => h * HOUR_MS),
      ),
      offset: fc.constantFrom(0, 330, -480, 825),
    })
    .map(({ anchor, relation, lengthMs, offset }) => {
      const start = judgeDateTime(anchor).instant ?? 0;
      const other = formatInstant(relation === 'equal' ? start : relation === 'after' ? start - lengthMs : start + lengthMs, offset);
      if (relation === 'start-alone') return { [WINDOW.from]: anchor };
      if (relation === 'end-alone') return { [WINDOW.to]: anchor };
      return { [WINDOW.from]: anchor, [WINDOW.to]: other };
    });
}

function unitIntervalDraft(names: Names): fc.Arbitrary<Draft> {
  return fc
    .record({
      unit: enumMember(names.unit),
      interval: fc.oneof(fc.integer({ min: 1, max: 10 }).map(String), modestInterval, beyondModestInterval),
      window: recentWindow(),
    })
    .map(({ unit, interval, window }) => ({ [names.unit.name]: unit, [names.interval.name]: interval, ...window }));
}

const HOSTILE_PIECES = ["'", '%2F', '%00', '%20', '%C3%A9', '%22', ';', '%3C', '%25'];

/** Path segments no pipeline can have: always one hostile piece among plain characters. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_SEGMENTS),
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...'abcdef0123456789'), maxLength: 12 }),
      fc.constantFrom(...HOSTILE_PIECES),
      fc.string({ unit: fc.constantFrom(...'abcdef0123456789'), maxLength: 12 }),
    )
    .map(([before, piece, after]) => `${before}${piece}${after}`),
);

/** Credentials by what the one rule makes of them: the run's grant, spelled otherwise as every framework reads it, or respelled where frameworks differ. */
const variantsOf = (credentialClass: 'same' | 'disputed' | 'other'): AuthMode[] =>
  CREDENTIAL_VARIANTS.filter((variant) => CREDENTIAL_VARIANT_SPECS[variant].class === credentialClass);
const GRANTED: ExchangeDomain['auth'] = ['token', ...variantsOf('same')];
const GRANTED_OR_DISPUTED: ExchangeDomain['auth'] = [...GRANTED, ...variantsOf('disputed')];
const [firstRefused = 'none', ...otherRefused] = REFUSED_AUTH_MODES;
const REFUSED: ExchangeDomain['auth'] = [firstRefused, ...otherRefused, ...variantsOf('other')];

/** HEAD after the GET, and each way of sending its validators back: what a granted, valid request's answer lets a client send next (and, after it, a refused one). */
const EVERY_RESENDING = ['head', 'if-none-match', 'if-none-match-other', 'if-modified-since', 'if-modified-since-earlier'] as const;
/** HEAD alone: an answer that is not a 200 may carry no validators to send back. */
const HEAD_ONLY = ['head'] as const;

/** Ids no pipeline can have: hostile segments, and the configured id's neighbours that are another id. */
const malformedId: fc.Arbitrary<PipelineRef> = fc.oneof(
  hostileSegment.map((segment): PipelineRef => ({ kind: 'raw', segment })),
  fc.constantFrom(...PIPELINE_NEIGHBOURS.filter((of) => !MAY_BE_THE_SAME_ID.has(of))).map((of): PipelineRef => ({ kind: 'neighbour', of })),
);

/** A property's domain: its query drafts, and every other part of the exchange. */
type Domain = Omit<ExchangeDomain, 'query'> & { drafts: fc.Arbitrary<Draft> };

function property(
  name: PropertyName,
  rule: string,
  domain: Domain,
  tags: Tag[],
  context: { spaces: readonly ParameterSpace[]; held: ReadonlySet<DrawnPart> },
): GeneratedProperty {
  const { drafts, ...parts } = domain;
  const exchanges = exchangeArbitrary({ ...parts, query: drafts.map((draft) => toQuery(draft, context.spaces)) }, context.held);
  const arbitrary = exchanges.map((exchange): Case =>
    generatedCase(`generated.${name}`, describeExchange(exchange), exchange, context.spaces, tags, 'property'),
  );
  return { name, rule, arbitrary };
}

/**
 * The generated tier's properties, as arbitraries of exchanges over the contract's parameters. The
 * parts in `held` are not drawn (each stays what the suite sent before it drew it): a test shows
 * with it what drawing them finds.
 */
export function generatedProperties(contract: Contract, held: ReadonlySet<DrawnPart> = new Set()): GeneratedProperty[] {
  const spaces = parameterSpaces(contract);
  const names = namesOf(spaces);
  const context = { spaces, held };
  return [
    property(
      'valid-requests-accepted',
      'a request every parser accepts, in a recent window, gets 200 with a valid body, whatever optional parameters it adds',
      { drafts: validDraft(names), auth: GRANTED, resendings: EVERY_RESENDING },
      [],
      context,
    ),
    property(
      'invalid-values-rejected',
      'a value every parser refuses gets a 4xx about the request, whatever valid parameters come with it',
      { drafts: overriding(validDraft(names), invalidValue(names)), auth: GRANTED, resendings: HEAD_ONLY, long: true },
      ['validation'],
      context,
    ),
    property(
      'disputed-values-answered',
      'a value the parsers dispute, an integer beyond modest or a window far away gets a documented status, never a 5xx',
      { drafts: overriding(validDraft(names), disputedValue(names)), auth: GRANTED_OR_DISPUTED, resendings: HEAD_ONLY, long: true },
      [],
      context,
    ),
    property(
      'window-relations',
      'a window with its start before, equal to or after its end, short or long, recent or far, or one side alone: accepted when in order and recent, never a 5xx',
      { drafts: windowDraft(), auth: GRANTED, resendings: HEAD_ONLY },
      ['dates'],
      context,
    ),
    property(
      'unit-and-interval',
      'each time_unit with a small, modest or large time_interval: accepted when modest, never a 5xx',
      { drafts: unitIntervalDraft(names), auth: GRANTED, resendings: HEAD_ONLY },
      ['time-units', 'time-interval'],
      context,
    ),
    property(
      'refusal-ignores-query',
      'a request without a usable grant gets 401 or 403 with no metrics, or with a query that is not valid either refusal (400, 422), never metrics',
      { drafts: anyDraft(names), auth: REFUSED, resendings: EVERY_RESENDING, validatorsFromTheToken: true, long: true },
      [],
      context,
    ),
    property(
      'unknown-pipeline-ignores-query',
      'an unknown pipeline gets 404 with a valid query, and a 4xx with any other',
      {
        drafts: anyDraft(names),
        auth: GRANTED,
        pipeline: fc.constant<PipelineRef>({ kind: 'missing' }),
        resendings: HEAD_ONLY,
        long: true,
      },
      [],
      context,
    ),
    property(
      'hostile-id-ignores-query',
      'a malformed pipeline id gets a 4xx, never 2xx or 5xx, whatever its query',
      { drafts: anyDraft(names), auth: GRANTED, pipeline: malformedId, resendings: HEAD_ONLY, long: true },
      [],
      context,
    ),
  ];
}
