import type { Check } from './observation';

const METRIC_KEYS = ['latency', 'recordsLag', 'status'];

/** A refused request learns nothing: the body carries no metrics. */
export const noMetricsLeaked: Check = ({ body }) => {
  if (!body.ok || body.value === null || typeof body.value !== 'object' || Array.isArray(body.value)) return [];
  const record = body.value as Record<string, unknown>;
  const leaked = ['data', 'metadata', ...METRIC_KEYS].filter((key) => key in record);
  return leaked.length === 0
    ? []
    : [{ check: 'no_metrics_leaked', title: 'Refused request got metrics', message: `The answer to an unauthorised request has ${leaked.map((k) => `"${k}"`).join(', ')}.` }];
};
