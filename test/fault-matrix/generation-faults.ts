import { documentedMetrics, jsonAnswer, type Behaviour } from '../../src/reference-server/behaviour';
import {
  type ParameterParser,
  type ParameterParsers,
  strictParsers,
  strictTimestamp,
  timestampsParsedBy,
} from '../../src/reference-server/query-validation';
import { parseRfc3339 } from '../../src/reference-server/rfc3339';
import type { PropertyName } from '../../src/generation/properties';
import { bodyText, crash, type JsonObject, onStatus, onSuccessWhen, withJson } from './answer-rewrites';
import { crashingOn } from './parser-faults';
import type { CheckName, ServerVariant } from './server-variant';

/**
 * Faults that no case table catches and the generated tier must: each is the reference server
 * with exactly one behaviour hook overridden, and names where generation catches it (the coverage
 * list, or one property of the random phase at a fixed seed and budget) and the check that must
 * say so. test/generation.faults.test.ts proves both: caught there, and every table case passing.
 */

type CaughtIn =
  /** Coverage-phase case ids that must fail: each must be a case, as `--case` requires. */
  | { phase: 'coverage'; cases: readonly string[] }
  /** One property at a seed, with `budget` requests of its own: its share of STREAMKAP_GENERATED_REQUESTS. */
  | { phase: 'random'; property: PropertyName; seed: number; budget: number };

export interface GenerationFault extends ServerVariant {
  caughtIn: CaughtIn;
  check: CheckName;
}

const coverage = (...cases: string[]): CaughtIn => ({ phase: 'coverage', cases: cases.map((id) => `generated.coverage.${id}`) });
const random = (property: PropertyName, seed = 8, budget = 40): CaughtIn => ({ phase: 'random', property, seed, budget });

const withParsers = (parsers: Partial<ParameterParsers>): Partial<Behaviour> => ({ parsers: { ...strictParsers, ...parsers } });
const timestamps = (parser: ParameterParser<Date>): Partial<Behaviour> => ({ parsers: timestampsParsedBy(parser) });
const interval = (parser: ParameterParser<bigint>): Partial<Behaviour> => withParsers({ time_interval: parser });
const unit = (parser: ParameterParsers['time_unit']): Partial<Behaviour> => withParsers({ time_unit: parser });

/** The strict timestamp parser, refusing (as a 422) what it reads when `refused` holds. */
const timestampRefusingWhen =
  (refused: (raw: string) => boolean, msg: string): ParameterParser<Date> =>
  (raw) =>
    refused(raw) ? { ok: false, type: 'value_error', msg: `Value error, ${msg}` } : strictTimestamp(raw);

/** A timestamp's UTC offset in minutes, when it has a numeric one. */
const offsetMinutes = (raw: string): number | undefined => {
  const match = /([+-])(\d{2}):(\d{2})$/.exec(raw);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : undefined;
};

/** A leap-year rule of every fourth year, without the century exception: Feb 29 1900 and 2100 pass. */
const julianLeapDays: ParameterParser<Date> = (raw) => {
  const match = /^(\d{4})-02-29(T.*)$/.exec(raw);
  if (match && Number(match[1]) % 4 === 0) {
    const parsed = parseRfc3339(`${match[1]}-02-28${match[2]}`);
    if (parsed) return { ok: true, value: new Date(parsed.getTime() + 86_400_000) };
  }
  return strictTimestamp(raw);
};

const metrics200 = (): ReturnType<typeof jsonAnswer> =>
  jsonAnswer(200, documentedMetrics({ timeUnit: 'hour', timeInterval: 1n, from: new Date(), to: new Date() }));

const windowOf = (query: URLSearchParams) => ({
  from: parseRfc3339(query.get('timestamp_from') ?? ''),
  to: parseRfc3339(query.get('timestamp_to') ?? ''),
});

const DAY_MS = 86_400_000;

