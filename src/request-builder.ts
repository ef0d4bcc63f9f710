import type { AuthMode, Case, QueryPairs, QuerySpelling, QuerySyntax, WireRequest } from './model';
import { neighbourSegment, percentEncodeEvery } from './pipeline-neighbours';

export interface Target {
  /** The API base URL, with any path prefix and without a trailing slash. */
  baseUrl: string;
  pipelineId: string;
  missingPipelineId: string;
  /** The embedded reference server: a new address each run, so a rerun command names no target. */
  embedded?: boolean;
}

const NOW_TEMPLATE = /^\{\{now(?:([+-])(\d+)h)?\}\}$/;

/** Case tables may say `{{now}}` or `{{now-2h}}` where a fixed date would age into the wrong side of a default. */
export function resolveQueryValue(value: string, now: Date): string {
  const match = NOW_TEMPLATE.exec(value);
  if (!match) return value;
  const shiftMs = match[2] === undefined ? 0 : (match[1] === '-' ? -1 : 1) * Number(match[2]) * 3_600_000;
  return new Date(now.getTime() + shiftMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A case's query as it goes on the wire now: every template resolved. */
function resolveQuery(query: QueryPairs, now: Date): QueryPairs {
  return query.map(([name, value]) => [name, resolveQueryValue(value, now)] as const);
}

/** Ways to write the same value in a query: a server decodes each to what `plain` says. */
const SPELL: Readonly<Record<QuerySpelling, (value: string) => string>> = {
  plain: encodeURIComponent,
  'raw-colons': (value) => encodeURIComponent(value).replace(/%3A/g, ':'),
  'lower-case-escapes': (value) => encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
  'encoded-unreserved': percentEncodeEvery,
};

/** How each syntax writes one pair, and joins them (model.ts says what each means). */
const SYNTAX: Readonly<Record<QuerySyntax, { pair: (name: string, value: string) => string; join: (pairs: string[]) => string }>> = {
  plain: { pair: (name, value) => `${name}=${value}`, join: (pairs) => pairs.join('&') },
  'bare-names': { pair: (name, value) => (value === '' ? name : `${name}=${value}`), join: (pairs) => pairs.join('&') },
  'empty-pairs': { pair: (name, value) => `${name}=${value}`, join: (pairs) => `&${pairs.join('&&')}&` },
  semicolons: { pair: (name, value) => `${name}=${value}`, join: (pairs) => pairs.join(';') },
  'encoded-names': { pair: (name, value) => `${percentEncodeEvery(decodeURIComponent(name))}=${value}`, join: (pairs) => pairs.join('&') },
};

/** The query string (without `?`) of pairs, each value spelt and the pairs put together as told. */
function encodeQuery(query: QueryPairs, spelling: QuerySpelling = 'plain', syntax: QuerySyntax = 'plain'): string {
  const { pair, join } = SYNTAX[syntax];
  return join(query.map(([name, value]) => pair(encodeURIComponent(name), SPELL[spelling](value))));
}

/** The query string a case sends now (without `?`): what the request carries and `--list` shows. */
export const caseSearch = (testCase: Case, now: Date): string =>
  encodeQuery(resolveQuery(testCase.query ?? [], now), testCase.querySpelling, testCase.querySyntax);

function pipelineSegment(testCase: Case, target: Target): string {
  const ref = testCase.pipeline ?? { kind: 'configured' };
  if (ref.kind === 'raw') return ref.segment;
  if (ref.kind === 'neighbour') return neighbourSegment(ref.of, testCase.pipelineId ?? target.pipelineId);
  return encodeURIComponent(ref.kind === 'missing' ? target.missingPipelineId : (testCase.pipelineId ?? target.pipelineId));
}

/** The request a case sends, as it goes on the wire. */
export function buildRequest(testCase: Case, target: Target, now = new Date()): WireRequest {
  const query = resolveQuery(testCase.query ?? [], now);
  const path = `/pipelines/${pipelineSegment(testCase, target)}/metrics`;
  const search = caseSearch(testCase, now);
  const auth: AuthMode = testCase.auth ?? 'token';
  return {
    method: testCase.resent === 'head' ? 'HEAD' : 'GET',
    url: `${target.baseUrl}${path}${search ? `?${search}` : ''}`,
    path,
    query,
    auth,
    ...(testCase.profile !== undefined && { profile: testCase.profile }),
    ...(testCase.accept !== undefined && { headers: { accept: testCase.accept } }),
  };
}
