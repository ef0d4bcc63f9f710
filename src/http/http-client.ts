import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import axios, { AxiosError, type AxiosResponse } from 'axios';
import { type Clock, systemClock } from '../clock';
import { BODY_INCOMPLETE, type ReceivedResponse, type TransportError } from '../model';
import { MAX_BODY_BYTES, decodeBody } from './body-decoding';
import { profileHeaders } from './client-profiles';
import type { RateGate } from './rate-gate';
import { MAX_RETRY_AFTER_MS, TRANSIENT_NETWORK_CODES, TRANSIENT_STATUSES, backoffMs, retryAfterMs } from './retry-policy';

export interface HttpClientOptions {
  timeoutMs: number;
  retries: number;
  gate: RateGate;
  /** First backoff step; later ones double. */
  retryBaseMs?: number;
  /** The longest Retry-After the run honours. */
  maxRetryAfterMs?: number;
  /** Most sockets kept open to the target. */
  maxSockets?: number;
  /** What times the attempts, their deadlines and Retry-After pauses; the rate gate has its own. */
  clock?: Clock;
}

interface HttpResult {
  response?: ReceivedResponse;
  error?: TransportError;
  /** From the first attempt's start to the end, retries and their waits included. */
  durationMs: number;
  /** The last attempt's own time: what response-time budgets judge. */
  attemptMs: number;
  retries: number;
}

/** The Authorization header for one attempt; undefined sends none. */
export type Authorize = () => Promise<string | undefined>;

export interface HttpClient {
  /**
   * `authorize`, when given, sets the Authorization header again for every attempt, just before
   * it goes out: a retry after a long Retry-After pause must not carry a token that has expired.
   */
  get(url: string, headers: Readonly<Record<string, string | false>>, authorize?: Authorize, method?: 'get' | 'head'): Promise<HttpResult>;
  /** The token exchange: retried like a GET, and ahead of the requests waiting at the gate. */
  postJson(url: string, body: unknown): Promise<HttpResult>;
  close(): void;
}

/** What a request carries unless it says otherwise: the suite's own client profile. */
const SUITE_HEADERS = profileHeaders();

/** Thrown by an attempt when its token cannot be had (a renewal the exchange refused). */
class TokenUnavailable extends Error {}
/** A request the run's end caught before or while it was sent: the run has its verdicts, and nothing more goes out. */
class ClientClosed extends Error {}

/**
 * Names under .invalid never resolve (RFC 6761, 6.4), so they are answered here: asking the
 * system resolver would send a query off the machine for a name that cannot exist.
 */
const lookupHost: LookupFunction = (hostname, options, callback) => {
  if (/(^|\.)invalid\.?$/i.test(hostname)) {
    const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    process.nextTick(() => callback(error, '', 4));
    return;
  }
  dns.lookup(
    hostname,
    options,
    callback as (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family: number) => void,
  );
};

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

/** The per-attempt deadline fired: a finding to report, never a blip to retry. */
const timedOut = (error: AxiosError): boolean =>
  error.code === 'ERR_CANCELED' || error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';

/** axios hands over a response whose body stream broke (a reset mid-body) without any data. */
const bodyArrived = (response: AxiosResponse | undefined): response is AxiosResponse<ArrayBuffer | Buffer> => response?.data !== undefined;

/** `offered`: the Accept-Encoding the request sent (false: none), which says what coding the answer may have. */
function toReceived(response: AxiosResponse<ArrayBuffer | Buffer>, offered: string | false): ReceivedResponse {
  const headers = flattenHeaders(response.headers);
  const bytes = Buffer.isBuffer(response.data) ? response.data : Buffer.from(response.data);
  const { text, problem, codingProblem } = decodeBody(bytes, headers['content-encoding'], offered);
  return {
    status: response.status,
    headers,
    body: text,
    ...(problem !== undefined && { bodyProblem: problem }),
    ...(codingProblem !== undefined && { codingProblem }),
  };
}

/**
 * Node's own http and https, but joining repeated header fields (RFC 9110, 5.3) instead of
 * keeping the first: a second Content-Type must reach the checks, not vanish.
 */
const joiningTransport = {
  request: (options: http.RequestOptions, callback: (response: http.IncomingMessage) => void) => {
    const request = (options.protocol === 'https:' ? https : http).request({ ...options, joinDuplicateHeaders: true }, (response) => {
      answerHeads.set(request, response);
      callback(response);
    });
    return request;
  },
};

/** The answer whose header section arrived, by the request it answers: what tells a body cut off from no answer at all. */
const answerHeads = new WeakMap<object, http.IncomingMessage>();

/**
 * The answer of a failed attempt whose header section arrived but whose content did not end as
 * its framing says (RFC 9112, 6.3): short of its Content-Length, a chunked body without its last
 * chunk, or a connection closed or reset mid-body.
 */
