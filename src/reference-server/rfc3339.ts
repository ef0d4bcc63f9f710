import { daysInMonth, instantOf } from '../generation/calendar';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Strict RFC 3339 date-time (section 5.6), checked against the calendar: the offset is required,
 * and 2025-02-30 or 25:00 are refused. Leap seconds are refused too, as pydantic refuses them.
 * Returns undefined for anything else.
 */
export function parseRfc3339(raw: string): Date | undefined {
  const match = RFC3339.exec(raw);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const sign = match[9] === '-' ? -1 : 1;
  const offsetHours = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinutes = match[11] === undefined ? 0 : Number(match[11]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  // Read from the digits, not as a float: 0.29 * 1000 is not 290 in binary.
  const millis = Number(`${match[7] ?? ''}000`.slice(0, 3));
  return new Date(instantOf({ year, month, day, hour, minute, second, millis }, sign * (offsetHours * 60 + offsetMinutes)));
}
