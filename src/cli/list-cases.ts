import { caseSearch } from '../request-builder';
import type { PlannedCase } from '../plan';

/** `--list`: what a run would send, one case a line, without sending anything. */
export function formatCaseList(plan: readonly PlannedCase[]): string {
  const idWidth = Math.max(...plan.map((p) => p.testCase.id.length), 2);
  // What would be sent now: a `{{now}}` template as the time it stands for.
  const now = new Date();
  const lines = plan.map(({ testCase, skipReason }) => {
    const query = caseSearch(testCase, now);
    const skip = skipReason ? `  (would skip: ${skipReason})` : '';
    return `${testCase.id.padEnd(idWidth)}  [${testCase.tags.join(', ')}]  ${testCase.title}${query ? `  ?${query}` : ''}${skip}`;
  });
  return [...lines, `${plan.length} case(s)`].join('\n');
}
