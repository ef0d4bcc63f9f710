import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import { authorizationPlaceholder } from '../curl-command';
import { profileHeaders } from '../http/client-profiles';
import { isCaseVerdict, type Verdict, verdictKey } from '../model';

/** The failing exchanges as HAR 1.2, for browser devtools, Postman and Insomnia. */
export const FAILURES_HAR = 'failures.har';

interface NameValue {
  name: string;
  value: string;
}

/** One exchange, with the fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/). */
interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    queryString: NameValue[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  comment: string;
  /** Why no answer came (a timeout, a refused connection), as Chromium's own HAR export names it. */
  _error?: string;
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; comment: string; entries: HarEntry[] };
}

const TOOL = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };

/** The exchanges worth sharing: every case that failed or could not be judged, with the request it sent (a property may show none). */
const isFailingExchange = (verdict: Verdict): boolean =>
  isCaseVerdict(verdict) && (verdict.outcome === 'failed' || verdict.outcome === 'errored') && verdict.request.url !== '';

const headerList = (headers: Readonly<Record<string, string>>): NameValue[] => Object.entries(headers).map(([name, value]) => ({ name, value }));

/** `accept-encoding` as HTTP's registry spells it: `Accept-Encoding`. */
const fieldName = (name: string): string => name.replace(/(^|-)([a-z])/g, (_all, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);

/** What the request sent besides its credential: its client profile's headers (those the client sends at all), then its own. */
const sentHeaders = (request: Verdict['request']): NameValue[] =>
  Object.entries(profileHeaders(request.profile, request.headers)).flatMap(([name, value]) =>
    value === false ? [] : [{ name: fieldName(name), value }],
  );

function entryOf(verdict: Verdict, startedDateTime: string): HarEntry {
  const authorization = authorizationPlaceholder(verdict.auth ?? 'token');
  // A property's time is its whole draw's; the one request it shows was not timed alone.
  const time = verdict.origin === 'property' ? 0 : verdict.durationMs;
  const { response } = verdict;
  const why = verdict.findings.map((f) => f.title).join('; ') || verdict.error?.message || verdict.outcome;
  return {
    startedDateTime,
    time,
    request: {
      method: verdict.request.method,
      url: verdict.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        ...sentHeaders(verdict.request),
        ...(authorization === undefined ? [] : [{ name: 'Authorization', value: authorization }]),
      ],
      queryString: verdict.request.query.map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: response?.status ?? 0,
      statusText: (response && STATUS_CODES[response.status]) ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(response?.headers ?? {}),
      content: response
        ? {
            size: Buffer.byteLength(response.body),
            mimeType: response.headers['content-type'] ?? 'x-unknown',
            text: response.body,
            ...(response.bodyTruncated && { comment: 'The body is cut, as in every report of the run.' }),
          }
        : { size: 0, mimeType: 'x-unknown' },
      redirectURL: response?.headers.location ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    // The suite times the whole exchange (retries included), not its phases: all of it is waiting.
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: time, receive: 0 },
    comment: `${verdictKey(verdict)} (${verdict.outcome}${verdict.origin === 'property' ? ', the smallest failing request of a generated property, not timed alone' : ''}): ${why}. Reproduce: ${verdict.curl}`,
    ...(response === undefined && verdict.error && { _error: verdict.error.message }),
  };
}

/**
 * The run's failing exchanges as HAR 1.2. `finishedAt` gives when each case finished (by verdict
 * key), from which its start is told; a case without one is dated at the run's start. The
 * credentials are named by the variables that hold them, as in the curl commands.
 */
export function renderFailuresHar(
  verdicts: readonly Verdict[],
  run: { startedAt: string; target: string },
  finishedAt: ReadonlyMap<string, string>,
): Har {
  const entries = verdicts.filter(isFailingExchange).map((verdict) => {
    const finished = finishedAt.get(verdictKey(verdict));
    const started = finished === undefined ? run.startedAt : new Date(Date.parse(finished) - verdict.durationMs).toISOString();
    return entryOf(verdict, started);
  });
  return {
    log: {
      version: '1.2',
      creator: { name: TOOL.name, version: TOOL.version },
      comment: `The failed and errored exchanges of the run against ${run.target} that started at ${run.startedAt}. An Authorization value names the variable that holds the credential ($STREAMKAP_TOKEN): put the token in its place before sending one again.`,
      entries,
    },
  };
}
