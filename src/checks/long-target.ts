import type { Case } from '../model';
import { caseSearch } from '../request-builder';

/**
 * RFC 9110 (4.1) recommends that every recipient support URIs of at least 8000 octets; past them a
 * server may refuse the target with 414 URI Too Long (15.5.15), a refusal HTTP itself documents.
 */
export const RECOMMENDED_URI_OCTETS = 8000;

/** The octets a case's request target adds to the path prefix: its query and any raw pipeline segment. */
function targetOctets(testCase: Case): number {
  const segment = testCase.pipeline?.kind === 'raw' ? testCase.pipeline.segment.length : 0;
  return caseSearch(testCase, new Date()).length + segment;
}

/**
 * The status whose declaration an answer is judged by: its own, except a 414 to a target past the
 * recommended length, judged as the contract's own refusal of a request (400, `{"detail": ...}`
 * in application/json). A 414 to a shorter target stays undocumented.
 */
export const declaredStatus = (testCase: Case, status: number): number =>
  status === 414 && targetOctets(testCase) > RECOMMENDED_URI_OCTETS ? 400 : status;
