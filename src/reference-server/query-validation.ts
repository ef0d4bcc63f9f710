import { TIME_UNITS, type TimeUnit } from '../model';
import { parseRfc3339 } from './rfc3339';

/** One item of FastAPI's 422 `detail` list. */
export interface ValidationErrorItem {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export { type TimeUnit } from '../model';

export interface MetricsQuery {
  timeUnit: TimeUnit;
  timeInterval: bigint;
  from: Date;
  to: Date;
}

/** Parses one raw query value, or explains in FastAPI's words why it cannot. */
export type ParameterParser<T> = (
  raw: string,
) => { ok: true; value: T } | { ok: false; type: string; msg: string; ctx?: Record<string, unknown> };

/** One parser per query parameter, so a test can change how exactly one of them is read. */
export interface ParameterParsers {
  time_unit: ParameterParser<TimeUnit>;
  time_interval: ParameterParser<bigint>;
  timestamp_from: ParameterParser<Date>;
  timestamp_to: ParameterParser<Date>;
}

/** Strict RFC 3339, as the contract's `format: date-time` says. */
export const strictTimestamp: ParameterParser<Date> = (raw) => {
  const parsed = parseRfc3339(raw);
  return parsed ? { ok: true, value: parsed } : { ok: false, type: 'datetime_from_date_parsing', msg: 'Input should be a valid datetime' };
};

const enumExpectation = "'minute', 'hour', 'day', 'week' or 'month'";

export const strictParsers: ParameterParsers = {
  time_unit: (raw) =>
    (TIME_UNITS as readonly string[]).includes(raw)
      ? { ok: true, value: raw as TimeUnit }
      : { ok: false, type: 'enum', msg: `Input should be ${enumExpectation}`, ctx: { expected: enumExpectation } },
  // Python ints have no upper bound, so neither has this one: 10^30 is a valid integer.
  time_interval: (raw) =>
    /^\s*[+-]?\d+\s*$/.test(raw)
      ? { ok: true, value: BigInt(raw.trim()) }
      : { ok: false, type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' },
  timestamp_from: strictTimestamp,
  timestamp_to: strictTimestamp,
};

/** The strict parsers, but with `parser` reading both timestamps, as one shared date-time parser would. */
export function timestampsParsedBy(parser: ParameterParser<Date>): ParameterParsers {
  return { ...strictParsers, timestamp_from: parser, timestamp_to: parser };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * FastAPI's query handling for this endpoint: defaults for what is absent, the last value of a
 * repeated parameter, unknown parameters ignored, every invalid value reported at once.
 */
export function parseMetricsQuery(
  query: URLSearchParams,
  parsers: ParameterParsers,
  now: Date,
): { ok: true; value: MetricsQuery } | { ok: false; errors: ValidationErrorItem[] } {
  const errors: ValidationErrorItem[] = [];
  const last = (name: string): string | undefined => query.getAll(name).at(-1);

  function read<T>(name: string, parser: ParameterParser<T>, fallback: T): T {
    const raw = last(name);
    if (raw === undefined) return fallback;
    const result = parser(raw);
    if (result.ok) return result.value;
    errors.push({ type: result.type, loc: ['query', name], msg: result.msg, input: raw, ...(result.ctx ? { ctx: result.ctx } : {}) });
    return fallback;
  }

  const timeUnit = read('time_unit', parsers.time_unit, 'hour');
  const timeInterval = read('time_interval', parsers.time_interval, 1n);
  const to = read('timestamp_to', parsers.timestamp_to, now);
  // The documentation says "24 hours before the current time", not before timestamp_to.
  const from = read('timestamp_from', parsers.timestamp_from, new Date(now.getTime() - DAY_MS));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { timeUnit, timeInterval, from, to } };
}
