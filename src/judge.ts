import { plural } from './plural';
import { type CheckSet, DEFAULT_CHECKS } from './checks';
import { type Observation, observe } from './checks/observation';
import type { ResponseTimeBudgets } from './checks/response-time-budgets';
import type { Contract } from './contract';
import { toCurl } from './curl-command';
import { TRANSIENT_NETWORK_CODES, TRANSIENT_STATUSES } from './http/retry-policy';
import {
  BODY_INCOMPLETE,
  type Case,
  type CaseError,
  caseIdentity,
  type Finding,
  type HttpExchange,
  type ReceivedResponse,
  type Verdict,
  type Warning,
} from './model';
import type { Redactor } from './redaction';

/** Reports keep this much of a body; enough to see what went wrong, not a data dump. */
export const BODY_EXCERPT_CHARS = 4000;

const afterRetries = (retries: number): string => (retries ? ` after ${plural(retries, 'retry', 'retries')}` : '');

/** The title of the finding of a request that got no answer before its deadline (sent, or known to hang and not sent again). */
export const NO_ANSWER_IN_TIME = 'No answer in time';

/** Whether the verdict is of a request that waited out its deadline: it proves nothing more by being sent again. */
export const timedOut = (verdict: Pick<Verdict, 'findings'>): boolean =>
  verdict.findings.some((finding) => finding.check === 'response_received' && finding.title.startsWith(NO_ANSWER_IN_TIME));

function transportFinding(exchange: HttpExchange): Finding[] {
  const error = exchange.error;
  if (!error) return [];
  // Bytes after a HEAD answer's header section are its GET's content, sent where none may be.
  if (exchange.request.method === 'HEAD' && error.code.startsWith('HPE_')) {
    return [
      {
        check: 'head_mirrors_get',
        title: 'HEAD answered with content',
        message: `Bytes followed the header section of the answer to HEAD (${error.message}): a HEAD answer has no content (RFC 9110, 9.3.2), and a client or proxy reads those bytes as the start of the next answer.`,
      },
    ];
  }
  return [
    {
      check: 'response_received',
      title: error.kind === 'timeout' ? NO_ANSWER_IN_TIME : `No complete answer (${error.code})`,
      message:
        error.kind === 'timeout'
          ? `The server sent ${error.message}${afterRetries(exchange.retries)}.`
          : `The request got no complete answer: ${error.message}${exchange.retries ? ` (${afterRetries(exchange.retries).trim()})` : ''}.`,
    },
  ];
}

/**
 * Why the case could not be judged because the target was unavailable: a "try again later" that
 * outlasted every retry says nothing about the contract. A timeout or a 500 is not this: that
 * request broke, and it is a finding. Said as a verb phrase (`answered 503`, `got no answer: …`), for
 * the sentences that quote it after a subject: `it …`, `the first request …`, `the last one …`.
 */
export function unavailability(exchange: Pick<HttpExchange, 'response' | 'error' | 'retries'>): string | undefined {
  const { response, error, retries } = exchange;
  if (response !== undefined && TRANSIENT_STATUSES.has(response.status)) return `answered ${response.status}${afterRetries(retries)}`;
  if (error?.kind !== 'network') return undefined;
  if (error.code === 'TOKEN_UNAVAILABLE') return `got no token: ${error.message}`;
  if (error.code === BODY_INCOMPLETE) return `sent answers cut off: ${error.message}${afterRetries(retries)}`;
  // Node's name for a connection closed before any byte of an answer came: an empty reply, as curl says.
  if (error.code === 'ECONNRESET' && /hang up/.test(error.message)) {
    return `got no answer: the connection closed without one (an empty reply)${afterRetries(retries)}`;
  }
  if (TRANSIENT_NETWORK_CODES.has(error.code)) return `got no answer: the connection failed (${error.code})${afterRetries(retries)}`;
  return undefined;
}

/** What judging an answer needs beyond the answer: the checks and what the settings ask of every answer. */
export interface JudgeConfig {
  checks: CheckSet;
  budgets: ResponseTimeBudgets;
}

const DEFAULT_CONFIG: JudgeConfig = { checks: DEFAULT_CHECKS, budgets: {} };

