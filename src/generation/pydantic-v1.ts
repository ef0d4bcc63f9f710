import { daysInMonth, instantOf } from './calendar';
import type { ParsedInstant } from './pydantic-v2';

/**
 * What pydantic v1 (behind older FastAPI releases) makes of a query string: emulated from
 * pydantic/datetime_parse.py and its int validator, which call Python's float() and int().
 */

/** Python's str.strip(): Unicode white space, as JavaScript's trim() knows it. */
const strip = (text: string): string => text.trim();

/** Decimal digits Python's int() and float() read: ASCII, Arabic-Indic and full-width. */
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0xff10];
const PY_DIGITS = '[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]';

function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, (char) => {
    const code = char.charCodeAt(0);
    const zero = DIGIT_ZEROS.filter((z) => z <= code).at(-1) ?? 0x30;
    return String(code - zero);
  });
}

/** Digits with single underscores between them, as Python's numeric literals allow. */
const DIGITS = `${PY_DIGITS}(?:_?${PY_DIGITS})*`;
const PY_INT = new RegExp(`^[+-]?${DIGITS}$`);
const PY_FLOAT = new RegExp(`^[+-]?(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?$`);
const PY_SPECIAL_FLOAT = /^[+-]?(inf|infinity|nan)$/i;

/** Python's int(str): undefined where it raises ValueError. */
export function pythonInt(raw: string): bigint | undefined {
  const text = strip(raw);
  if (!PY_INT.test(text)) return undefined;
  const digits = toAsciiDigits(text.replace(/_/g, ''));
  if (digits.replace(/^[+-]/, '').length > 4300) return undefined; // sys.int_info.default_max_str_digits
  return BigInt(digits);
}

/** Python's float(str): undefined where it raises ValueError. */
function pythonFloat(raw: string): number | undefined {
  const text = strip(raw);
  const special = PY_SPECIAL_FLOAT.exec(text);
  if (special) return special[1]?.toLowerCase() === 'nan' ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  if (!PY_FLOAT.test(text)) return undefined;
  return Number(toAsciiDigits(text.replace(/_/g, '')));
}

const MAX_NUMBER = 3e20;
const MS_WATERSHED = 2e10;

/** pydantic v1's from_unix_seconds: huge numbers clamp to datetime.max/min; NaN raises. */
function fromUnixSeconds(value: number): ParsedInstant {
  if (Number.isNaN(value)) return undefined;
  const max = instantOf({ year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, millis: 999 }, 0);
  const min = instantOf({ year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, 0);
  if (value > MAX_NUMBER) return max;
  if (value < -MAX_NUMBER) return min;
  let seconds = value;
  while (Math.abs(seconds) > MS_WATERSHED) seconds /= 1000;
  return seconds * 1000;
}

/**
 * datetime_re of pydantic v1, with Python's `$`, which also matches before a final newline.
 * Python's `\d` takes any Unicode digit; the three scripts above stand for them all.
 */
const DATETIME_RE = new RegExp(
  `^(${PY_DIGITS}{4})-(${PY_DIGITS}{1,2})-(${PY_DIGITS}{1,2})[T ](${PY_DIGITS}{1,2}):(${PY_DIGITS}{1,2})` +
    `(?::(${PY_DIGITS}{1,2})(?:\\.(${PY_DIGITS}{1,6})${PY_DIGITS}{0,6})?)?(Z|[+-]${PY_DIGITS}{2}(?::?${PY_DIGITS}{2})?)?\\n?$`,
);

/** pydantic v1's parse_datetime over a string. */
export function pydanticV1DateTime(raw: string): ParsedInstant {
  const number = pythonFloat(raw);
  if (number !== undefined) return fromUnixSeconds(number);
  const match = DATETIME_RE.exec(raw);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(toAsciiDigits(part ?? '0'))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const micro = match[7] === undefined ? 0 : Number(toAsciiDigits(match[7]).padEnd(6, '0'));
  const zone = match[8] === undefined ? undefined : toAsciiDigits(match[8]);
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    // _parse_timezone: the last two characters are minutes when there are more than three.
    const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    const total = 60 * Number(zone.slice(1, 3)) + minutes;
    if (total >= 24 * 60) return undefined; // timezone() wants strictly less than a day
    offsetMinutes = zone.startsWith('-') ? -total : total;
  }
  // datetime(**kw) checks each field.
  if (year < 1 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  return instantOf({ year, month, day, hour, minute, second, millis: Math.floor(micro / 1000) }, offsetMinutes);
}
