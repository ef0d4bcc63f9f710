import { type Case, TIME_UNITS, type TimeUnit } from '../src/model';

/** Requests the contract allows: each must get 200, JSON, and a body valid against the 200 schema. */

/** A value other than 1 per unit, each one a real-world granularity. */
const OTHER_INTERVAL: Record<TimeUnit, string> = { minute: '15', hour: '6', day: '7', week: '2', month: '3' };

const FROM = '2025-03-02T07:10:15Z';
const TO = '2025-03-04T07:10:15Z';

export const mustAccept: Case[] = [
  { id: 'accept.defaults', title: 'no query parameters: the documented defaults apply', tier: 'accept', tags: ['smoke', 'defaults'] },
  ...TIME_UNITS.map((unit): Case => ({
    id: `accept.time-unit.${unit}`,
    title: `time_unit=${unit} with time_interval=1`,
    tier: 'accept',
    tags: ['time-units', ...(unit === 'hour' ? (['smoke'] as const) : [])],
    query: [
      ['time_interval', '1'],
      ['time_unit', unit],
    ],
  })),
  ...TIME_UNITS.map((unit): Case => ({
    id: `accept.time-unit.${unit}.interval-${OTHER_INTERVAL[unit]}`,
    title: `time_unit=${unit} with time_interval=${OTHER_INTERVAL[unit]}`,
    tier: 'accept',
    tags: ['time-units', 'time-interval'],
    query: [
      ['time_interval', OTHER_INTERVAL[unit]],
      ['time_unit', unit],
    ],
  })),
  {
    id: 'accept.time-interval-only',
    title: 'time_interval alone: time_unit defaults to hour',
    tier: 'accept',
    tags: ['time-interval', 'defaults'],
    query: [['time_interval', '4']],
  },
  {
    id: 'accept.window.utc-z',
    title: 'a window in UTC with the Z designator',
    tier: 'accept',
    tags: ['dates'],
    query: [
      ['timestamp_from', FROM],
      ['timestamp_to', TO],
    ],
  },
  {
    id: 'accept.window.positive-offset',
    title: 'a window with a positive +05:30 offset',
    tier: 'accept',
    tags: ['dates'],
    query: [
      ['timestamp_from', '2025-03-02T12:40:15+05:30'],
      ['timestamp_to', '2025-03-04T12:40:15+05:30'],
    ],
  },
  {
    id: 'accept.window.negative-offset',
    title: 'a window with a negative -08:00 offset',
    tier: 'accept',
    tags: ['dates'],
    query: [
      ['timestamp_from', '2025-03-01T23:10:15-08:00'],
      ['timestamp_to', '2025-03-03T23:10:15-08:00'],
    ],
  },
  {
    id: 'accept.window.fractional-seconds',
    title: 'a window with fractional seconds (milli and micro)',
    tier: 'accept',
    tags: ['dates'],
    query: [
      ['timestamp_from', '2025-03-02T07:10:15.123Z'],
      ['timestamp_to', '2025-03-04T07:10:15.123456Z'],
    ],
  },
  {
    // Relative to now: a fixed start would make the window (up to now) grow past what any server serves.
    id: 'accept.timestamp-from-only',
    title: 'timestamp_from alone (12 hours ago): timestamp_to defaults to now',
    tier: 'accept',
    tags: ['dates', 'defaults'],
    query: [['timestamp_from', '{{now-12h}}']],
  },
  {
    // "now" keeps the window the right way round: timestamp_from defaults to 24 hours before now.
    id: 'accept.timestamp-to-only',
    title: 'timestamp_to alone (now): timestamp_from defaults to 24 hours before now',
    tier: 'accept',
    tags: ['dates', 'defaults'],
    query: [['timestamp_to', '{{now}}']],
  },
  {
    id: 'accept.documentation-example',
    title: "the documentation's own example request",
    tier: 'accept',
    tags: ['smoke', 'time-units', 'dates'],
    query: [
      ['time_interval', '2'],
      ['time_unit', 'hour'],
      ['timestamp_from', FROM],
      ['timestamp_to', TO],
    ],
  },
];
