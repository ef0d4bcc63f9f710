/**
 * The vocabulary of contract drift: one way the live OpenAPI document's metrics operation differs
 * from the vendored one, judged from the side of a client written against the vendored contract.
 */

export type DriftKind =
  | 'operation-missing'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-now-required'
  | 'parameter-now-optional'
  | 'default-changed'
  | 'status-added'
  | 'status-removed'
  | 'media-type-added'
  | 'media-type-removed'
  | 'type-added'
  | 'type-removed'
  | 'format-changed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'enum-added'
  | 'enum-removed'
  | 'constraint-added'
  | 'constraint-removed'
  | 'constraint-changed'
  | 'property-added'
  | 'property-removed'
  | 'property-now-required'
  | 'property-now-optional'
  | 'additional-properties-tightened'
  | 'additional-properties-loosened'
  | 'reference-unresolved'
  | 'security-requirement-unmet'
  | 'security-alternative-added'
  | 'security-bearer-format-changed';

export interface DriftDifference {
  kind: DriftKind;
  /** True when a client of the vendored contract may now send a request that is refused, or get an answer it was not promised. */
  breaking: boolean;
  /** Where: `operation`, `parameter time_unit`, `response 200 $.data.recordsLag`, `response 422`. */
  location: string;
  /** The difference in plain words, such as "`time_unit` no longer accepts `week`". */
  message: string;
}

/**
 * A value as a message quotes it, between backticks. Values come from the live document, so a
 * backtick inside is replaced: renderers split messages at backticks to show code as code.
 */
export const code = (value: unknown): string => `\`${plain(typeof value === 'string' ? value : JSON.stringify(value))}\``;

/** Live text quoted outside a code span (a status, a parameter's location), without backticks. */
export const plain = (text: string): string => text.replace(/`/g, "'");

export interface MessagePart {
  text: string;
  code: boolean;
}

/** A message cut into plain text and the code spans `code()` made, for a renderer to escape each its own way. */
export function messageParts(message: string): MessagePart[] {
  return message.split('`').map((text, i) => ({ text, code: i % 2 === 1 }));
}
