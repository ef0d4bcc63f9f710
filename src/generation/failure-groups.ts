import type { Case } from '../model';

/**
 * What a request is about, so that reports can group generated failures by check and parameter:
 * its refusal (auth, pipeline), else what it sends after the GET (HEAD, validators), how its query
 * is put together, the client whose headers it carries, else the query parameters it sends.
 * Called on a shrunk request, whose every part left not the simplest is one the failure needs.
 */
export function parameterOf(testCase: Pick<Case, 'auth' | 'pipeline' | 'query' | 'then' | 'querySyntax' | 'profile'>): string {
  if (testCase.auth !== undefined && testCase.auth !== 'token') return `auth (${testCase.auth})`;
  if (testCase.pipeline !== undefined && testCase.pipeline.kind !== 'configured') return 'pipeline_id';
  const resent = testCase.then?.find((step) => step.as !== undefined)?.as;
  if (resent !== undefined) return resent === 'head' ? 'method (HEAD)' : `validators (${resent})`;
  if (testCase.querySyntax !== undefined && testCase.querySyntax !== 'plain') return `query syntax (${testCase.querySyntax})`;
  if (testCase.profile !== undefined && testCase.profile !== 'curl') return `profile (${testCase.profile})`;
  const names = [...new Set((testCase.query ?? []).map(([name]) => name))].sort();
  return names.length === 0 ? '(no query)' : names.join(' + ');
}
