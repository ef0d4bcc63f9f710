import type { Check } from './observation';

/**
 * Top-level keys that would carry metrics. `status` is not one: error bodies use it for the HTTP
 * status (RFC 9457 problem details) or an envelope state ("error"), and a flattened leak shows
 * in latency and recordsLag anyway. A null value carries nothing (an envelope's "data": null).
 */
const METRICS_KEYS = ['data', 'metadata', 'latency', 'recordsLag'];

/** A refused request learns nothing: the body carries no metrics. */
export const noMetricsLeaked: Check = ({ body }) => {
  if (!body.ok || body.value === null || typeof body.value !== 'object' || Array.isArray(body.value)) return [];
  const record = body.value as Record<string, unknown>;
  const leaked = METRICS_KEYS.filter((key) => record[key] !== undefined && record[key] !== null);
  return leaked.length === 0
    ? []
    : [
        {
          check: 'no_metrics_leaked',
          title: 'Refused request got metrics',
          message: `The answer to an unauthorised request has ${leaked.map((k) => `"${k}"`).join(', ')}.`,
        },
      ];
};
