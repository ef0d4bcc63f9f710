import fc from 'fast-check';
import { daysInMonth, instantOf, MINUTE_MS } from './calendar';
import { type DateTimeParts, formatDateTime } from './derived-values';
import type { ParameterSpace } from './parameter-space';
import { MODEST_INTERVAL } from './tier-rule';

/**
 * fast-check arbitraries for raw query values, drawn from a parameter's space. Each shrinks
 * towards the plainest value of its kind (the first enum member, 1, 2024-01-01T00:00:00Z), so a
 * shrunk counterexample reads as the simplest request that still shows the fault.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

const formatOffset = (minutes: number): string =>
  `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;

/** An instant written at a UTC offset (minutes east), with `digits` of fraction. */
export function formatInstant(instant: number, offsetMinutes = 0, digits = 0): string {
  const local = new Date(instant + offsetMinutes * MINUTE_MS);
  const millis = String(local.getUTCMilliseconds()).padStart(3, '0');
  return formatDateTime({
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    fraction: digits === 0 ? '' : millis.padEnd(digits, '0').slice(0, digits),
    zone: offsetMinutes === 0 ? 'Z' : formatOffset(offsetMinutes),
  });
}

/** Offsets RFC 3339 allows: -23:59 to +23:59; shrinks to Z. */
const zone = fc.oneof(
  { weight: 2, arbitrary: fc.constant('Z') },
  fc.integer({ min: -(24 * 60 - 1), max: 24 * 60 - 1 }).map((minutes) => formatOffset(minutes)),
);

const fraction = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }),
);

/** Wall-clock parts of a real calendar date in `years`, in any shape RFC 3339 allows. */
export function dateTimeParts(years: { min: number; max: number }): fc.Arbitrary<DateTimeParts> {
  return fc
    .record({
      year: fc.integer(years),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction,
      zone,
    })
    .map((parts) => ({ ...parts, day: Math.min(parts.day, daysInMonth(parts.year, parts.month)) }));
}

/** Years whose fixed dates count as recent (see RECENT_SINCE), and years far from now. */
const RECENT_YEARS = { min: 2024, max: 2025 };
export const recentDateTime = dateTimeParts(RECENT_YEARS).map((parts) => formatDateTime(parts));
export const farDateTime = fc
  .oneof(dateTimeParts({ min: 1, max: 1999 }), dateTimeParts({ min: 2100, max: 9999 }))
  .map((parts) => formatDateTime(parts));

/** The instant of parts written by `dateTimeParts` (their zone is `Z` or a valid offset). */
export function instantOfParts(parts: DateTimeParts): number {
  const offset =
    parts.zone === 'Z' ? 0 : (parts.zone.startsWith('-') ? -1 : 1) * (Number(parts.zone.slice(1, 3)) * 60 + Number(parts.zone.slice(4, 6)));
  return instantOf({ ...parts, millis: Number((parts.fraction + '000').slice(0, 3)) }, offset);
}

/** The fields of a date-time, each pushed past its legal range by `beyond` steps (0: the first step). */
const BROKEN_FIELDS = [
  'month-high',
  'month-zero',
  'day-high',
  'day-zero',
  'hour',
  'minute',
  'second',
  'offset-hour',
  'offset-minute',
] as const;

export const brokenDateTime = fc
  .record({ parts: dateTimeParts(RECENT_YEARS), field: fc.constantFrom(...BROKEN_FIELDS), beyond: fc.integer({ min: 0, max: 30 }) })
  .map(({ parts, field, beyond }) => {
    const past = (first: number) => Math.min(first + beyond, 99);
    const offsetZone = (hours: number, minutes: number) => `+${pad(hours)}:${pad(minutes)}`;
    switch (field) {
      case 'month-high':
        return formatDateTime({ ...parts, month: past(13) });
      case 'month-zero':
        return formatDateTime({ ...parts, month: 0 });
      case 'day-high':
        return formatDateTime({ ...parts, day: past(daysInMonth(parts.year, parts.month) + 1) });
      case 'day-zero':
        return formatDateTime({ ...parts, day: 0 });
      case 'hour':
        return formatDateTime({ ...parts, hour: past(24) });
      case 'minute':
        return formatDateTime({ ...parts, minute: past(60) });
      case 'second':
        return formatDateTime({ ...parts, second: past(61) });
      case 'offset-hour':
        return formatDateTime({ ...parts, zone: offsetZone(past(24), 0) });
      case 'offset-minute':
        return formatDateTime({ ...parts, zone: offsetZone(5, past(60)) });
    }
  });

