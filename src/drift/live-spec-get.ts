import type { Authorize, HttpClient } from '../http/http-client';
import type { HttpExchange } from '../model';
import type { LiveSpecGet } from './live-spec';

/** What a fetch of the live document took, for the verdict on it. */
export type LiveSpecTiming = Pick<HttpExchange, 'durationMs' | 'retries'>;

/**
 * The run's HTTP client as fetchLiveSpec's GET: the same rate gate, retries, timeout and body
 * decoding as every case. No Authorization header unless `authorize` is given (the document is
 * public on FastAPI; pass the run's token only when the server asked for it with a 401).
 * `timed` is told what each GET took.
 */
export function liveSpecGetter(client: HttpClient, authorize?: Authorize, timed?: (timing: LiveSpecTiming) => void): LiveSpecGet {
  return async (url) => {
    const result = await client.get(url, { accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' }, authorize);
    timed?.({ durationMs: result.durationMs, retries: result.retries });
    if (result.response === undefined) return { error: result.error ? `${result.error.code}: ${result.error.message}` : 'no answer' };
    const { status, headers, body, bodyProblem } = result.response;
    if (bodyProblem !== undefined) return { error: `the body could not be read: ${bodyProblem}` };
    return { status, headers, body };
  };
}
