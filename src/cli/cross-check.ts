import type { TableRow } from './jest-bridge';
import type { JestReport } from './jest-table';
import { type Verdict, verdictKey } from '../model';

/** The jest status each verdict must have produced: jest cannot skip at run time, so a case a stop left unsent fails there. */
function expectedStatus(verdict: Verdict, plannedSkip: boolean): string {
  if (plannedSkip) return 'pending';
  return verdict.outcome === 'passed' ? 'passed' : 'failed';
}

/**
 * jest's own account of the table against the ledger: they must agree case by case, or the suite
 * is broken somewhere between them (a row that never ran, a verdict the table ignored). Each
 * disagreement is named; any of them makes the run a suite error, never a pass.
 */
export function crossCheckJest(
  jest: JestReport,
  verdicts: readonly Verdict[],
  rows: readonly TableRow[],
  plannedSkip: (key: string) => boolean,
): string[] {
  const problems = jest.tableErrors.map((message) => `the conformance table failed to run: ${message.split('\n')[0]}`);
  const names = new Map(rows.map((row) => [row.key, row.name]));
  const seen = new Set<string>();
  for (const verdict of verdicts) {
    const key = verdictKey(verdict);
    const name = names.get(key);
    if (name === undefined) {
      problems.push(`${key} has a verdict but no row in the jest table`);
      continue;
    }
    seen.add(name);
    const status = jest.statuses.get(name);
    const expected = expectedStatus(verdict, plannedSkip(key));
    if (status === undefined) problems.push(`${key} ${verdict.outcome} in the engine, but jest has no result for it`);
    else if (status !== expected) problems.push(`${key} ${verdict.outcome} in the engine, but jest reports it ${status}`);
  }
  for (const name of jest.statuses.keys()) if (!seen.has(name)) problems.push(`jest ran "${name}", which is no case of the run`);
  return problems;
}
