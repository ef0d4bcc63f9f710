/** The proleptic Gregorian calendar, as RFC 3339, Python and speedate all use it. */

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1 to 12) of `year`; 0 for a month that does not exist. */
export function daysInMonth(year: number, month: number): number {
  if (month < 1 || month > 12) return 0;
  return month === 2 && isLeapYear(year) ? 29 : (DAYS[month - 1] ?? 0);
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Milliseconds since the epoch of a wall-clock time at a UTC offset (minutes east). */
export function instantOf(
  fields: { year: number; month: number; day: number; hour: number; minute: number; second: number; millis?: number },
  offsetMinutes: number,
): number {
  // Date.UTC maps years 0 to 99 onto 1900 to 1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, fields.millis ?? 0));
  date.setUTCFullYear(fields.year);
  return date.getTime() - offsetMinutes * MINUTE_MS;
}
