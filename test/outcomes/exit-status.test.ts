/** The exit code from the verdicts, with README's precedence: interrupted, 1, 2, 3, 4, 0. */
import type { RunStop } from '../../src/conformance-run';
import { exitStatus } from '../../src/exit-status';
import type { Verdict } from '../../src/model';
import { aVerdict } from '../support/verdict';

const verdict = (outcome: Verdict['outcome'], error?: Verdict['error']): Verdict =>
  aVerdict({
    caseId: `case.${outcome}.${error?.kind ?? ''}`,
    outcome,
    ...(error && { error }),
    warnings: outcome === 'passed' ? [{ code: 'permission-unconfirmed', title: 'w', message: 'w' }] : [],
  });
const passed = verdict('passed');
const failed = verdict('failed');
const skipped = verdict('skipped');
const bug = verdict('errored', { kind: 'suite-bug', message: 'bug' });
const unavailable = verdict('errored', { kind: 'target-unavailable', message: 'down' });
const down: RunStop = { kind: 'target-unavailable', since: 'then', answered: 'answered 503', consecutive: 5 };
const sigterm: RunStop = { kind: 'interrupted', signal: 'SIGTERM', at: 'now' };

test.each([
  ['passed, skipped and warned', [passed, skipped], undefined, [], 0, 'passed'],
  ['a contract failure', [passed, failed], undefined, [], 1, 'failed'],
  ['a failure beats a suite bug and an outage', [failed, bug, unavailable], down, [], 1, 'failed'],
  ['the target went down mid-run', [passed, unavailable], down, [], 2, 'could-not-check'],
  ['a bug in the suite', [passed, bug], undefined, [], 3, 'suite-error'],
  ['jest and the ledger disagree', [passed], undefined, ['disagreement'], 3, 'suite-error'],
  ['a suite bug beats inconclusive', [bug, unavailable], undefined, [], 3, 'suite-error'],
  ['nothing failed, some could not be judged', [passed, unavailable], undefined, [], 4, 'inconclusive'],
  ['interrupted by SIGTERM, whatever else', [failed, bug], sigterm, [], 143, 'interrupted'],
] as const)('%s: exit %s', (_what, verdicts, stop, problems, code, outcome) => {
  expect(exitStatus(verdicts, stop, problems)).toMatchObject({ code, outcome });
});
