import type { ParameterParser } from '../../src/reference-server/query-validation';

/**
 * A date-time parser as lenient as pydantic v2's, which FastAPI (behind the Streamkap API) uses:
 * the offset may be missing (read as UTC), the time too (midnight), the separator may be a space,
 * and a bare number is unix time (seconds, or milliseconds when above 2e10). Impossible calendar
 * dates, times and offsets are still refused, as pydantic refuses them.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;
const UNIX_TIME = /^[+-]?\d{1,19}(?:\.\d+)?$/;
const MILLISECONDS_ABOVE = 2e10;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function parseLenientDateTime(raw: string): Date | undefined {
  if (UNIX_TIME.test(raw)) {
    const value = Number(raw);
    return new Date(Math.abs(value) > MILLISECONDS_ABOVE ? value : value * 1000);
  }
  const match = DATE_TIME.exec(raw);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const [hour, minute, second] = match.slice(4, 7).map((part) => Number(part ?? 0)) as [number, number, number];
  const fraction = match[7] ?? '';
  const sign = match[9] === '-' ? -1 : 1;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const millis = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

export const lenientTimestamp: ParameterParser<Date> = (raw) => {
  const parsed = parseLenientDateTime(raw);
  return parsed
    ? { ok: true, value: parsed }
    : { ok: false, type: 'datetime_from_date_parsing', msg: 'Input should be a valid datetime or date' };
};
