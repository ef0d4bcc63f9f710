import type { ParameterParser } from '../../src/reference-server/query-validation';

/** The range checks a date-time parser owes beyond the RFC 3339 shape. */
export type DateCheck = 'day-of-month' | 'month' | 'hour' | 'minute-and-second' | 'offset';

const RFC3339_SHAPE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const REFUSAL = { ok: false, type: 'datetime_from_date_parsing', msg: 'Input should be a valid datetime' } as const;

/**
 * A timestamp parser that tests the RFC 3339 shape but leaves out the `skipped` range checks:
 * what they would refuse rolls over silently, as JavaScript's Date.UTC does (Feb 30 is Mar 2).
 * Skipping the day-of-month check still caps days at 31.
 */
export function timestampSkipping(skipped: readonly DateCheck[]): ParameterParser<Date> {
  const checks = (check: DateCheck): boolean => !skipped.includes(check);
  return (raw) => {
    const match = RFC3339_SHAPE.exec(raw);
    if (!match) return REFUSAL;
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const sign = match[8] === '-' ? -1 : 1;
    const offsetHours = Number(match[9] ?? 0);
    const offsetMinutes = Number(match[10] ?? 0);
    if (checks('month') && (month < 1 || month > 12)) return REFUSAL;
    if (day < 1 || day > (checks('day-of-month') ? daysInMonth(year, month) : 31)) return REFUSAL;
    if (checks('hour') && hour > 23) return REFUSAL;
    if (checks('minute-and-second') && (minute > 59 || second > 59)) return REFUSAL;
    if (checks('offset') && (offsetHours > 23 || offsetMinutes > 59)) return REFUSAL;
    const millis = Math.floor(Number(`0${match[7] ?? ''}`) * 1000);
    const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
    return { ok: true, value: new Date(utc) };
  };
}
