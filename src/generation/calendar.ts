/**
 * The proleptic Gregorian calendar, as RFC 3339, Python and speedate all use it: the one place
 * that turns wall-clock fields into an instant, for the reference server's parser, the
 * date-time oracle and generation alike. Pure arithmetic, because `Date.UTC` reads years 0 to
 * 99 as 1900 to 1999.
 */

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

/** A date and a time of day as a clock on the wall shows them, in no particular zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis?: number;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (negative before it).
 * Counted in 400-year eras starting on March 1st, so that a leap day is the last day of its year.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Milliseconds since the epoch of a wall-clock time at a UTC offset (minutes east). */
export function instantOf(fields: WallClock, offsetMinutes: number): number {
  const { year, month, day, hour, minute, second, millis = 0 } = fields;
  return (
    daysSinceEpoch(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + millis - offsetMinutes * MINUTE_MS
  );
}
