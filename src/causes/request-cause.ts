import type { AuthMode, CheckName, Finding, Verdict, VerdictTier } from '../model';

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

/** A refused request's cause depends on how it was refused: the auth mode, or the kind of unknown id. */
const REFUSAL: Partial<Record<VerdictTier, (auth: AuthMode | undefined) => string>> = {
  auth: (auth) => `auth ${auth ?? 'token'}`,
  'not-found': () => 'missing pipeline id',
  'hostile-id': () => 'hostile pipeline id',
};

const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

/** Array indices say which item, not which problem: `$.detail[3].loc` is the same cause as `$.detail[0].loc`. */
const pathPattern = (path: string): string => path.replace(/\[\d+\]/g, '[*]');

type Judged = Pick<Verdict, 'tier' | 'status' | 'auth'>;

function causesOfFinding(verdict: Judged, finding: Finding): RequestCause[] {
  const { check } = finding;
  const refusal = REFUSAL[verdict.tier]?.(verdict.auth);
  const about = refusal ? ` (${refusal})` : '';
  if (check === 'response_schema_conformance' && finding.schemaErrors && finding.schemaErrors.length > 0) {
    const body = verdict.status === undefined || verdict.status === 200 ? '' : ` in the ${verdict.status} body`;
    return finding.schemaErrors.map((error) => {
      const title = `${check} ${pathPattern(error.path)} ${error.message}${body}`;
      return { key: `${title}${about}`, check, title: `${title}${about}` };
    });
  }
  const expected = EXPECTED_STATUS[check];
  if (expected !== undefined && verdict.status !== undefined) {
    // An undocumented status is its own cause; other status checks go by class (a 400 and a 422 are one problem).
    const got = check === 'status_is_documented' ? String(verdict.status) : statusClass(verdict.status);
    const title = `${check}${about}: expected ${expected}, got ${got}`;
    return [{ key: title, check, title }];
  }
  // The other checks' titles name what they found without numbers that vary (a body that is not JSON, a timeout).
  const what = check === 'response_time_within_budget' ? 'over the max budget' : finding.title.replace(/\d+ ms/g, 'N ms');
  const title = `${check}${about}: ${what}`;
  return [{ key: title, check, title }];
}

/** The causes a failed verdict's findings show, each once; none for a verdict that did not fail. */
export function causesOf(verdict: Judged & Pick<Verdict, 'outcome' | 'findings'>): RequestCause[] {
  if (verdict.outcome !== 'failed') return [];
  const byKey = new Map<string, RequestCause>();
  for (const finding of verdict.findings) for (const cause of causesOfFinding(verdict, finding)) byKey.set(cause.key, cause);
  return [...byKey.values()];
}
