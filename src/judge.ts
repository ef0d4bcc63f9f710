import { CHECKS_BY_TIER } from './checks';
import { observe } from './checks/observation';
import type { Contract } from './contract';
import { toCurl } from './curl-command';
import type { Case, Finding, HttpExchange, Verdict } from './model';
import type { Redactor } from './redaction';

/** Reports keep this much of a body; enough to see what went wrong, not a data dump. */
export const BODY_EXCERPT_CHARS = 4000;

function transportFinding(exchange: HttpExchange): Finding[] {
  const error = exchange.error;
  if (!error) return [];
  return [
    {
      check: 'response_received',
      title: error.kind === 'timeout' ? 'No answer in time' : `No complete answer (${error.code})`,
      message:
        error.kind === 'timeout'
          ? `The server sent ${error.message}${exchange.retries ? ` after ${exchange.retries} retries` : ''}.`
          : `The request got no complete answer: ${error.message}${exchange.retries ? ` (after ${exchange.retries} retries)` : ''}.`,
    },
  ];
}

/** Runs the case's checks over its exchange and states the verdict, with every secret redacted. */
export function judge(testCase: Case, exchange: HttpExchange, contract: Contract, redactor: Redactor): Verdict {
  const { request } = exchange;
  // Redacted before any check reads it: a finding that quotes the start of a body, or an excerpt
  // cut short, could otherwise keep part of a secret that the redaction below no longer matches.
  const response = exchange.response && redactor.redactDeep(exchange.response);
  let findings = transportFinding(exchange);
  let validatedBy: string | undefined;
  if (response) {
    const observation = observe(testCase, response, contract);
    findings = CHECKS_BY_TIER[testCase.tier].flatMap((check) => check(observation));
    validatedBy = observation.schema?.source;
  }
  const verdict: Verdict = {
    caseId: testCase.id,
    title: testCase.title,
    tier: testCase.tier,
    tags: testCase.tags,
    outcome: findings.length === 0 ? 'passed' : 'failed',
    request: { method: request.method, url: request.url, path: request.path, query: request.query },
    curl: toCurl(request),
    status: response?.status,
    durationMs: exchange.durationMs,
    retries: exchange.retries,
    validatedBy,
    response: response && {
      status: response.status,
      headers: response.headers,
      body: response.body.slice(0, BODY_EXCERPT_CHARS),
      bodyTruncated: response.body.length > BODY_EXCERPT_CHARS,
    },
    findings,
    warnings: [],
  };
  return redactor.redactDeep(verdict);
}

/** A case that was not sent, and why; never counted as passed. */
export function skippedVerdict(testCase: Case, request: HttpExchange['request'], reason: string): Verdict {
  return {
    caseId: testCase.id,
    title: testCase.title,
    tier: testCase.tier,
    tags: testCase.tags,
    outcome: 'skipped',
    skipReason: reason,
    request: { method: request.method, url: request.url, path: request.path, query: request.query },
    curl: toCurl(request),
    durationMs: 0,
    retries: 0,
    findings: [],
    warnings: [],
  };
}
