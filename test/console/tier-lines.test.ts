/** The console's line per tier: what ran, what did not pass, and no ✓ for a tier where nothing ran. */
import { runEnding } from '../../src/cli/console-report';
import type { Verdict } from '../../src/model';
import { buildSummary } from '../../src/reports/summary';
import { aRunInfo } from '../support/run-info';
import { aVerdict } from '../support/verdict';

const run = aRunInfo();

const tierLine = (verdicts: Verdict[], name: string): string | undefined =>
  runEnding(buildSummary(run, verdicts), '/r', [], false).find((line) => line.startsWith(`${name} `));

const coverage = (n: number, outcome: Verdict['outcome']): Verdict[] =>
  Array.from({ length: n }, (_, i) => aVerdict({ caseId: `generated.coverage.row-${outcome}-${i}`, origin: 'coverage', outcome }));

describe('a line per tier', () => {
  test('a tier whose every case was skipped is marked not run, never ✓', () => {
    const line = tierLine(coverage(3, 'skipped'), 'coverage');
    expect(line).toBe('coverage 0/3 - not run (3 skipped)');
    expect(line).not.toContain('✓');
  });

  test('a tier that ran keeps ✓, and says what it skipped', () => {
    expect(tierLine([...coverage(2, 'passed'), ...coverage(1, 'skipped')], 'coverage')).toBe('coverage 2/3 ✓ (1 skipped)');
    expect(tierLine(coverage(2, 'passed'), 'coverage')).toBe('coverage 2/2 ✓');
  });

  test('generated properties that were all skipped are not run either', () => {
    const properties = ['a', 'b'].map((p) => aVerdict({ caseId: `generated.property.${p}`, origin: 'property', outcome: 'skipped' }));
    expect(tierLine(properties, 'generated')).toBe('generated 0/2 properties, 0 requests - not run (2 skipped)');
  });
});
