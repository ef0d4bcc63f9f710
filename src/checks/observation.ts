import type { BodyValidation, Contract } from '../contract';
import type { Case, Finding, ReceivedResponse, Warning } from '../model';
import type { ResponseTimeBudgets } from './response-time-budgets';

type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/** What every check sees of one answered case; parsing and validation happen once, here. */
export interface Observation {
  testCase: Case;
  response: ReceivedResponse;
  body: ParsedBody;
  /** Undefined when the status is in no contract file, or the body is not JSON. */
  schema?: BodyValidation;
  contract: Contract;
  /** How long the attempt that answered took (a retry's backoff left out). */
  attemptMs: number;
  /** What the run's settings ask of every answer. */
  budgets: ResponseTimeBudgets;
}

/** A check is named for the property it verifies and returns what breaks it; none means it holds. */
export type Check = (observation: Observation) => Finding[];

/** Like a check, but what it finds is worth a look, not a failure. */
export type WarningRule = (observation: Observation) => Warning[];

/** How a finding quotes a body that is not JSON: its first 60 characters, whitespace folded. Redact the body first: a cut could keep part of a secret. */
export const bodyStart = (body: string): string => body.trimStart().slice(0, 60).replace(/\s+/g, ' ');

function describeNonJson(body: string): string {
  if (body.trim() === '') return 'the body is empty';
  // Invisible in a quote, so named: RFC 8259, 8.1 forbids adding one.
  if (body.startsWith('\uFEFF')) return 'the body starts with a byte order mark, which JSON texts must not have';
  const start = bodyStart(body);
  if (/^<(!doctype|html)/i.test(start)) return `the body is HTML, not JSON (starts "${start}")`;
  return `the body is not valid JSON (starts "${start}")`;
}

function parseBody(response: ReceivedResponse): ParsedBody {
  if (response.bodyProblem !== undefined) return { ok: false, reason: response.bodyProblem };
  try {
    return { ok: true, value: JSON.parse(response.body) as unknown };
  } catch {
    return { ok: false, reason: describeNonJson(response.body) };
  }
}

export function observe(
  testCase: Case,
  response: ReceivedResponse,
  contract: Contract,
  answer: { attemptMs: number; budgets: ResponseTimeBudgets } = { attemptMs: 0, budgets: {} },
): Observation {
  const body = parseBody(response);
  const schema = body.ok ? contract.validateBody(response.status, body.value) : undefined;
  return { testCase, response, body, schema, contract, ...answer };
}
