/**
 * STREAMKAP_PUSHGATEWAY_URL: the run's metrics, PUT to a Prometheus Pushgateway so that alerting
 * sees every run. A PUT replaces the whole group, so a case that left the selection leaves the
 * group too. Pushing is a side duty: a push that fails comes back as a warning, never as an
 * exception or a changed verdict, and it only ever goes to the configured URL (no redirects).
 */

/** The job label of every push. */
export const PUSH_JOB = 'streamkap_conformance';

/** The grouping key of a run: one group per target, so targets (matrix jobs) never overwrite each other. */
export const pushGrouping = (baseUrl: string): Record<string, string> => ({ target: baseUrl });

export interface PushOptions {
  job: string;
  /** Labels besides the job that name the group, such as `{ target: 'https://api.example.com' }`. */
  grouping: Readonly<Record<string, string>>;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts beyond the first, after a network error, a timeout, a 429 or a 5xx. */
  retries: number;
  /** The wait before the first retry, doubled for each next one. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export type PushResult = { pushed: true; attempts: number } | { pushed: false; attempts: number; warning: string };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DEFAULT_RETRY_DELAY_MS = 250;

/** A path segment pair for the grouping key: base64url where the value has a `/` or is empty, which plain encoding cannot carry. */
function segment(name: string, value: string): string {
  if (value === '') return `${name}@base64/=`;
  if (value.includes('/')) return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  return `${name}/${encodeURIComponent(value)}`;
}

/** The group's URL under the Pushgateway's base URL (which may carry a path prefix). */
export function pushUrl(baseUrl: string, job: string, grouping: Readonly<Record<string, string>>): URL {
  const url = new URL(baseUrl);
  const pairs = [segment('job', job), ...Object.entries(grouping).map(([name, value]) => segment(name, value))];
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/metrics/${pairs.join('/')}`;
  return url;
}

/** The URL as a warning may quote it: no credentials, no query. */
export const shownPushUrl = (url: URL): string => `${url.protocol}//${url.host}${url.pathname}`;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function problemWithKey(job: string, grouping: Readonly<Record<string, string>>): string | undefined {
  if (job === '') return 'the job name is empty';
  const bad = Object.keys(grouping).find((name) => !LABEL_NAME.test(name) || name === 'job');
  return bad === undefined ? undefined : `${JSON.stringify(bad)} cannot be a grouping label`;
}

/** PUTs the metrics text to the group; resolves to whether it arrived, with a warning for the reports when not. */
export async function pushMetrics(baseUrl: string, text: string, options: PushOptions): Promise<PushResult> {
  const send = options.fetch ?? fetch;
  let url: URL;
  try {
    url = pushUrl(baseUrl, options.job, options.grouping);
  } catch {
    return {
      pushed: false,
      attempts: 0,
      warning: 'The metrics were not pushed: STREAMKAP_PUSHGATEWAY_URL is not a URL. The verdict is unchanged.',
    };
  }
  const shown = shownPushUrl(url);
  const keyProblem = problemWithKey(options.job, options.grouping);
  if (keyProblem !== undefined)
    return { pushed: false, attempts: 0, warning: `The metrics were not pushed to ${shown}: ${keyProblem}. The verdict is unchanged.` };

  // fetch refuses URLs with credentials in them; they travel as Basic authentication instead.
  const headers: Record<string, string> = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };
  if (url.username !== '' || url.password !== '') {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }

  const attempts = 1 + Math.max(0, Math.floor(options.retries));
  let reason = '';
  let used = 0;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    used = attempt;
    if (attempt > 1) await wait((options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (attempt - 2));
    try {
      const response = await send(url, {
        method: 'PUT',
        headers,
        body: text,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.ok) return { pushed: true, attempts: attempt };
      const body = (await response.text().catch(() => '')).trim().replace(/\s+/g, ' ').slice(0, 200);
      reason = `it answered ${response.status}${body === '' ? '' : `: ${body}`}`;
      if (response.status !== 429 && response.status < 500) break;
    } catch (error) {
      reason = describeFailure(error, options.timeoutMs);
    }
  }
  const tries = used === 1 ? '1 attempt' : `${used} attempts`;
  return {
    pushed: false,
    attempts: used,
    warning: `The metrics were not pushed to the Pushgateway at ${shown} (${tries}): ${reason}. The verdict is unchanged.`,
  };
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** Duck-typed: fetch's errors come from another realm under jest, where `instanceof Error` is false. */
const asErrorLike = (value: unknown): ErrorLike =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : { message: String(value) };

function describeFailure(error: unknown, timeoutMs: number): string {
  const outer = asErrorLike(error);
  if (outer.name === 'TimeoutError' || outer.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = outer.cause === undefined ? undefined : asErrorLike(outer.cause);
  if (typeof cause?.code === 'string') return `the connection failed (${cause.code})`;
  const detail = typeof cause?.message === 'string' ? ` (${cause.message})` : '';
  return `${String(outer.message ?? error)}${detail}`;
}
