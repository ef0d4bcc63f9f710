import type { Verdict } from '../../src/model';

/** A plain verdict for unit tests of what consumes verdicts; override what the test is about. */
export function aVerdict(overrides: Partial<Verdict> & Pick<Verdict, 'caseId' | 'outcome'>): Verdict {
  return {
    title: 't',
    tier: 'accept',
    tags: [],
    request: { method: 'GET', url: 'http://127.0.0.1:9/', path: '/', query: [] },
    curl: 'curl',
    durationMs: 5,
    retries: 0,
    findings: [],
    warnings: [],
    ...overrides,
  };
}
