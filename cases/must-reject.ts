import type { Case } from '../src/model';

/**
 * Requests the contract forbids: each must get a 4xx (not 401, 403 or 404: the token and the
 * pipeline are good), and a 422 must carry an HTTPValidationError. Only values that every
 * reasonable date-time parser rejects (pydantic's included) belong here; see boundary.ts.
 */

const BAD_DATE_TIMES: ReadonlyArray<{ key: string; value: string; what: string }> = [
  { key: 'garbage', value: 'not-a-date', what: 'text that is no date at all' },
  { key: 'feb-30', value: '2025-02-30T10:00:00Z', what: 'February 30th' },
  { key: 'month-13', value: '2025-13-02T10:00:00Z', what: 'month 13' },
  { key: 'hour-25', value: '2025-03-02T25:00:00Z', what: 'hour 25' },
  { key: 'minute-60', value: '2025-03-02T07:60:00Z', what: 'minute 60' },
  { key: 'offset-out-of-range', value: '2025-03-02T07:10:15+25:00', what: 'a +25:00 offset' },
];

export const mustReject: Case[] = [
  {
    id: 'reject.time-unit.unknown',
    title: 'time_unit outside the enum (fortnight)',
    tier: 'reject',
    tags: ['smoke', 'validation', 'time-units'],
    query: [['time_unit', 'fortnight']],
  },
  {
    id: 'reject.time-unit.wrong-case',
    title: 'time_unit in the wrong case (Hour)',
    tier: 'reject',
    tags: ['validation', 'time-units'],
    query: [['time_unit', 'Hour']],
  },
  {
    id: 'reject.time-interval.letters',
    title: 'time_interval that is not a number (abc)',
    tier: 'reject',
    tags: ['validation', 'time-interval'],
    query: [['time_interval', 'abc']],
  },
  {
    id: 'reject.time-interval.decimal',
    title: 'time_interval that is not an integer (1.5)',
    tier: 'reject',
    tags: ['validation', 'time-interval'],
    query: [['time_interval', '1.5']],
  },
  ...(['timestamp_from', 'timestamp_to'] as const).flatMap((parameter) =>
    BAD_DATE_TIMES.map((bad): Case => ({
      id: `reject.${parameter.replace('_', '-')}.${bad.key}`,
      title: `${parameter} is ${bad.what} (${bad.value})`,
      tier: 'reject',
      tags: ['validation', 'dates'],
      query: [[parameter, bad.value]],
    })),
  ),
];
