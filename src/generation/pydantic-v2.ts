import { daysInMonth, instantOf } from './calendar';

/**
 * What pydantic v2 (pydantic-core over speedate) makes of a query string, in lax mode as FastAPI
 * validates query parameters. Emulated from speedate's source (datetime.rs, time.rs, numbers.rs)
 * and pydantic-core's lax rules: enough to tell which strings it accepts, and the instant it reads.
 */

/** Milliseconds since the epoch, or undefined when refused. Naive times are read as UTC. */
export type ParsedInstant = number | undefined;

const DIGIT = /^[0-9]$/;
const digit = (text: string, index: number): number | undefined => (DIGIT.test(text[index] ?? '') ? Number(text[index]) : undefined);
const twoDigits = (text: string, index: number): number | undefined => {
  const high = digit(text, index);
  const low = digit(text, index + 1);
  return high === undefined || low === undefined ? undefined : high * 10 + low;
};

/** speedate's Date::parse_bytes_partial: exactly YYYY-MM-DD, checked against the calendar. */
function parseDate(text: string): { year: number; month: number; day: number } | undefined {
  if (text.length < 10 || text[4] !== '-' || text[7] !== '-') return undefined;
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century === undefined || yearInCentury === undefined || month === undefined || day === undefined) return undefined;
  const year = century * 100 + yearInCentury;
  // speedate reads year 0; Python's datetime, which pydantic builds from it, starts at year 1.
  if (year < 1 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** speedate's time with its offset, from `start` to the end of `text`; offset in minutes east. */
function parseTime(text: string, start: number) {
  const hour = twoDigits(text, start);
  const minute = twoDigits(text, start + 3);
  if (hour === undefined || text[start + 2] !== ':' || minute === undefined || hour > 23 || minute > 59) return undefined;
  let position = start + 5;
  let second = 0;
  let millis = 0;
  if (text[position] === ':') {
    const parsed = twoDigits(text, position + 1);
    if (parsed === undefined || parsed > 59) return undefined;
    second = parsed;
    position += 3;
    if (text[position] === '.' || text[position] === ',') {
      position += 1;
      const fraction = /^[0-9]+/.exec(text.slice(position))?.[0];
      // pydantic sets microseconds_precision to truncate: any number of digits, beyond 6 dropped.
      if (fraction === undefined) return undefined;
      millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
      position += fraction.length;
    }
  }
  let offsetMinutes = 0;
  const sign = text[position];
  if (sign === 'Z' || sign === 'z') {
    position += 1;
  } else if (sign === '+' || sign === '-' || sign === '\u2212') {
    const offsetHour = twoDigits(text, position + 1);
    position += 3;
    if (text[position] === ':') position += 1;
    const offsetMinute = twoDigits(text, position);
    if (offsetHour === undefined || offsetMinute === undefined || offsetMinute > 59) return undefined;
    position += 2;
    const total = offsetHour * 60 + offsetMinute;
    if (total >= 24 * 60) return undefined;
    offsetMinutes = sign === '+' ? total : -total;
  } else if (sign !== undefined) {
    return undefined;
  }
  if (position !== text.length) return undefined;
  return { hour, minute, second, millis, offsetMinutes };
}

/**
 * speedate's number reading, as pydantic 2.13 showed it: an optional sign, ASCII digits, at most
 * one dot, and an exponent only after the dot (`1.7e9` is read, `1e9` is not).
 */
function parseNumber(text: string): number | undefined {
  if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*(?:[eE][+-]?[0-9]+)?)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Unix time in seconds, or in milliseconds above 2e10, within the years Python's datetime holds. */
function fromTimestamp(value: number): ParsedInstant {
  const millis = Math.abs(value) > 2e10 ? value : value * 1000;
  const earliest = instantOf({ year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, 0);
  const latest = instantOf({ year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, millis: 999 }, 0);
  return millis < earliest || millis > latest + 0.999 ? undefined : millis;
}

/** A `datetime` query parameter as pydantic v2 reads it in lax mode. */
export function pydanticV2DateTime(raw: string): ParsedInstant {
  const date = parseDate(raw);
  if (date !== undefined) {
    if (raw.length === 10) return instantOf({ ...date, hour: 0, minute: 0, second: 0 }, 0); // lax mode: a date is midnight
    if ('Tt _'.includes(raw[10] ?? '')) {
      const time = parseTime(raw, 11);
      if (time !== undefined) return instantOf({ ...date, ...time }, time.offsetMinutes);
    }
  }
  const number = parseNumber(raw);
  return number === undefined ? undefined : fromTimestamp(number);
}

/** An `int` query parameter as pydantic-core reads a string in lax mode; undefined when refused. */
export function pydanticV2Integer(raw: string): bigint | undefined {
  const text = raw.trim();
  if (text.length > 4300) return undefined; // int_parsing_size, as Python's own limit on digits
  // Underscores between digits, as Python's int() allows them; a zero fraction ("1.0") is dropped.
  const whole = /^([+-]?[0-9](?:_?[0-9])*)(?:\.0+)?$/.exec(text)?.[1];
  return whole === undefined ? undefined : BigInt(whole.replace(/_/g, ''));
}
