import type { PipelineNeighbour } from './model';

/**
 * Path segments derived from the configured pipeline id. Each is another id, so none may get that
 * pipeline's metrics (a prefix lookup, a trimmed or NUL-cut id, or a second decoding would serve
 * them), except two spellings that may denote the same id: upper-case hex (an ObjectId read
 * case-insensitively) and every character percent-encoded (the same URI by RFC 3986, 2.3).
 */

/** Every byte of the text's UTF-8 as `%XX`, unreserved characters too: the same URI component (RFC 3986, 2.3). */
export const percentEncodeEvery = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * One character of the middle replaced: an ObjectId's middle is its per-process random part, so
 * the result is no neighbour created a moment later (its last characters are a counter).
 */
function middleCharChanged(id: string): string {
  const at = Math.floor(id.length / 3);
  const current = id.charAt(at);
  const replacement = /[0-9a-f]/.test(current) ? ((parseInt(current, 16) + 8) % 16).toString(16) : current === 'x' ? 'y' : 'x';
  return `${id.slice(0, at)}${replacement}${id.slice(at + 1)}`;
}

const SEGMENTS: Readonly<Record<PipelineNeighbour, (id: string) => string>> = {
  'last-char-cut': (id) => encodeURIComponent(id.slice(0, -1)),
  'last-4-chars-cut': (id) => encodeURIComponent(id.slice(0, -4)),
  'zero-appended': (id) => `${encodeURIComponent(id)}0`,
  'letter-appended': (id) => `${encodeURIComponent(id)}x`,
  'middle-char-changed': (id) => encodeURIComponent(middleCharChanged(id)),
  'nul-appended': (id) => `${encodeURIComponent(id)}%00`,
  'space-appended': (id) => `${encodeURIComponent(id)}%20`,
  'newline-appended': (id) => `${encodeURIComponent(id)}%0A`,
  'double-encoded': (id) => percentEncodeEvery(id).replace(/%/g, '%25'),
  'upper-case': (id) => encodeURIComponent(id.toUpperCase()),
  'percent-encoded': (id) => percentEncodeEvery(id),
};

/** The neighbours that may name the configured pipeline itself: 200 or 404 both fine. */
export const MAY_BE_THE_SAME_ID: ReadonlySet<PipelineNeighbour> = new Set(['upper-case', 'percent-encoded']);

/** The path segment of a neighbour of `id`, percent-encoded as it goes on the wire. */
export const neighbourSegment = (of: PipelineNeighbour, id: string): string => SEGMENTS[of](id);
