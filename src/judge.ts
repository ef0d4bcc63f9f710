import { CHECKS_BY_TIER } from './checks';
import { observe } from './checks/observation';
import { degradedWarnings, type ResponseTimeBudgets, responseTimeWithinBudget } from './checks/response-time-checks';
import type { Contract } from './contract';
import { toCurl } from './curl-command';
import { TRANSIENT_NETWORK_CODES, TRANSIENT_STATUSES } from './http/retry-policy';
import type { Case, CaseError, Finding, HttpExchange, ReceivedResponse, Verdict, Warning } from './model';
import type { Redactor } from './redaction';

/** Reports keep this much of a body; enough to see what went wrong, not a data dump. */
export const BODY_EXCERPT_CHARS = 4000;

const afterRetries = (retries: number): string => (retries ? ` after ${retries} retries` : '');

function transportFinding(exchange: HttpExchange): Finding[] {
  const error = exchange.error;
  if (!error) return [];
  return [
    {
      check: 'response_received',
      title: error.kind === 'timeout' ? 'No answer in time' : `No complete answer (${error.code})`,
      message:
        error.kind === 'timeout'
          ? `The server sent ${error.message}${afterRetries(exchange.retries)}.`
          : `The request got no complete answer: ${error.message}${exchange.retries ? ` (after ${exchange.retries} retries)` : ''}.`,
    },
  ];
}

/**
 * Why the case could not be judged because the target was unavailable: a "try again later" that
 * outlasted every retry says nothing about the contract. A timeout or a 500 is not this: that
 * request broke, and it is a finding.
 */
export function unavailability(exchange: Pick<HttpExchange, 'response' | 'error' | 'retries'>): string | undefined {
  const { response, error, retries } = exchange;
  if (response !== undefined && TRANSIENT_STATUSES.has(response.status)) return `answered ${response.status}${afterRetries(retries)}`;
  if (error?.kind !== 'network') return undefined;
  if (error.code === 'TOKEN_UNAVAILABLE') return `no token could be had: ${error.message}`;
  if (TRANSIENT_NETWORK_CODES.has(error.code)) return `the connection failed (${error.code})${afterRetries(retries)}`;
  return undefined;
}

/** RFC 6750 (3.1) asks for 403 on insufficient scope; a 401 cannot be told from a token the server does not know. */
function limitedTokenWarnings(testCase: Case, response: ReceivedResponse | undefined): Warning[] {
  if (testCase.auth !== 'limited-token' || response?.status !== 401) return [];
  return [
    {
      code: 'permission-unconfirmed',
      title: 'Permission check unconfirmed',
      message:
        'The limited token was answered 401, as an unknown or expired token would be, so this run could not confirm that a valid token without read:pipeline_metrics is refused. RFC 6750 asks for 403 on insufficient scope. If STREAMKAP_LIMITED_TOKEN may have expired, set STREAMKAP_LIMITED_CLIENT_ID and STREAMKAP_LIMITED_SECRET instead, so each run exchanges a fresh one.',
    },
  ];
}

/** A limited token that got metrics is either a server ignoring scopes or a full token in the wrong setting. */
function limitedTokenHint(testCase: Case, findings: Finding[]): Finding[] {
  if (testCase.auth !== 'limited-token') return findings;
  return findings.map((finding) =>
    finding.check === 'auth_enforced'
      ? {
          ...finding,
          message: `${finding.message} If STREAMKAP_LIMITED_TOKEN (or the limited client) does have read:pipeline_metrics, this is a setting, not a server fault: set it to credentials without that permission.`,
        }
      : finding,
  );
}

/** The checks of the case's tier, each guarded: a check that throws is a bug in the suite, named, never a pass. */
function runChecks(
  testCase: Case,
  response: ReceivedResponse,
  contract: Contract,
): { findings: Finding[]; bugs: string[]; validatedBy?: string } {
  const observation = observe(testCase, response, contract);
  const findings: Finding[] = [];
  const bugs: string[] = [];
  for (const check of CHECKS_BY_TIER[testCase.tier]) {
    try {
      findings.push(...check(observation));
    } catch (error) {
      bugs.push(
        `the check ${check.name || 'without a name'} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
  }
  return { findings, bugs, validatedBy: observation.schema?.source };
}

/** Runs the case's checks over its exchange and states the verdict, with every secret redacted. */
export function judge(
  testCase: Case,
  exchange: HttpExchange,
  contract: Contract,
  redactor: Redactor,
  budgets: ResponseTimeBudgets = {},
): Verdict {
  const { request } = exchange;
  // Redacted before any check reads it: a finding that quotes the start of a body, or an excerpt
  // cut short, could otherwise keep part of a secret that the redaction below no longer matches.
  const response = exchange.response && redactor.redactDeep(exchange.response);
  const unavailable = unavailability(exchange);
  let findings: Finding[] = [];
  let error: CaseError | undefined;
  let validatedBy: string | undefined;
  let timeWarnings: Warning[] = [];
  if (unavailable !== undefined) {
    error = {
      kind: 'target-unavailable',
      message: `The target was unavailable: it ${unavailable}. Nothing about the contract can be said from that.`,
      answered: unavailable,
    };
  } else if (response) {
    const checked = runChecks(testCase, response, contract);
    const attemptMs = exchange.attemptMs ?? exchange.durationMs;
    findings = [...limitedTokenHint(testCase, checked.findings), ...responseTimeWithinBudget(attemptMs, budgets.maxResponseMs)];
    timeWarnings = degradedWarnings(attemptMs, budgets);
    validatedBy = checked.validatedBy;
    if (checked.bugs.length > 0) error = { kind: 'suite-bug', message: `Bug in the suite: ${checked.bugs.join('; ')}.` };
  } else {
    findings = transportFinding(exchange);
  }
  const verdict: Verdict = {
    ...requestPart(testCase, request),
    // A finding stands even beside a broken check; the error is still shown and counted.
    outcome: findings.length > 0 ? 'failed' : error !== undefined ? 'errored' : 'passed',
    ...(error && { error }),
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
    warnings: error ? [] : [...limitedTokenWarnings(testCase, response), ...timeWarnings],
  };
  return redactor.redactDeep(verdict);
}

function requestPart(
  testCase: Case,
  request: HttpExchange['request'],
): Pick<Verdict, 'caseId' | 'title' | 'tier' | 'tags' | 'pipelineId' | 'request' | 'curl'> {
  return {
    caseId: testCase.id,
    title: testCase.title,
    tier: testCase.tier,
    tags: testCase.tags,
    ...(testCase.pipelineId !== undefined && { pipelineId: testCase.pipelineId }),
    request: { method: request.method, url: request.url, path: request.path, query: request.query },
    curl: toCurl(request),
  };
}

/** A case that was not sent, and why; never counted as passed. */
export function skippedVerdict(testCase: Case, request: HttpExchange['request'], reason: string): Verdict {
  return {
    ...requestPart(testCase, request),
    outcome: 'skipped',
    skipReason: reason,
    durationMs: 0,
    retries: 0,
    findings: [],
    warnings: [],
  };
}

/** A case the suite could not judge because of its own bug; the message says so. */
export function suiteBugVerdict(testCase: Case, request: HttpExchange['request'], message: string): Verdict {
  return {
    ...requestPart(testCase, request),
    outcome: 'errored',
    error: { kind: 'suite-bug', message: `Bug in the suite: ${message}` },
    durationMs: 0,
    retries: 0,
    findings: [],
    warnings: [],
  };
}