/** Text that is no date-time at all, or one whose frame is broken. */
export const malformedDateTime = fc.oneof(
  fc.constantFrom('', 'not-a-date', 'null', 'now', '02/03/2025', '2025-03-02T07:10:15ZZ', '2025-03-02T07:10 :15Z'),
  fc.string({ maxLength: 24 }),
);

/** Shapes the parsers disagree on: lower case, leap second, no offset, a date alone, epoch digits, ... */
const DISPUTED_SHAPES = [
  'lower-case-t',
  'lower-case-z',
  'leap-second',
  'no-offset',
  'date-only',
  'space-separator',
  'underscore-separator',
  'no-seconds',
  'offset-without-colon',
  'offset-hours-only',
  'comma-fraction',
  'long-fraction',
  'unix-seconds',
  'unix-milliseconds',
  'trailing-newline',
] as const;

export const disputedDateTime = fc
  .record({ parts: dateTimeParts(RECENT_YEARS), shape: fc.constantFrom(...DISPUTED_SHAPES), extra: fc.integer({ min: 10, max: 15 }) })
  .map(({ parts, shape, extra }) => {
    const utc = { ...parts, zone: 'Z' };
    const text = formatDateTime(utc);
    const seconds = Math.floor(instantOfParts(parts) / 1000);
    switch (shape) {
      case 'lower-case-t':
        return formatDateTime(utc, 't');
      case 'lower-case-z':
        return formatDateTime({ ...utc, zone: 'z' });
      case 'leap-second':
        return formatDateTime({ ...utc, second: 60 });
      case 'no-offset':
        return formatDateTime({ ...parts, zone: '' });
      case 'date-only':
        return text.slice(0, 10);
      case 'space-separator':
        return formatDateTime(utc, ' ');
      case 'underscore-separator':
        return formatDateTime(utc, '_');
      case 'no-seconds':
        return `${text.slice(0, 16)}Z`;
      case 'offset-without-colon':
        return formatDateTime({ ...parts, fraction: '', zone: '+0530' });
      case 'offset-hours-only':
        return formatDateTime({ ...parts, fraction: '', zone: '+05' });
      case 'comma-fraction':
        return formatDateTime({ ...utc, fraction: '' }).replace('Z', ',5Z');
      case 'long-fraction':
        return formatDateTime({ ...utc, fraction: '1234567890123456'.slice(0, extra) });
      case 'unix-seconds':
        return String(seconds);
      case 'unix-milliseconds':
        return String(seconds * 1000);
      case 'trailing-newline':
        return `${text}\n`;
    }
  });

export const enumMember = (space: ParameterSpace): fc.Arbitrary<string> => fc.constantFrom(...space.members);

/** Words outside the enum: case variants, other words, white space around a member, empty. */
export const nonMember = (space: ParameterSpace): fc.Arbitrary<string> =>
  fc.oneof(
    enumMember(space).chain((member) => fc.mixedCase(fc.constant(member))),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 0, maxLength: 12 }),
    fc
      .tuple(enumMember(space), fc.constantFrom(' ', '\t', '\n', '\u00a0'), fc.constantFrom('before', 'after', 'both'))
      .map(([member, space_, where]) => `${where === 'after' ? '' : space_}${member}${where === 'before' ? '' : space_}`),
  );

export const modestInterval = fc.integer({ min: Number(MODEST_INTERVAL.min), max: Number(MODEST_INTERVAL.max) }).map(String);

/** Integers past modest on either side, up to beyond any machine word. */
export const beyondModestInterval = fc
  .oneof(
    fc.bigInt({ min: MODEST_INTERVAL.max + 1n, max: 10n ** 7n }),
    fc.bigInt({ min: 2n ** 31n - 2n, max: 2n ** 70n }),
    fc.bigInt({ min: -(2n ** 70n), max: MODEST_INTERVAL.min - 1n }),
  )
  .map(String);

/** Integers in a form some parsers read and others refuse: signs, zeros, white space, a zero fraction. */
export const disputedInterval = fc
  .tuple(modestInterval, fc.constantFrom('+%s', '0%s', ' %s', '%s ', '%s.0', '%s_0'))
  .map(([n, form]) => form.replace('%s', n));

/** Text no parser reads as an integer. */
export const nonInteger = fc.oneof(
  fc.tuple(fc.nat(1000), fc.integer({ min: 1, max: 999 })).map(([whole, part]) => `${whole}.${String(part).replace(/0+$/, '')}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 20 })).map(([mantissa, exponent]) => `${mantissa}e${exponent}`),
  fc.string({ unit: fc.constantFrom(...'abcdefxyz'), minLength: 1, maxLength: 8 }),
  fc.tuple(fc.nat(99), fc.constantFrom('a', 'x', 'e', ',', '/', '-')).map(([n, suffix]) => `${n}${suffix}`),
  fc.constant(''),
);