/** The name a bug report gives a check or rule that threw. */
const threw = (rule: { name: string }, error: unknown): string =>
  `the check ${rule.name || 'without a name'} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;

/** The case's checks and warning rules, each guarded: one that throws is a bug in the suite, named, never a pass. */
function runChecks(observation: Observation, checks: CheckSet): { findings: Finding[]; warnings: Warning[]; bugs: string[] } {
  const findings: Finding[] = [];
  const warnings: Warning[] = [];
  const bugs: string[] = [];
  const { resent } = observation.testCase;
  // A HEAD's answer, and a 304 to validators sent back, carry no content by design: the follow-up checks judge them.
  const bodiless = resent === 'head' || (resent !== undefined && observation.response.status === 304);
  const followUps = observation.earlier.length > 0 ? checks.followUps : [];
  for (const check of [...(bodiless ? [] : checks.byTier[observation.testCase.tier]), ...checks.everyAnswer, ...followUps]) {
    try {
      findings.push(...check(observation));
    } catch (error) {
      bugs.push(threw(check, error));
    }
  }
  for (const rule of checks.warnings) {
    try {
      warnings.push(...rule(observation));
    } catch (error) {
      bugs.push(threw(rule, error));
    }
  }
  return { findings, warnings, bugs };
}

/** Runs the case's checks over its exchange and states the verdict, with every secret redacted. */
export function judge(
  testCase: Case,
  exchange: HttpExchange,
  contract: Contract,
  redactor: Redactor,
  config: JudgeConfig = DEFAULT_CONFIG,
  earlier: readonly ReceivedResponse[] = [],
): Verdict {
  const { request } = exchange;
  // Redacted before any check reads it: a finding that quotes the start of a body, or an excerpt
  // cut short, could otherwise keep part of a secret that the redaction below no longer matches.
  const response = exchange.response && redactor.redactDeep(exchange.response);
  const unavailable = unavailability(exchange);
  let findings: Finding[] = [];
  let error: CaseError | undefined;
  let validatedBy: string | undefined;
  let warnings: Warning[] = [];
  if (unavailable !== undefined) {
    error = {
      kind: 'target-unavailable',
      message: `The target was unavailable: it ${unavailable}. Nothing about the contract can be said from that.`,
      answered: unavailable,
      ...(exchange.error?.code === BODY_INCOMPLETE && { cutOff: true as const }),
    };
  } else if (response) {
    const observation = observe(
      testCase,
      response,
      contract,
      { attemptMs: exchange.attemptMs ?? exchange.durationMs, budgets: config.budgets },
      redactor.redactDeep(earlier),
    );
    const checked = runChecks(observation, config.checks);
    findings = checked.findings;
    warnings = checked.warnings;
    validatedBy = observation.schema?.source;
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
    warnings: error ? [] : warnings,
  };
  // The excerpt comes from the answer redacted above; redacting its body again would only search it again.
  return { ...redactor.redactDeep({ ...verdict, response: undefined }), response: verdict.response };
}

/** A case judged without being sent, on the run's evidence (a request of the same class hung): the finding says so. */
export function findingVerdict(testCase: Case, request: HttpExchange['request'], finding: Finding): Verdict {
  return { ...requestPart(testCase, request), outcome: 'failed', durationMs: 0, retries: 0, findings: [finding], warnings: [] };
}

/**
 * A case that stayed unavailable past its retries during the run and again when sent once more at
 * its end, while the target answered another request: that request is refused, not a blip.
 */
export function alwaysUnavailableVerdict(first: Verdict, again: Verdict, served: Verdict): Verdict {
  const { error, ...rest } = again;
  const before = first.error?.answered ?? first.error?.message ?? 'was unavailable';
  const after = error?.answered ?? error?.message ?? 'was unavailable';
  const story =
    `It ${before} during the run, and ${after} when sent once more at its end, while the target served the other ` +
    `requests (${served.caseId} answered ${served.status ?? 'in time'} just then)`;
  const finding: Finding = error?.cutOff
    ? {
        check: 'body_complete',
        title: 'Body cut off on every attempt',
        message: `${story}: an answer whose content ends before its framing says (its Content-Length, or the last chunk of a chunked body) is incomplete (RFC 9112, 6.3; RFC 9110, 8.6), and a client must not take it for the whole answer.`,
      }
    : {
        check: 'not_a_server_error',
        title: 'Unavailable on every attempt',
        message: `${story}: a request refused every time is not a transient failure.`,
      };
  return { ...rest, outcome: 'failed', findings: [finding], warnings: [] };
}

function requestPart(
  testCase: Case,
  request: HttpExchange['request'],
): Pick<Verdict, 'caseId' | 'origin' | 'title' | 'tier' | 'tags' | 'auth' | 'pipelineId' | 'pipeline' | 'request' | 'curl'> {
  return {
    ...caseIdentity(testCase),
    ...(request.auth !== 'token' && { auth: request.auth }),
    ...(testCase.pipeline !== undefined && testCase.pipeline.kind !== 'configured' && { pipeline: testCase.pipeline.kind }),
    request: {
      method: request.method,
      url: request.url,
      path: request.path,
      query: request.query,
      ...(request.profile !== undefined && { profile: request.profile }),
      ...(request.headers !== undefined && { headers: request.headers }),
    },
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
