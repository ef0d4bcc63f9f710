/**
 * STREAMKAP_PUSHGATEWAY_URL: the run's metrics, PUT to a Prometheus Pushgateway so that alerting
 * sees every run. A PUT replaces the whole group, so a case that left the selection leaves the
 * group too. Pushing is a side duty: a push that fails comes back as a warning, never as an
 * exception or a changed verdict, and it only ever goes to the configured URL (no redirects).
 * prom-client's Pushgateway client sends it; this module adds the run's timeout and retries.
 */

import { Pushgateway, type Registry } from 'prom-client';

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
  /** Applied to a refusal's body before it is cut short for the warning: a cut could keep part of a secret the redaction would no longer match. */
  redact?: (text: string) => string;
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

/**
 * prom-client's groupings for ours: every value base64url-encoded under `name@base64`, since
 * prom-client percent-encodes a value and the Pushgateway would read a `/` in it as a separator.
 */
const base64Groupings = (grouping: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(grouping).map(([name, value]) => [`${name}@base64`, value === '' ? '=' : Buffer.from(value).toString('base64url')]),
  );

/** What one attempt came to: arrived, or why not and whether another attempt may help. */
type Attempt = { arrived: true } | { arrived: false; reason: string; retry: boolean };

async function attempt(
  gateway: Pushgateway<'text/plain; version=0.0.4; charset=utf-8'>,
  job: string,
  groupings: Record<string, string>,
  timeoutMs: number,
  redact: (text: string) => string,
): Promise<Attempt> {
  try {
    const { resp } = await gateway.push({ jobName: job, groupings });
    // prom-client resolves on any status below 400; a redirect is not followed, and is no push.
    const status = (resp as { statusCode?: number } | undefined)?.statusCode ?? 0;
    if (status >= 200 && status < 300) return { arrived: true };
    return { arrived: false, reason: `it answered ${status} (a redirect is not followed)`, retry: false };
  } catch (error) {
    // prom-client rejects a status of 400 or more with this message, and its body.
    const answered = /^push failed with status (\d+), ([\s\S]*)$/.exec(error instanceof Error ? error.message : '');
    if (answered) {
      const status = Number(answered[1]);
      const body = redact(answered[2] ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 200);
      return { arrived: false, reason: `it answered ${status}${body === '' ? '' : `: ${body}`}`, retry: status === 429 || status >= 500 };
    }
    return { arrived: false, reason: describeFailure(error, timeoutMs), retry: true };
  }
}

/** PUTs the metrics text to the group with prom-client's Pushgateway; resolves to whether it arrived, with a warning for the reports when not. */
export async function pushMetrics(baseUrl: string, text: string, options: PushOptions): Promise<PushResult> {
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

  // The text is rendered already; prom-client asks a registry for it, so this one only hands it over.
  const registry = { metrics: () => Promise.resolve(text) } as unknown as Registry<'text/plain; version=0.0.4; charset=utf-8'>;
  // Credentials in the URL go as Basic authentication (prom-client passes them to node:http).
  const gateway = new Pushgateway(
    baseUrl.replace(/\/+$/, ''),
    { timeout: options.timeoutMs, headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' } },
    registry,
  );
  const groupings = base64Groupings(options.grouping);
  const attempts = 1 + Math.max(0, Math.floor(options.retries));
  let reason = '';
  let used = 0;
  for (let next = 1; next <= attempts; next += 1) {
    used = next;
    if (next > 1) await wait((options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** (next - 2));
    const result = await attempt(gateway, options.job, groupings, options.timeoutMs, options.redact ?? ((text) => text));
    if (result.arrived) return { pushed: true, attempts: next };
    reason = result.reason;
    if (!result.retry) break;
  }
  const tries = used === 1 ? '1 attempt' : `${used} attempts`;
  return {
    pushed: false,
    attempts: used,
    warning: `The metrics were not pushed to the Pushgateway at ${shown} (${tries}): ${reason}. The verdict is unchanged.`,
  };
}

/** Duck-typed: node's errors may come from another realm under jest, where `instanceof Error` is false. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const { message, code } = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    message?: unknown;
    code?: unknown;
  };
  if (message === 'Pushgateway request timed out') return `no answer within ${timeoutMs} ms`;
  if (typeof code === 'string') return `the connection failed (${code})`;
  return String(message ?? error);
}
