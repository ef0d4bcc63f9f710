import type { Case } from '../model';

/** What a request is about, so that reports can group generated failures by check and parameter: its refusal (auth, pipeline), else the query parameters it sends. */
export function parameterOf(testCase: Pick<Case, 'auth' | 'pipeline' | 'query'>): string {
  if (testCase.auth !== undefined && testCase.auth !== 'token') return `auth (${testCase.auth})`;
  if (testCase.pipeline !== undefined && testCase.pipeline.kind !== 'configured') return 'pipeline_id';
  const names = [...new Set((testCase.query ?? []).map(([name]) => name))].sort();
  return names.length === 0 ? '(no query)' : names.join(' + ');
}
