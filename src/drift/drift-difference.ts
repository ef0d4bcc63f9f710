/**
 * The vocabulary of contract drift: one way the live OpenAPI document's metrics operation differs
 * from the vendored one, judged from the side of a client written against the vendored contract.
 */

export const DRIFT_KINDS = [
  'operation-missing',
  'parameter-added',
  'parameter-removed',
  'parameter-now-required',
  'parameter-now-optional',
  'default-changed',
  'status-added',
  'status-removed',
  'media-type-added',
  'media-type-removed',
  'type-added',
  'type-removed',
  'format-changed',
  'enum-value-added',
  'enum-value-removed',
  'enum-added',
  'enum-removed',
  'property-added',
  'property-removed',
  'property-now-required',
  'property-now-optional',
  'additional-properties-tightened',
  'additional-properties-loosened',
  'reference-unresolved',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface DriftDifference {
  kind: DriftKind;
  /** True when a client of the vendored contract may now send a request that is refused, or get an answer it was not promised. */
  breaking: boolean;
  /** Where: `operation`, `parameter time_unit`, `response 200 $.data.recordsLag`, `response 422`. */
  location: string;
  /** The difference in plain words, such as "`time_unit` no longer accepts `week`". */
  message: string;
}
