import type { Case } from '../src/model';

/**
 * Requests whose fate the contract leaves open. Whatever declared or documented status the
 * server picks, its body must be valid for that status, and it must never be a 5xx.
 */

export const boundary: Case[] = [
  {
    id: 'boundary.time-interval.zero',
    title: 'time_interval=0',
    tier: 'boundary',
    tags: ['time-interval'],
    query: [['time_interval', '0']],
  },
  {
    id: 'boundary.time-interval.negative',
    title: 'time_interval=-1',
    tier: 'boundary',
    tags: ['time-interval'],
    query: [['time_interval', '-1']],
  },
  {
    id: 'boundary.time-interval.huge',
    title: 'time_interval far beyond 64 bits (10^20)',
    tier: 'boundary',
    tags: ['time-interval'],
    query: [['time_interval', '100000000000000000000']],
  },
  {
    id: 'boundary.window.reversed',
    title: 'timestamp_from after timestamp_to',
    tier: 'boundary',
    tags: ['dates'],
    query: [
      ['timestamp_from', '2025-03-04T07:10:15Z'],
      ['timestamp_to', '2025-03-02T07:10:15Z'],
    ],
  },
  // Strict RFC 3339 refuses these; pydantic (behind FastAPI) accepts them. Both are conformant.
  {
    id: 'boundary.timestamp-from.no-offset',
    title: 'timestamp_from without an offset (2025-03-02T07:10:15)',
    tier: 'boundary',
    tags: ['dates'],
    query: [['timestamp_from', '2025-03-02T07:10:15']],
  },
  {
    id: 'boundary.timestamp-from.date-only',
    title: 'timestamp_from as a date only (2025-03-02)',
    tier: 'boundary',
    tags: ['dates'],
    query: [['timestamp_from', '2025-03-02']],
  },
  {
    id: 'boundary.timestamp-from.space-separator',
    title: 'timestamp_from with a space for T (2025-03-02 07:10:15Z)',
    tier: 'boundary',
    tags: ['dates'],
    query: [['timestamp_from', '2025-03-02 07:10:15Z']],
  },
  {
    id: 'boundary.timestamp-from.unix-epoch',
    title: 'timestamp_from as unix epoch seconds (1740899415)',
    tier: 'boundary',
    tags: ['dates'],
    query: [['timestamp_from', '1740899415']],
  },
  {
    id: 'boundary.timestamp-to.no-offset',
    title: 'timestamp_to without an offset (2025-03-04T07:10:15)',
    tier: 'boundary',
    tags: ['dates'],
    query: [['timestamp_to', '2025-03-04T07:10:15']],
  },
];
