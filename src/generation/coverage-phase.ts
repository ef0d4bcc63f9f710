import type { Contract } from '../contract';
import type { AuthMode, Case, CaseOrigin, PipelineRef, QueryPairs, Tag } from '../model';
import { derivedValues, EXAMPLE, formatDateTime } from './derived-values';
import { type ParameterKind, type ParameterSpace, parameterSpaces, spacesOfKind } from './parameter-space';
import { RECENT_SINCE, WINDOW } from './tier-rule';
import { describeQuery } from './exchange';
import { generatedCase } from './generated-case';
import { profilesInTurn } from './profiles-in-turn';
import { requestDimensionCases } from './request-dimensions';
import { judgeValue } from './value-oracle';

/**
 * The coverage phase: a fixed list that sends every derived boundary value once, then each
 * relation between parameters, then each refusal together with a query. Deterministic, so it is
 * the same list on every run and `--list` can show it.
 */

/** Every coverage-phase case id starts so (with several pipelines, an `@pipeline` follows the rest). */
const COVERAGE_ID_PREFIX = 'generated.coverage.';

/** The coverage phase's verdicts that were sent: what generation exercised outside the random phase. */
export const sentCoverageVerdicts = <T extends { origin?: CaseOrigin; outcome: string }>(verdicts: readonly T[]): T[] =>
  verdicts.filter((v) => v.origin === 'coverage' && v.outcome !== 'skipped');

const KIND_TAG: Record<ParameterKind, Tag> = { enum: 'time-units', integer: 'time-interval', 'date-time': 'dates' };

const isoZ = (instant: number): string => new Date(instant).toISOString().replace('.000Z', 'Z');

/**
 * A valid end of the window is sent with its start a day before, so the window stays in order; a
 * valid recent start with its end a day after, so the window does not reach up to now (what a
 * server must serve is a window of a few days, see CAPACITY).
 */
function singleValueQuery(space: ParameterSpace, raw: string): QueryPairs {
  const judgement = judgeValue(space, raw);
  if (space.name === WINDOW.to && judgement.instant !== undefined) {
    return [
      [WINDOW.from, isoZ(judgement.instant - WINDOW.defaultMs)],
      [WINDOW.to, raw],
    ];
  }
  if (
    space.name === WINDOW.from &&
    judgement.instant !== undefined &&
    judgement.instant >= RECENT_SINCE &&
    judgement.instant <= Date.now()
  ) {
    return [
      [WINDOW.from, raw],
      [WINDOW.to, isoZ(judgement.instant + WINDOW.defaultMs)],
    ];
  }
  return [[space.name, raw]];
}

function valueCases(spaces: readonly ParameterSpace[]): Case[] {
  return spaces.flatMap((space) =>
    derivedValues(space).map((derived) => {
      const query = singleValueQuery(space, derived.raw);
      return generatedCase(`${COVERAGE_ID_PREFIX}${space.name}.${derived.slug}`, describeQuery(query), { query }, spaces, [
        KIND_TAG[space.kind],
      ]);
    }),
  );
}

const SMALL_AND_LARGE_INTERVALS = ['1', '1000', '1001'];

function unitIntervalCases(spaces: readonly ParameterSpace[]): Case[] {
  const [unit] = spacesOfKind(spaces, 'enum');
  const [interval] = spacesOfKind(spaces, 'integer');
  if (unit === undefined || interval === undefined) return [];
  return unit.members.flatMap((member) =>
    SMALL_AND_LARGE_INTERVALS.map((n) => {
      const query: QueryPairs = [
        [unit.name, member],
        [interval.name, n],
      ];
      return generatedCase(`${COVERAGE_ID_PREFIX}unit-interval.${member}-${n}`, describeQuery(query), { query }, spaces, [
        'time-units',
        'time-interval',
      ]);
    }),
  );
}

const HOUR = 3_600_000;
const anchor = Date.parse(formatDateTime(EXAMPLE));

