import { type MetricsQuery, type ParameterParsers, strictParsers } from './query-validation';

/** What the server sends: tests rewrite any part of it through `Behaviour.finish`. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Drop the connection without a word instead of answering: how a faulty server resets a class of request. */
  reset?: true;
  /** Send the headers (with the whole body's Content-Length) and this many bytes of the body, then drop the connection. */
  cutAfterBytes?: number;
}

export interface MetricsRequest {
  /** The pipeline path segment, percent-decoded. */
  pipelineId: string;
  query: URLSearchParams;
  /** The query as it came on the wire, before any decoding. */
  rawQuery: string;
  authorization?: string;
}

type AuthDecision = 'granted' | 'unauthenticated' | 'forbidden';

/** Tokens the server knows, and what each may do. */
export interface TokenBook {
  isValid(token: string): boolean;
  isLimited(token: string): boolean;
}

/**
 * The reference server's decisions, one function each. The defaults implement the contract;
 * a test builds a faulty (or differently conformant) server by overriding exactly one of them.
 */
export interface Behaviour {
  authorize(authorization: string | undefined, tokens: TokenBook): AuthDecision;
  parsers: ParameterParsers;
  pipelineExists(pipelineId: string, knownPipelineId: string): boolean;
  metrics(query: MetricsQuery): Record<string, unknown>;
  /** The last word on every metrics answer. */
  finish(answer: Answer, request: MetricsRequest): Answer;
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
}

/** The example response of the endpoint's documentation, with live-looking numbers. */
export function documentedMetrics(query: MetricsQuery): Record<string, unknown> {
  const seconds = Math.floor(query.to.getTime() / 1000);
  return {
    data: {
      latency: 40 + (seconds % 600) / 10,
      recordsLag: seconds % 97,
      status: 'Active',
    },
    metadata: {
      latency: { name: 'Pipeline Latency', unit: 'milliseconds' },
      status: { name: 'Pipeline Status', unit: 'milliseconds' },
      recordsLag: { name: 'Lag in Events', unit: 'count' },
    },
  };
}

export const referenceBehaviour: Behaviour = {
  authorize(authorization, tokens) {
    const token = bearerToken(authorization);
    if (token === undefined || !tokens.isValid(token)) return 'unauthenticated';
    return tokens.isLimited(token) ? 'forbidden' : 'granted';
  },
  parsers: strictParsers,
  pipelineExists: (pipelineId, knownPipelineId) => pipelineId === knownPipelineId,
  metrics: documentedMetrics,
  finish: (answer) => answer,
};