export const generationFaults: readonly GenerationFault[] = [
  // The calendar.
  {
    name: 'leap day refused',
    description: 'a timestamp on 29 February is refused with a 422, as a date library that checks days against a fixed table would',
    options: { behaviour: timestamps(timestampRefusingWhen((raw) => /^\d{4}-02-29/.test(raw), 'day is out of range for month')) },
    caughtIn: coverage('timestamp_from.last-day-2024-02', 'timestamp_to.last-day-2024-02'),
    check: 'valid_request_accepted',
  },
  {
    name: 'Julian leap years',
    description: '29 February is accepted in every fourth year, 1900 and 2100 included (the Gregorian century rule is missing)',
    options: { behaviour: timestamps(julianLeapDays) },
    caughtIn: coverage('timestamp_from.feb-29-1900', 'timestamp_from.feb-29-2100', 'timestamp_to.feb-29-2100'),
    check: 'invalid_request_rejected',
  },
  {
    name: '29 February 2000 crashes',
    description: 'the century leap day 2000-02-29 raises in a hand-written day count, a 500',
    options: { behaviour: timestamps(crashingOn(strictTimestamp, /^2000-02-29/, 'ValueError: day is out of range for month')) },
    caughtIn: coverage('timestamp_from.feb-29-2000', 'timestamp_to.feb-29-2000'),
    check: 'not_a_server_error',
  },
  {
    name: '31 December crashes',
    description: 'a timestamp on the last day of the year raises when it computes "the next month" as month 13',
    options: { behaviour: timestamps(crashingOn(strictTimestamp, /^\d{4}-12-31/, 'ValueError: month must be in 1..12')) },
    caughtIn: coverage('timestamp_from.last-day-2024-12', 'timestamp_to.last-day-2024-12'),
    check: 'valid_request_accepted',
  },
  {
    name: 'August has 30 days',
    description: 'a days-per-month table off by one refuses 31 August',
    options: { behaviour: timestamps(timestampRefusingWhen((raw) => /^\d{4}-08-31/.test(raw), 'day is out of range for month')) },
    caughtIn: coverage('timestamp_from.last-day-2024-08', 'timestamp_to.last-day-2024-08'),
    check: 'valid_request_accepted',
  },
  // Offsets.
  {
    name: 'offsets east of +12:00 crash',
    description: 'an offset beyond +12:00 (+12:45, +14:00, +23:59) raises in a time-zone lookup, a 500',
    options: {
      behaviour: timestamps((raw) => {
        const parsed = strictTimestamp(raw);
        // Only offsets the parser accepts reach the lookup; +25:00 is refused before it.
        return parsed.ok && (offsetMinutes(raw) ?? 0) > 12 * 60 ? crash('KeyError: no zone for offset') : parsed;
      }),
    },
    caughtIn: coverage('timestamp_from.offset-plus-14-00', 'timestamp_to.offset-plus-23-59'),
    check: 'valid_request_accepted',
  },
  {
    name: 'offsets west of -12:00 refused',
    description: 'an offset below -12:00 is refused with a 422, though RFC 3339 allows down to -23:59',
    options: { behaviour: timestamps(timestampRefusingWhen((raw) => (offsetMinutes(raw) ?? 0) < -12 * 60, 'offset out of range')) },
    caughtIn: coverage('timestamp_from.offset-minus-23-59', 'timestamp_to.offset-minus-23-59'),
    check: 'valid_request_accepted',
  },
  {
    name: 'quarter-hour offsets refused',
    description: 'offsets whose minutes are not 00 or 30 (+05:45, +12:45) are refused with a 422',
    options: {
      behaviour: timestamps(timestampRefusingWhen((raw) => /[+-]\d{2}:(?!00|30)\d{2}$/.test(raw), 'offset minutes must be 00 or 30')),
    },
    caughtIn: coverage('timestamp_from.offset-plus-05-45', 'timestamp_to.offset-plus-12-45'),
    check: 'valid_request_accepted',
  },
  {
    name: '-00:00 refused',
    description: 'the offset -00:00 ("local offset unknown" in RFC 3339) is refused with a 422',
    options: { behaviour: timestamps(timestampRefusingWhen((raw) => raw.endsWith('-00:00'), 'unknown local offset')) },
    caughtIn: coverage('timestamp_from.offset-minus-00-00', 'timestamp_to.offset-minus-00-00'),
    check: 'valid_request_accepted',
  },
  // Fractions of a second.
  {
    name: 'nanosecond fractions crash',
    description: 'a fraction of 7 to 9 digits overflows a microsecond field and raises, a 500',
    options: { behaviour: timestamps(crashingOn(strictTimestamp, /\.\d{7,9}(Z|[+-])/, 'OverflowError: microsecond must be in 0..999999')) },
    caughtIn: coverage('timestamp_from.fraction-7-digits', 'timestamp_to.fraction-9-digits'),
    check: 'valid_request_accepted',
  },
  {
    name: 'short fractions refused',
    description: 'a fraction of one or two digits is refused: the parser wants milliseconds or microseconds',
    options: { behaviour: timestamps(timestampRefusingWhen((raw) => /\.\d{1,2}(Z|[+-])/.test(raw), 'fraction must have 3 or 6 digits')) },
    caughtIn: coverage('timestamp_from.fraction-1-digits', 'timestamp_to.fraction-2-digits'),
    check: 'valid_request_accepted',
  },
  // time_interval values.
  {
    name: 'intervals of 100 or more refused',
    description: 'time_interval 100 and above is refused with a 422 (less_than 100)',
    options: {
      behaviour: interval((raw) => {
        const parsed = strictParsers.time_interval(raw);
        return parsed.ok && parsed.value >= 100n ? { ok: false, type: 'less_than', msg: 'Input should be less than 100' } : parsed;
      }),
    },
    caughtIn: coverage('time_interval.100', 'time_interval.1000', 'unit-interval.month-1000'),
    check: 'valid_request_accepted',
  },
  {
    name: 'signed or zero-padded intervals crash',
    description: 'time_interval written with a plus sign or a leading zero (+5, 05) raises in a hand-written parser, a 500',
    options: { behaviour: interval(crashingOn(strictParsers.time_interval, /^\+|^0\d/, 'ValueError: invalid literal')) },
    caughtIn: coverage('time_interval.plus-sign', 'time_interval.leading-zero'),
    check: 'not_a_server_error',
  },
  {
    name: 'intervals above 50 refused',
    description: 'time_interval above 50 is refused with a 422 (the random phase shrinks it to 51)',
    options: {
      behaviour: interval((raw) => {
        const parsed = strictParsers.time_interval(raw);
        return parsed.ok && parsed.value > 50n
          ? { ok: false, type: 'less_than_equal', msg: 'Input should be less than or equal to 50' }
          : parsed;
      }),
    },
    caughtIn: random('valid-requests-accepted'),
    check: 'valid_request_accepted',
  },
  // time_unit and time_interval together.
  {
    name: 'minute intervals above 1000 crash',
    description: 'time_unit=minute with time_interval above 1000 raises while bucketing, a 500',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'minute' && query.timeInterval > 1000n ? crash('MemoryError: bucket list') : documentedMetrics(query),
      },
    },
    caughtIn: coverage('unit-interval.minute-1001'),
    check: 'not_a_server_error',
  },
  {
    name: 'long day intervals refused',
    description: 'time_unit=day with time_interval 30 or more is refused with a 422 "use time_unit=month"',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.get('time_unit') === 'day' && Number(query.get('time_interval') ?? '1') >= 30,
          (_answer, request) =>
            jsonAnswer(422, {
              detail: [
                {
                  type: 'less_than',
                  loc: ['query', 'time_interval'],
                  msg: 'use time_unit=month',
                  input: request.query.get('time_interval'),
                },
              ],
            }),
        ),
      },
    },
    caughtIn: coverage('unit-interval.day-1000'),
    check: 'valid_request_accepted',
  },
  {
    name: 'odd multi-week buckets misshapen',
    description: 'time_unit=week with an odd time_interval from 3 to 9 answers recordsLag as a float',
    options: {
      behaviour: {
        metrics: (query) => {
          const body = documentedMetrics(query) as { data: JsonObject };
          const odd = query.timeUnit === 'week' && query.timeInterval >= 3n && query.timeInterval <= 9n && query.timeInterval % 2n === 1n;
          return odd ? { ...body, data: { ...body.data, recordsLag: 2.5 } } : body;
        },
      },
    },
    caughtIn: random('unit-and-interval', 8, 48),
    check: 'response_schema_conformance',
  },
  {
    name: 'monthly windows report status as a code',
    description: 'time_unit=month with both timestamps reads a rollup that stores status as an integer',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.get('time_unit') === 'month' && query.has('timestamp_from') && query.has('timestamp_to'),
          withJson((body) => ({ ...body, data: { ...(body.data as JsonObject), status: 3 } })),
        ),
      },
    },
    caughtIn: random('unit-and-interval', 8, 48),
    check: 'response_schema_conformance',
  },
  // The window.
  {
    name: 'empty window crashes',
    description: 'timestamp_from equal to timestamp_to divides by the window length, a 500',
    options: {
      behaviour: {
        metrics: (query) => (query.from.getTime() === query.to.getTime() ? crash('ZeroDivisionError') : documentedMetrics(query)),
      },
    },
    caughtIn: coverage('window.start-equals-end'),
    check: 'not_a_server_error',
  },
  {
    name: 'windows over a week lose their data',
    description: 'with both timestamps and a window longer than 7 days, data is null',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => {
            const { from, to } = windowOf(query);
            return from !== undefined && to !== undefined && to.getTime() - from.getTime() > 7 * DAY_MS;
          },
          withJson((body) => ({ ...body, data: null })),
        ),
      },
    },
    caughtIn: coverage('window.ninety-days'),
    check: 'response_schema_conformance',
  },
  {
    name: 'end before the default start crashes',
    description: 'timestamp_to alone, earlier than the default start (24 hours ago), makes a negative range, a 500',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => !query.has('timestamp_from') && (windowOf(query).to?.getTime() ?? Infinity) < Date.now() - DAY_MS,
          () => jsonAnswer(500, { detail: 'ValueError: negative range' }),
        ),
      },
    },
    caughtIn: coverage('window.end-alone'),
    check: 'not_a_server_error',
  },
  {
    name: 'windows before 2000 crash',
    description: 'a timestamp before 2000 falls outside the partitioned tables and raises, a 500',
    options: {
      behaviour: {
        metrics: (query) =>
          query.from.getUTCFullYear() < 2000 ? crash('relation "metrics_1999" does not exist') : documentedMetrics(query),
      },
    },
    caughtIn: coverage('timestamp_from.epoch-start', 'window.far-past-1970'),
    check: 'not_a_server_error',
  },
  {
    name: 'short windows refused',
    description: 'a window shorter than an hour is refused with a 400',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => {
            const { from, to } = windowOf(query);
            return from !== undefined && to !== undefined && to.getTime() - from.getTime() < 3_600_000;
          },
          () => jsonAnswer(400, { detail: 'window must be at least one hour' }),
        ),
      },
    },
    caughtIn: coverage('window.one-minute'),
    check: 'valid_request_accepted',
  },
  // Refusals together with a query.
  {
    name: 'limited token with a window answered 200',
    description: 'the permission is checked only when no window is given: the limited token reads metrics with timestamp_from',
    options: { behaviour: { finish: onStatus(403, (answer, request) => (request.query.has('timestamp_from') ? metrics200() : answer)) } },
    caughtIn: coverage('auth.limited-token.valid-query'),
    check: 'auth_enforced',
  },
  {
    name: 'unknown pipeline with a time_unit answered 200',
    description: 'with time_unit given, the pipeline lookup is skipped and an unknown pipeline gets metrics',
    options: { behaviour: { finish: onStatus(404, (answer, request) => (request.query.has('time_unit') ? metrics200() : answer)) } },
    caughtIn: coverage('pipeline.missing.valid-query'),
    check: 'unknown_pipeline_not_found',
  },
  {
    name: 'hostile id with a query crashes',
    description: 'a pipeline id that is no hex ObjectId raises while the query is logged, a 500, but only when there is a query',
    options: {
      behaviour: {
        finish: onStatus(404, (answer, request) =>
          [...request.query.keys()].length > 0 && !/^[0-9a-f]*$/.test(request.pipelineId)
            ? jsonAnswer(500, { detail: bodyText(answer) })
            : answer,
        ),
      },
    },
    caughtIn: coverage('pipeline.hostile-1.valid-query', 'pipeline.hostile-4.valid-query'),
    check: 'malformed_id_rejected',
  },
  // One enum value.
  {
    name: 'time_unit trimmed',
    description: 'time_unit is stripped of white space before the enum check, so " hour" is accepted',
    options: { behaviour: unit((raw) => strictParsers.time_unit(raw.trim())) },
    caughtIn: coverage('time_unit.leading-space', 'time_unit.tab'),
    check: 'invalid_request_rejected',
  },
  {
    name: 'upper-case time_unit accepted',
    description: 'time_unit in capitals (HOUR) is lower-cased, though "Hour" is still refused',
    options: { behaviour: unit((raw) => strictParsers.time_unit(raw === raw.toUpperCase() ? raw.toLowerCase() : raw)) },
    caughtIn: coverage('time_unit.hour-upper-case'),
    check: 'invalid_request_rejected',
  },
];
