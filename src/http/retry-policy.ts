/** Statuses that say "try again later" rather than anything about the contract. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Connection failures that a GET may safely be sent again after. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']);

/**
 * Retry-After as milliseconds from now: delta-seconds or an HTTP-date (RFC 9110, 10.2.3),
 * capped so a hostile or mistaken header cannot stall a run. Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, capMs: number, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  // An HTTP-date names a weekday and a month; without letters it is neither form (Date.parse would take "-1").
  const waitMs = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : /[a-z]/i.test(trimmed) ? Date.parse(trimmed) - now : Number.NaN;
  if (Number.isNaN(waitMs)) return undefined;
  return Math.min(Math.max(0, waitMs), capMs);
}

/** The longest Retry-After a run honours by default: a hostile or mistaken header cannot stall it longer. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** No single backoff waits longer than this, however many retries are allowed. */
export const MAX_BACKOFF_MS = 30_000;

/** Exponential backoff with jitter: attempt 1 waits half to all of base, attempt 2 of 2 x base... */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
