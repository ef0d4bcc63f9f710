import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import type { ReceivedResponse, TransportError } from '../model';
import type { RateGate } from './rate-gate';
import { TRANSIENT_NETWORK_CODES, TRANSIENT_STATUSES, backoffMs, retryAfterMs } from './retry-policy';

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
}

export interface HttpResult {
  response?: ReceivedResponse;
  error?: TransportError;
  durationMs: number;
  retries: number;
}

export interface HttpClient {
  get(url: string, headers: Record<string, string>): Promise<HttpResult>;
  postJson(url: string, body: unknown): Promise<HttpResult>;
  close(): void;
}

interface Timing {
  startedAt?: number;
}

type TimedConfig = InternalAxiosRequestConfig & { timing?: Timing; 'axios-retry'?: { retryCount?: number } };

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

function toReceived(response: AxiosResponse<ArrayBuffer | Buffer | string>): ReceivedResponse {
  const data = response.data;
  const body = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
  return { status: response.status, headers: flattenHeaders(response.headers), body };
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/**
 * The one way the suite talks HTTP: per-attempt deadlines, the run-wide rate gate, and retries
 * of transient failures only (429 after its Retry-After, 502/503/504 and connection resets with
 * backoff). Any other status, 500 included, is returned as it came: it is evidence, not a blip.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const retryBaseMs = options.retryBaseMs ?? 250;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const instance = axios.create({
    httpAgent,
    httpsAgent,
    maxRedirects: 0, // a redirect is an answer to report, and following one could leave the target
    responseType: 'arraybuffer',
    transformResponse: [],
    decompress: true,
    maxContentLength: 10 * 1024 * 1024,
    validateStatus: () => true,
  });

  instance.interceptors.request.use(async (config: TimedConfig) => {
    await options.gate.acquire();
    config.timing ??= {};
    config.timing.startedAt ??= Date.now();
    // A deadline per attempt that a trickling server cannot stretch, unlike a socket idle timeout.
    config.signal = AbortSignal.timeout(options.timeoutMs);
    if (isLoopback(config.url ?? '')) config.proxy = false;
    return config;
  });

  axiosRetry(instance, {
    retries: options.retries,
    shouldResetTimeout: true,
    validateResponse: (response) => !TRANSIENT_STATUSES.has(response.status),
    retryCondition: (error) => {
      if (error.config?.method !== 'get' && error.response?.status !== 429) return false;
      if (error.response) return TRANSIENT_STATUSES.has(error.response.status);
      return TRANSIENT_NETWORK_CODES.has(error.code ?? '');
    },
    retryDelay: (attempt, error) => {
      const backoff = backoffMs(attempt, retryBaseMs);
      if (error.response?.status !== 429) return backoff;
      const header = error.response.headers['retry-after'] as string | undefined;
      options.gate.pauseUntil(Date.now() + (retryAfterMs(header, maxRetryAfterMs) ?? backoff));
      return 0; // the gate holds this request, and every other one, until the pause ends
    },
  });

  async function send(config: { method: 'get' | 'post'; url: string; headers: Record<string, string>; data?: string }): Promise<HttpResult> {
    const queuedAt = Date.now();
    const settle = (timed: TimedConfig | undefined) => ({
      durationMs: Date.now() - (timed?.timing?.startedAt ?? queuedAt),
      retries: timed?.['axios-retry']?.retryCount ?? 0,
    });
    try {
      const response = await instance.request<ArrayBuffer>(config);
      return { response: toReceived(response), ...settle(response.config as TimedConfig) };
    } catch (caught) {
      const error = caught as AxiosError<ArrayBuffer>;
      const timed = error.config as TimedConfig | undefined;
      const result = settle(timed);
      if (error.response) return { response: toReceived(error.response), ...result };
      const timedOut = error.code === 'ERR_CANCELED' || error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
      return {
        ...result,
        error: timedOut
          ? { kind: 'timeout', code: 'TIMEOUT', message: `no complete answer within ${options.timeoutMs} ms (waited ${result.durationMs} ms)` }
          : { kind: 'network', code: error.code ?? 'UNKNOWN', message: error.message },
      };
    }
  }

  return {
    get: (url, headers) => send({ method: 'get', url, headers }),
    postJson: (url, body) => send({ method: 'post', url, headers: { 'content-type': 'application/json' }, data: JSON.stringify(body) }),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
