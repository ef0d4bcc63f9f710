import { pastRecommendedLength, RECOMMENDED_URI_OCTETS } from '../checks/long-target';
import type { AuthMode, CauseDimension, CheckName, Finding, Verdict, VerdictTier } from '../model';

/**
 * What one failing request is about, as a person would name the problem: the failing check with
 * what it found. Requests with the same key hit the same cause, whichever tier or phase sent them.
 */
export interface RequestCause {
  /** Stable across runs: the check and what it found, never a case id or a timing. */
  key: string;
  check: CheckName;
  /** One line: `response_schema_conformance $.data.recordsLag must be integer, string or null`. */
  title: string;
  /**
   * What the server did, whichever check saw it: `answered 5xx`, or the check and what it found.
   * Two findings of one behaviour are one cause when the same dimension (or none) triggers both.
   */
  behaviour: string;
  /** The part of the request the case varied (`auth none`), which the title names until the run shows it is not the trigger. */
  dimension?: CauseDimension;
  /** The title after the check and its label: `: expected 404, got 4xx`, or ` $.data.x must be …`. */
  what: string;
}

/** What a status check expected, in the words of its title. */
const EXPECTED_STATUS: Partial<Record<CheckName, string>> = {
  valid_request_accepted: '200',
  invalid_request_rejected: 'a 4xx about the request',
  not_a_server_error: 'no 5xx',
  auth_enforced: '401 or 403',
  unknown_pipeline_not_found: '404',
  malformed_id_rejected: 'a 4xx',
  status_is_documented: 'a documented status',
};

/** A refused request's cause depends on how it was refused: the credential, or the kind of unknown id. */
const REFUSAL: Partial<Record<VerdictTier, (auth: AuthMode | undefined) => CauseDimension>> = {
  auth: (auth) => ({ kind: 'credential', label: `auth ${auth ?? 'token'}` }),
  refused: (auth) => ({ kind: 'credential', label: `auth ${auth ?? 'token'}` }),
  'not-found': () => ({ kind: 'pipeline id', label: 'missing pipeline id' }),
  'hostile-id': () => ({ kind: 'pipeline id', label: 'hostile pipeline id' }),
};

const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

/** Array indices say which item, not which problem: `$.detail[3].loc` is the same cause as `$.detail[0].loc`. */
const pathPattern = (path: string): string => path.replace(/\[\d+\]/g, '[*]');

type Judged = Pick<Verdict, 'tier' | 'status' | 'auth' | 'pipeline' | 'request'>;

/** The title of a cause: the check, the labels of the dimensions that trigger it, and what was found. */
export const causeTitle = (check: CheckName, labels: readonly string[], what: string): string =>
  `${check}${labels.length > 0 ? ` (${labels.join(', ')})` : ''}${what}`;

/** The dimension a case varies by its tier: its credential, or its pipeline id; none for a case of the configured ones. */
/**
 * A request target past what every recipient should take (RFC 9110 4.1): what such a request gets
 * is first about its size, whichever part (the id, a value) made it long.
 */
const LONG_TARGET: CauseDimension = { kind: 'request size', label: `request target over ${RECOMMENDED_URI_OCTETS} octets` };

export const dimensionOf = (verdict: Pick<Verdict, 'tier' | 'auth' | 'pipeline' | 'request'>): CauseDimension | undefined =>
  (pastRecommendedLength(verdict.request.url) ? LONG_TARGET : undefined) ??
  REFUSAL[verdict.tier]?.(verdict.auth) ??
  // An id near the configured one that may be the same id is judged as a boundary case; it still varies the id.
  (verdict.pipeline === 'neighbour' ? { kind: 'pipeline id', label: 'neighbouring pipeline id' } : undefined);

function causesOfFinding(verdict: Judged, finding: Finding): RequestCause[] {
  const { check } = finding;
  const dimension = dimensionOf(verdict);
  const cause = (what: string, behaviour: string): RequestCause => {
    const title = causeTitle(check, dimension ? [dimension.label] : [], what);
    return { key: title, check, title, behaviour, what, ...(dimension && { dimension }) };
  };
  if (check === 'response_schema_conformance' && finding.schemaErrors && finding.schemaErrors.length > 0) {
    const body = verdict.status === undefined || verdict.status === 200 ? '' : ` in the ${verdict.status} body`;
    // One schema error of one class of answers is one behaviour: the 401 and the 403 body alike.
    const bodyClass = verdict.status === undefined || verdict.status === 200 ? '' : ` in a ${statusClass(verdict.status)} body`;
    return finding.schemaErrors.map((error) => {
      const at = ` ${pathPattern(error.path)} ${error.message}`;
      return cause(`${at}${body}`, `${check}${at}${bodyClass}`);
    });
  }
  const expected = EXPECTED_STATUS[check];
  if (expected !== undefined && verdict.status !== undefined) {
    // An undocumented status is its own cause; other status checks go by class (a 400 and a 422 are one problem),
    // and one class is one behaviour whichever check expected otherwise (a crash is a crash, on any tier).
    const got = check === 'status_is_documented' ? String(verdict.status) : statusClass(verdict.status);
    return [cause(`: expected ${expected}, got ${got}`, `answered ${got}`)];
  }
  // The other checks' titles name what they found without numbers that vary (a body that is not JSON, a timeout).
  const what = check === 'response_time_within_budget' ? 'over the max budget' : finding.title.replace(/\d+ ms/g, 'N ms');
  // One check's finding is one behaviour, whichever parameter or code its title names (`422 does not name time_unit`).
  return [cause(`: ${what}`, check)];
}

/** The causes a failed verdict's findings show, each once; none for a verdict that did not fail. */
export function causesOf(verdict: Judged & Pick<Verdict, 'outcome' | 'findings'>): RequestCause[] {
  if (verdict.outcome !== 'failed') return [];
  const byKey = new Map<string, RequestCause>();
  for (const finding of verdict.findings) for (const cause of causesOfFinding(verdict, finding)) byKey.set(cause.key, cause);
  return [...byKey.values()];
}
