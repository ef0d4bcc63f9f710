import { findCauses } from '../../src/causes/run-causes';
import { canonicalValues } from '../../src/causes/simplicity';
import { loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';

const canonical = canonicalValues(loadContract());

/**
 * What keeps a single-fault server's run from showing one cause: every cause's title when there
 * are several, a word when there is none; empty when the fault is one cause, as it must be.
 */
export function notOneCause(verdicts: readonly Verdict[]): string[] {
  const causes = findCauses(verdicts, canonical);
  if (causes.length === 1) return [];
  return causes.length === 0 ? ['no cause at all'] : causes.map((c) => `${c.title} [${c.caseIds.slice(0, 3).join(', ')}]`);
}
