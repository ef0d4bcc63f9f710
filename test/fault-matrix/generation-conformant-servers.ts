import { pydanticV1DateTime, pythonInt } from '../../src/generation/pydantic-v1';
import { pydanticV2Integer } from '../../src/generation/pydantic-v2';
import { jsonAnswer } from '../../src/reference-server/behaviour';
import { type ParameterParser, strictParsers, timestampsParsedBy } from '../../src/reference-server/query-validation';
import { onStatus } from './answer-rewrites';
import type { ConformantServer, Evidence } from './server-variant';

/**
 * Servers that use freedoms only generated requests reach: other parsers a FastAPI server may sit
 * on, and refusals of what the tier rule leaves open. Each changes one behaviour hook; the
 * generated tier must stay green against every one, whatever the seed.
 */

const answeredWith = (caseId: string, status: number): Evidence => ({
  caseId: `generated.coverage.${caseId}`,
  shows: `status ${status}`,
  holds: (v) => v.status === status,
});

/** A parameter parser from a reading that returns undefined for what it refuses. */
export const fromParsed =
  <T>(read: (raw: string) => T | undefined, type: string): ParameterParser<T> =>
  (raw) => {
    const value = read(raw);
    return value === undefined ? { ok: false, type, msg: 'Input should be valid' } : { ok: true, value };
  };

const pydanticV1Timestamps = timestampsParsedBy(
  fromParsed((raw) => {
    const instant = pydanticV1DateTime(raw);
    return instant === undefined ? undefined : new Date(instant);
  }, 'value_error.datetime'),
);

const queryInstant = (query: URLSearchParams, name: string): number | undefined => {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const parsed = strictParsers.timestamp_from(raw);
  return parsed.ok ? parsed.value.getTime() : undefined;
};

const YEAR_2020 = Date.UTC(2020, 0, 1);

export const generationConformantServers: readonly ConformantServer[] = [
  {
    name: 'pydantic v1 date-times',
    description: 'timestamps parsed as pydantic v1 does: one-digit fields, no seconds, epoch numbers in any float form, a final newline',
    options: { behaviour: { parsers: pydanticV1Timestamps } },
    evidence: [answeredWith('timestamp_from.one-digit-month-and-day', 200), answeredWith('timestamp_from.unix-exponent', 200)],
  },
  {
    name: "Python's int() for time_interval",
    description: 'time_interval read by int(): white space, a plus sign, underscores and full-width digits accepted',
    options: { behaviour: { parsers: { ...strictParsers, time_interval: fromParsed(pythonInt, 'int_parsing') } } },
    evidence: [answeredWith('time_interval.full-width-digit', 200), answeredWith('time_interval.underscore', 200)],
  },
  {
    name: "pydantic v2's int for time_interval",
    description: 'time_interval read as pydantic v2 reads an int: a zero fraction (1.0) accepted, more than 4300 digits refused',
    options: { behaviour: { parsers: { ...strictParsers, time_interval: fromParsed(pydanticV2Integer, 'int_parsing') } } },
    evidence: [answeredWith('time_interval.zero-fraction', 200), answeredWith('time_interval.4301-digits', 422)],
  },
  {
    name: 'no metrics far from now',
    description: 'a window that starts before 2020 or ends in the future finds no metrics: 404 with a detail',
    options: {
      behaviour: {
        finish: onStatus(200, (answer, request) => {
          const from = queryInstant(request.query, 'timestamp_from');
          const to = queryInstant(request.query, 'timestamp_to');
          const far =
            (from !== undefined && (from < YEAR_2020 || from > Date.now())) || (to !== undefined && (to < YEAR_2020 || to > Date.now()));
          return far ? jsonAnswer(404, { detail: 'Metrics not found for the specified pipeline' }) : answer;
        }),
      },
    },
    evidence: [answeredWith('window.far-past-1970', 404), answeredWith('window.far-future-2100', 404)],
  },
  {
    name: 'time_interval within 1 to 1000',
    description: 'time_interval outside 1 to 1000 is refused with a 422',
    options: {
      behaviour: {
        parsers: {
          ...strictParsers,
          time_interval: (raw) => {
            const parsed = strictParsers.time_interval(raw);
            return parsed.ok && (parsed.value < 1n || parsed.value > 1000n)
              ? { ok: false, type: 'less_than_equal', msg: 'Input should be between 1 and 1000' }
              : parsed;
          },
        },
      },
    },
    evidence: [answeredWith('time_interval.1001', 422), answeredWith('unit-interval.minute-1001', 422)],
  },
  {
    name: 'empty windows refused',
    description: 'a window whose start is not before its end gets a 400 with a detail',
    options: {
      behaviour: {
        finish: onStatus(200, (answer, request) => {
          const from = queryInstant(request.query, 'timestamp_from') ?? Date.now() - 86_400_000;
          const to = queryInstant(request.query, 'timestamp_to') ?? Date.now();
          return from >= to ? jsonAnswer(400, { detail: 'timestamp_from must be before timestamp_to' }) : answer;
        }),
      },
    },
    evidence: [answeredWith('window.start-equals-end', 400), answeredWith('window.end-alone', 400)],
  },
];