/** The window's relations: start before, equal to and after its end; short and long; far away; one side alone. */
function windowCases(spaces: readonly ParameterSpace[]): Case[] {
  const window = (from: string, to: string): QueryPairs => [
    [WINDOW.from, from],
    [WINDOW.to, to],
  ];
  const endingAtAnchor = (hours: number) => window(isoZ(anchor - hours * HOUR), isoZ(anchor));
  const relations: Array<[string, QueryPairs]> = [
    ['one-minute', window(isoZ(anchor - 60_000), isoZ(anchor))],
    ['one-hour', endingAtAnchor(1)],
    ['just-under-a-day', window(isoZ(anchor - 24 * HOUR + 1000), isoZ(anchor))],
    ['a-day', endingAtAnchor(24)],
    ['just-over-a-day', window(isoZ(anchor - 24 * HOUR - 1000), isoZ(anchor))],
    ['a-week', endingAtAnchor(24 * 7)],
    ['ninety-days', endingAtAnchor(24 * 90)],
    ['start-equals-end', window(isoZ(anchor), isoZ(anchor))],
    ['reversed-by-a-second', window(isoZ(anchor + 1000), isoZ(anchor))],
    ['reversed-by-a-day', window(isoZ(anchor + 24 * HOUR), isoZ(anchor))],
    ['same-instant-two-offsets', window('2025-03-02T12:40:15+05:30', '2025-03-02T07:10:15Z')],
    ['far-past-1970', window('1970-01-01T00:00:00Z', '1970-01-02T00:00:00Z')],
    ['far-past-2000-leap-day', window('2000-02-28T00:00:00Z', '2000-03-01T00:00:00Z')],
    ['far-future-2100', window('2100-01-01T00:00:00Z', '2100-01-02T00:00:00Z')],
    ['start-alone', [[WINDOW.from, isoZ(anchor)]]],
    ['end-alone', [[WINDOW.to, isoZ(anchor)]]],
    ['start-alone-far-future', [[WINDOW.from, '2100-01-01T00:00:00Z']]],
    ['end-alone-far-past', [[WINDOW.to, '1970-01-01T00:00:00Z']]],
  ];
  return relations.map(([slug, query]) =>
    generatedCase(`${COVERAGE_ID_PREFIX}window.${slug}`, describeQuery(query), { query }, spaces, ['dates']),
  );
}

export const REFUSED_AUTH_MODES: readonly AuthMode[] = ['none', 'garbage-token', 'wrong-scheme', 'limited-token'];

/** Pipeline ids that cannot exist: each breaks the path differently. */
export const HOSTILE_SEGMENTS: readonly string[] = ["abc'def", 'abc%2Fdef', '%C3%A9t%C3%A9', 'x'.repeat(320), 'abc%20def', '%3Cscript%3E'];

/** Queries a refusal must not depend on: one valid in full, one invalid, one disputed. */
function refusalQueries(spaces: readonly ParameterSpace[]): Array<[string, QueryPairs]> {
  const [unit] = spacesOfKind(spaces, 'enum');
  const [interval] = spacesOfKind(spaces, 'integer');
  const unitName = unit?.name ?? 'time_unit';
  const intervalName = interval?.name ?? 'time_interval';
  return [
    [
      'valid-query',
      [
        [intervalName, '2'],
        [unitName, unit?.members[0] ?? 'minute'],
        [WINDOW.from, '2025-03-02T07:10:15Z'],
        [WINDOW.to, '2025-03-04T07:10:15Z'],
      ],
    ],
    ['invalid-query', [[unitName, 'fortnight']]],
    ['disputed-query', [[WINDOW.from, '2025-03-02']]],
  ];
}

function refusalCases(spaces: readonly ParameterSpace[]): Case[] {
  const queries = refusalQueries(spaces);
  const withQueries = (prefix: string, shape: { auth?: AuthMode; pipeline?: PipelineRef }, what: string): Case[] =>
    queries.map(([slug, query]) =>
      generatedCase(`${COVERAGE_ID_PREFIX}${prefix}.${slug}`, `${what}, with ${describeQuery(query)}`, { ...shape, query }, spaces),
    );
  return [
    ...REFUSED_AUTH_MODES.flatMap((auth) => withQueries(`auth.${auth}`, { auth }, `auth ${auth}`)),
    ...withQueries('pipeline.missing', { pipeline: { kind: 'missing' } }, 'an unknown pipeline'),
    ...HOSTILE_SEGMENTS.slice(0, 4).flatMap((segment, index) =>
      withQueries(`pipeline.hostile-${index + 1}`, { pipeline: { kind: 'raw', segment } }, `the pipeline id ${segment.slice(0, 24)}`).slice(
        0,
        2,
      ),
    ),
  ];
}

/** Every case of the coverage phase, in a stable order: the values, their relations, refusals, then the rest of the request. */
export function coverageCases(contract: Contract): Case[] {
  const known = derived.get(contract) ?? deriveCoverageCases(contract);
  derived.set(contract, known);
  return [...known];
}

/** The rows derived from each contract so far: a pure function of it, and judging each row's tier is most of a plan's cost. */
const derived = new WeakMap<Contract, readonly Case[]>();

function deriveCoverageCases(contract: Contract): readonly Case[] {
  const spaces = parameterSpaces(contract);
  return profilesInTurn([
    ...valueCases(spaces),
    ...unitIntervalCases(spaces),
    ...windowCases(spaces),
    ...refusalCases(spaces),
    ...requestDimensionCases(spaces),
  ]);
}
