import { type MetricsQuery, type ParameterParsers, strictParsers } from './query-validation';
import type { Answer, MetricsRequest } from './exchange';
import { withValidators } from './validators';

export type { Answer, MetricsRequest } from './exchange';

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
  /** The last word on every metrics answer, but for its validators. */
  finish(answer: Answer, request: MetricsRequest): Answer;
  /** The validators layer, after `finish`: what validators an answer carries, and when a conditional GET gets 304. */
  revalidate(answer: Answer, request: MetricsRequest): Answer;
  /** How HEAD of the metrics path is answered, given the answer the same GET gets; a body returned goes on the wire. */
  head(get: Answer, request: MetricsRequest): Answer;
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
  revalidate: withValidators(),
  // As FastAPI answers HEAD on a GET route: routing refuses the method before any dependency runs.
  head: () => jsonAnswer(405, { detail: 'Method Not Allowed' }, { allow: 'GET' }),
};

/** HEAD answered as its GET: its status and header fields, Content-Length included; the server leaves the content out. */
export const mirroredHead = (get: Answer): Answer => get;
