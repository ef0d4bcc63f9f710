import { createHash } from 'node:crypto';
import type { Answer, MetricsRequest } from './exchange';
import { strictTimestamp } from './query-validation';

/**
 * Validators on the metrics answers, as an ETag middleware adds them (Express's etag and fresh,
 * Starlette's StaticFiles): an ETag from the content (strong, or weak), Last-Modified at the end of
 * the window asked for, and 304 to a GET whose validator matches (RFC 9110, 13.1). It runs last,
 * on every answer, so it sees the grant's outcome: only a 200 gets validators or a 304.
 */
export interface ValidatorOptions {
  /** `W/"…"` instead of `"…"`: the same tag may then cover bodies that differ in their bytes. */
  weak?: boolean;
  /** Answer 304 to a matching validator; false sends the full 200 every time, which is as correct. */
  notModified?: boolean;
}

const contentTag = (body: string | Buffer, weak: boolean): string =>
  `${weak ? 'W/' : ''}"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/** The end of the window asked for, or now: what the metrics were last changed by; to the second, as an HTTP-date. */
function lastModifiedOf(request: MetricsRequest): string {
  const raw = request.query.get('timestamp_to');
  const parsed = raw === null ? undefined : strictTimestamp(raw);
  const now = Date.now();
  const at = parsed?.ok ? Math.min(parsed.value.getTime(), now) : now;
  return new Date(Math.floor(at / 1000) * 1000).toUTCString();
}

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/** If-None-Match first, If-Modified-Since only without it (RFC 9110, 13.2.2); weak comparison, as GET allows. */
function matches(request: MetricsRequest, etag: string, lastModified: string): boolean {
  const { ifNoneMatch, ifModifiedSince } = request.conditions;
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/** The validators layer; an ETag the answer already has (set by the handler) is kept. */
export const withValidators =
  ({ weak = false, notModified = true }: ValidatorOptions = {}) =>
  (answer: Answer, request: MetricsRequest): Answer => {
    if (answer.status !== 200 || answer.reset) return answer;
    const etag = answer.headers.etag ?? contentTag(answer.body, weak);
    const lastModified = answer.headers['last-modified'] ?? lastModifiedOf(request);
    const validators = { etag, 'last-modified': lastModified };
    if (notModified && matches(request, etag, lastModified)) return { status: 304, headers: validators, body: '' };
    return { ...answer, headers: { ...answer.headers, ...validators } };
  };
