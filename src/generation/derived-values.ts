import { daysInMonth, type WallClock } from './calendar';
import type { ParameterSpace } from './parameter-space';

/**
 * The boundary values of each kind of parameter, derived from its schema: every enum member and
 * the ways to miss one, integers from 1 to beyond any machine word, and date-times in every shape
 * RFC 3339 allows and each field one step past its range. Which of them must be accepted, refused
 * or is disputed is not decided here: the oracle judges every value the same way.
 */

export interface DerivedValue {
  /** Stable and unique within the parameter: it ends the case id. */
  slug: string;
  raw: string;
}

const value = (slug: string, raw: string): DerivedValue => ({ slug, raw });

const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

function enumValues(space: ParameterSpace): DerivedValue[] {
  const usual = space.default ?? space.members[0] ?? '';
  return [
    ...space.members.map((member) => value(member, member)),
    ...space.members.flatMap((member) => [
      value(`${member}-upper-case`, member.toUpperCase()),
      value(`${member}-capitalised`, capitalised(member)),
      value(`${member}-plural`, `${member}s`),
    ]),
    value('empty', ''),
    value('null', 'null'),
    value('other-word', 'fortnight'),
    value('leading-space', ` ${usual}`),
    value('trailing-space', `${usual} `),
    value('tab', `\t${usual}`),
    value('trailing-newline', `${usual}\n`),
    value('two-members', space.members.slice(0, 2).join(',')),
  ];
}

const TWO_31 = 2n ** 31n;
const TWO_63 = 2n ** 63n;

function integerValues(): DerivedValue[] {
  const modest = [1, 2, 3, 7, 10, 60, 100, 999, 1000].map((n) => value(String(n), String(n)));
  const beyond: Array<[string, bigint]> = [
    ['1001', 1001n],
    ['2-pow-31-minus-1', TWO_31 - 1n],
    ['2-pow-31', TWO_31],
    ['2-pow-53-plus-1', 2n ** 53n + 1n],
    ['2-pow-63-minus-1', TWO_63 - 1n],
    ['2-pow-63', TWO_63],
    ['10-pow-20', 10n ** 20n],
    ['zero', 0n],
    ['minus-1', -1n],
    ['minus-2-pow-63', -TWO_63],
  ];
  const text: Array<[string, string]> = [
    ['plus-sign', '+5'],
    ['leading-zero', '05'],
    ['minus-zero', '-0'],
    ['leading-space', ' 5'],
    ['trailing-space', '5 '],
    ['zero-fraction', '1.0'],
    ['trailing-dot', '1.'],
    ['underscore', '1_000'],
    ['full-width-digit', '\uff15'],
    ['4301-digits', '9'.repeat(4301)],
    ['decimal', '1.5'],
    ['exponent', '1e3'],
    ['letters', 'abc'],
    ['empty', ''],
    ['hex', '0x10'],
    ['thousands-comma', '1,000'],
    ['inner-space', '1 000'],
    ['nan', 'NaN'],
    ['infinity', 'Infinity'],
    ['double-minus', '--1'],
  ];
  return [...modest, ...beyond.map(([slug, n]) => value(slug, String(n))), ...text.map(([slug, raw]) => value(slug, raw))];
}

