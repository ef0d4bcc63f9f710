import type { Case } from '../model';
import { caseSearch } from '../request-builder';

/**
 * RFC 9110 (4.1) recommends that every recipient support URIs of at least 8000 octets; past them a
 * server, or a gateway before it, may refuse the target with 414 URI Too Long (15.5.15).
 */
export const RECOMMENDED_URI_OCTETS = 8000;

/** The octets a case's request target adds to the path prefix: its query and any raw pipeline segment. */
function targetOctets(testCase: Case): number {
  const segment = testCase.pipeline?.kind === 'raw' ? testCase.pipeline.segment.length : 0;
  return caseSearch(testCase, new Date()).length + segment;
}

/** Whether a request as sent (its URL) has a target, path and query, past the recommended length. */
export function pastRecommendedLength(url: string): boolean {
  const { pathname, search } = new URL(url);
  return pathname.length + search.length > RECOMMENDED_URI_OCTETS;
}

/**
 * Whether HTTP itself documents this status for this request: a 414 to a target past the
 * recommended length. A gateway may send it before the API sees the request, so, as for a
 * malformed id, the status is the verdict: its body is judged only when labelled JSON.
 */
export const documentedByHttp = (testCase: Case, status: number): boolean =>
  status === 414 && targetOctets(testCase) > RECOMMENDED_URI_OCTETS;