function cutOffAnswer(error: AxiosError): http.IncomingMessage | undefined {
  const head = error.request === undefined ? undefined : answerHeads.get(error.request as object);
  return head !== undefined && !head.complete ? head : undefined;
}

/** How the cut-off answer said its content would end, for the finding. */
function framingOf(head: http.IncomingMessage): string {
  const length = head.headers['content-length'];
  if (length !== undefined) return `before the ${length} bytes its Content-Length announced`;
  if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) return 'without the last chunk that ends a chunked body';
  return 'before its content ended';
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** The scheme and authority of a URL: all that decides whether it is loopback. */
function originPart(url: string): string {
  const authority = url.indexOf('//');
  const path = authority < 0 ? -1 : url.indexOf('/', authority + 2);
  return path < 0 ? url : url.slice(0, path);
}

/**
 * The one way the suite talks HTTP: per-attempt deadlines, the run-wide rate gate, and retries
 * of transient failures only (429 after its Retry-After, 502/503/504 and connection resets with
 * backoff). Any other status, 500 included, is returned as it came: it is evidence, not a blip.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? systemClock;
  const retryBaseMs = options.retryBaseMs ?? 250;
  // How late a deadline may fire before it says more about this process than about the server.
  const starvedAfterMs = Math.max(1000, options.timeoutMs / 4);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16, lookup: lookupHost };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const instance = axios.create({
    httpAgent,
    httpsAgent,
    maxRedirects: 0, // a redirect is an answer to report, and following one could leave the target
    transport: joiningTransport,
    adapter: 'http',
    responseType: 'arraybuffer',
    transformResponse: [],
    decompress: false, // decodeBody undoes Content-Encoding, and says so when it cannot
    maxContentLength: MAX_BODY_BYTES,
    // Only what may be retried goes the error path: building an AxiosError for every answer costs
    // a stack trace and a rejection each. Every other status is returned as it came.
    validateStatus: (status) => !TRANSIENT_STATUSES.has(status),
  });

  // No library defaults to merge into every request: each carries its headers whole, the suite's own
  // unless a client profile says otherwise (what axios would add is there, or false: not sent).
  instance.defaults.headers = {} as typeof instance.defaults.headers;

  // Once the run is over, requests still queued are not sent, and those in flight are dropped.
  const closing = new AbortController();
  // Each attempt's own deadline, aborted by the run's end too: cheaper than joining two signals per attempt.
  const attemptsInFlight = new Set<AbortController>();
  // Parsed once per origin, not once per request.
  const loopbackOrigins = new Map<string, boolean>();
  const loopback = (url: string): boolean => {
    const origin = originPart(url);
    let known = loopbackOrigins.get(origin);
    if (known === undefined) {
      known = isLoopback(url);
      loopbackOrigins.set(origin, known);
    }
    return known;
  };

  /**
   * Whether a failed attempt is worth another: a transient status or connection failure, never a
   * deadline that fired on time. A deadline that fired late says this process was starved of CPU
   * (a loaded machine), so the wait is no evidence against the server: that attempt goes again.
   */
  const retriable = (error: AxiosError, lateMs: number): boolean => {
    // Every request this client sends may be repeated: GETs, and the token exchange, which at
    // worst mints a token that nobody uses. A body cut off mid-stream is a reset like any other.
    if (bodyArrived(error.response)) return TRANSIENT_STATUSES.has(error.response.status);
    if (timedOut(error)) return lateMs > starvedAfterMs;
    return error.response !== undefined || TRANSIENT_NETWORK_CODES.has(error.code ?? '');
  };

  /** The wait before retry number `retry`; a 429 holds the gate instead, for every request, until its Retry-After. */
  const retryDelayMs = (retry: number, error: AxiosError): number => {
    const backoff = backoffMs(retry, retryBaseMs);
    if (error.response?.status !== 429) return backoff;
    const header = error.response.headers['retry-after'] as string | undefined;
    options.gate.pauseUntil(clock.now() + (retryAfterMs(header, maxRetryAfterMs, clock.now()) ?? backoff));
    return 0;
  };

  interface Request {
    method: 'get' | 'head' | 'post';
    url: string;
    /** Every header it sends, the suite's own profile filled in; `false`: not sent at all (a client profile without it). */
    headers: Readonly<Record<string, string | false>>;
    data?: string;
    authorize?: Authorize;
    priority?: boolean;
  }

  /**
   * One attempt: through the rate gate, with the Authorization of that moment, under its own
   * deadline that a trickling server cannot stretch (unlike a socket idle timeout). Resolves to
   * the answer or axios's error; throws only when the request never went out.
   */
  async function attempt(request: Request, timing: { startedAt?: number; attemptStartedAt?: number }) {
    await options.gate.acquire({ priority: request.priority });
    if (closing.signal.aborted) throw new ClientClosed('the run ended before this request was sent');
    timing.startedAt ??= clock.now();
    timing.attemptStartedAt = clock.now();
    const headers: Record<string, string | false> = { ...request.headers };
    if (request.authorize) {
      let authorization: string | undefined;
      try {
        authorization = await request.authorize();
      } catch (error) {
        throw new TokenUnavailable(error instanceof Error ? error.message : String(error));
      }
      if (authorization === undefined) delete headers.authorization;
      else headers.authorization = authorization;
    }
    const deadline = new AbortController();
    attemptsInFlight.add(deadline);
    const cancelDeadline = clock.after(options.timeoutMs, () => deadline.abort());
    try {
      return await instance.request<ArrayBuffer | Buffer>({
        method: request.method,
        url: request.url,
        headers,
        data: request.data,
        signal: deadline.signal,
        ...(loopback(request.url) && { proxy: false as const }),
      });
    } catch (error) {
      if (error instanceof AxiosError) return error;
      throw error;
    } finally {
      cancelDeadline();
      attemptsInFlight.delete(deadline);
    }
  }

  async function send(request: Request): Promise<HttpResult> {
    const queuedAt = clock.now();
    const timing: { startedAt?: number; attemptStartedAt?: number } = {};
    let retries = 0;
    const settle = () => ({
      durationMs: clock.now() - (timing.startedAt ?? queuedAt),
      attemptMs: clock.now() - (timing.attemptStartedAt ?? queuedAt),
      retries,
    });
    let outcome: AxiosResponse<ArrayBuffer | Buffer> | AxiosError | undefined;
    let caught: unknown;
    for (;;) {
      try {
        outcome = await attempt(request, timing);
      } catch (error) {
        if (error instanceof TokenUnavailable) {
          return {
            durationMs: clock.now() - queuedAt,
            attemptMs: clock.now() - queuedAt,
            retries: 0,
            error: { kind: 'network', code: 'TOKEN_UNAVAILABLE', message: error.message },
          };
        }
        caught = error;
        break;
      }
      const lateMs = clock.now() - (timing.attemptStartedAt ?? queuedAt) - options.timeoutMs;
      if (!(outcome instanceof AxiosError) || retries >= options.retries || !retriable(outcome, lateMs)) break;
      retries += 1;
      const delayMs = retryDelayMs(retries, outcome);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    const response = outcome instanceof AxiosError ? outcome.response : outcome;
    const result = settle();
    if (caught === undefined && bodyArrived(response)) {
      return { response: toReceived(response, request.headers['accept-encoding'] ?? false), ...result };
    }
    if (closing.signal.aborted) {
      const message = caught instanceof ClientClosed ? caught.message : 'the run ended while this request was in flight';
      return { ...result, error: { kind: 'network', code: 'CLIENT_CLOSED', message } };
    }
    const error = outcome instanceof AxiosError && caught === undefined ? outcome : new AxiosError('the answer came without a body');
    return { ...result, error: transportError(error, caught === undefined ? response : undefined, result.durationMs) };
  }

  function transportError(error: AxiosError, response: AxiosResponse | undefined, waitedMs: number): TransportError {
    if (timedOut(error)) {
      return { kind: 'timeout', code: 'TIMEOUT', message: `no complete answer within ${options.timeoutMs} ms (waited ${waitedMs} ms)` };
    }
    if (/maxContentLength/.test(error.message)) {
      return {
        kind: 'network',
        code: 'BODY_TOO_LARGE',
        message: `the answer's body ran past ${MAX_BODY_BYTES} bytes, far beyond any metrics answer, and was not read further`,
      };
    }
    const head = cutOffAnswer(error);
    if (head !== undefined || response !== undefined) {
      const status = head?.statusCode ?? response?.status;
      return {
        kind: 'network',
        code: BODY_INCOMPLETE,
        message: `the ${status} answer stopped when its connection ${error.code === 'ECONNRESET' ? 'was reset' : 'closed'}, ${head === undefined ? 'before its body ended' : framingOf(head)} (${error.message})`,
      };
    }
    // llhttp's codes: a body on a 204, two Content-Lengths, a broken status line.
    if (error.code?.startsWith('HPE_')) {
      return { kind: 'network', code: error.code, message: `the answer is not well-formed HTTP (${error.message})` };
    }
    return { kind: 'network', code: error.code ?? 'UNKNOWN', message: error.message };
  }

  return {
    // HEAD only mirrors a GET (a follow-up of the same case): safe like it, and retried like it.
    get: (url, headers, authorize, method = 'get') => send({ method, url, headers: { ...SUITE_HEADERS, ...headers }, authorize }),
    postJson: (url, body) =>
      send({
        method: 'post',
        url,
        headers: { ...SUITE_HEADERS, 'content-type': 'application/json' },
        data: JSON.stringify(body),
        priority: true,
      }),
    close: () => {
      closing.abort();
      for (const attempt of attemptsInFlight) attempt.abort();
      attemptsInFlight.clear();
      options.gate.close();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