/** A wall-clock date-time and how it is written; `format` turns it into text. */
export interface DateTimeParts extends Omit<WallClock, 'millis'> {
  /** Digits after the decimal point, possibly none. */
  fraction: string;
  /** `Z`, or a signed offset such as `+05:45`, or `` for none. */
  zone: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export const formatDateTime = (p: DateTimeParts, separator = 'T'): string =>
  `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}${separator}${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${
    p.fraction === '' ? '' : `.${p.fraction}`
  }${p.zone}`;

/** The documentation's example instant: recent, mid-month, mid-day. */
export const EXAMPLE: DateTimeParts = { year: 2025, month: 3, day: 2, hour: 7, minute: 10, second: 15, fraction: '', zone: 'Z' };

const at = (changes: Partial<DateTimeParts>): string => formatDateTime({ ...EXAMPLE, ...changes });

const zoneSlug = (zone: string): string => `${zone.startsWith('-') ? 'minus' : 'plus'}-${zone.slice(1).replace(':', '-')}`;

/** Offsets across the legal range of RFC 3339 (-23:59 to +23:59), with the odd quarter-hours in use. */
const OFFSETS = ['-23:59', '-12:00', '-09:30', '-00:01', '-00:00', '+00:00', '+00:01', '+05:30', '+05:45', '+12:45', '+14:00', '+23:59'];

function dateTimeValues(): DerivedValue[] {
  const shapes = [
    value('utc-z', at({})),
    ...OFFSETS.map((zone) => value(`offset-${zoneSlug(zone)}`, at({ zone }))),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((digits) => value(`fraction-${digits}-digits`, at({ fraction: '123456789'.slice(0, digits) }))),
    value('midnight', at({ hour: 0, minute: 0, second: 0 })),
    value('last-second-of-day', at({ hour: 23, minute: 59, second: 59 })),
  ];
  // The last day of every month of a leap year, and of February in a common year.
  const monthEnds = [...Array.from({ length: 12 }, (_, i) => [2024, i + 1] as const), [2025, 2] as const].map(([year, month]) =>
    value(`last-day-${year}-${pad(month)}`, at({ year, month, day: daysInMonth(year, month), hour: 23, minute: 59, second: 59 })),
  );
  // The Gregorian rule at its centuries: 2000 and 2400 are leap years, 1900 and 2100 are not.
  const centuries = [1900, 2000, 2100, 2400].flatMap((year) => [
    value(`feb-28-${year}`, at({ year, month: 2, day: 28 })),
    value(`feb-29-${year}`, at({ year, month: 2, day: 29 })),
  ]);
  const farAway = [
    value('epoch-start', '1970-01-01T00:00:00Z'),
    value('year-1', '0001-01-01T00:00:00Z'),
    value('year-9999', '9999-12-31T23:59:59Z'),
  ];
  // Each field one step past its range, on both sides where two digits can say it.
  const pastRange = [
    value('month-00', at({ month: 0 })),
    value('month-13', at({ month: 13 })),
    value('day-00', at({ day: 0 })),
    ...Array.from({ length: 12 }, (_, i) => i + 1).map((month) =>
      value(`day-after-last-2025-${pad(month)}`, at({ month, day: daysInMonth(2025, month) + 1 })),
    ),
    value('day-after-last-2024-02', at({ year: 2024, month: 2, day: 30 })),
    value('hour-24', at({ hour: 24 })),
    value('minute-60', at({ minute: 60 })),
    value('second-60-leap', at({ second: 60 })),
    value('second-61', at({ second: 61 })),
    value('offset-hour-plus-24', at({ zone: '+24:00' })),
    value('offset-hour-minus-24', at({ zone: '-24:00' })),
    value('offset-minute-plus-60', at({ zone: '+05:60' })),
    value('offset-minute-minus-60', at({ zone: '-05:60' })),
    value('fraction-10-digits', at({ fraction: '1234567890' })),
    value('fraction-13-digits', at({ fraction: '1234567890123' })),
  ];
  const base = at({});
  const malformed = [
    value('empty', ''),
    value('garbage', 'not-a-date'),
    value('null', 'null'),
    value('no-offset', at({ zone: '' })),
    value('date-only', base.slice(0, 10)),
    value('space-separator', formatDateTime(EXAMPLE, ' ')),
    value('underscore-separator', formatDateTime(EXAMPLE, '_')),
    value('lower-case-t', formatDateTime(EXAMPLE, 't')),
    value('lower-case-z', at({ zone: 'z' })),
    value('no-seconds', base.replace(':15Z', 'Z')),
    value('offset-without-colon', at({ zone: '+0530' })),
    value('offset-hours-only', at({ zone: '+05' })),
    value('unicode-minus-offset', at({ zone: '\u221205:00' })),
    value('comma-fraction', base.replace('Z', ',5Z')),
    value('empty-fraction', base.replace('Z', '.Z')),
    value('one-digit-month-and-day', '2025-3-2T07:10:15Z'),
    value('trailing-newline', `${base}\n`),
    value('leading-space', ` ${base}`),
    value('double-z', `${base}Z`),
    value('offset-with-seconds', at({ zone: '+05:30:00' })),
    value('space-before-offset', at({ zone: ' +05:30' })),
    value('day-month-year', '02/03/2025'),
    value('unix-seconds', '1740899415'),
    value('unix-milliseconds', '1740899415000'),
    value('unix-fraction', '1740899415.5'),
    value('unix-exponent', '1.7e9'),
    value('minus-one', '-1'),
  ];
  return [...shapes, ...monthEnds, ...centuries, ...farAway, ...pastRange, ...malformed];
}

export function derivedValues(space: ParameterSpace): DerivedValue[] {
  switch (space.kind) {
    case 'enum':
      return enumValues(space);
    case 'integer':
      return integerValues();
    case 'date-time':
      return dateTimeValues();
  }
}
