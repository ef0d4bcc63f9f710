/** The exit code from the verdicts, with README's precedence: interrupted, 1, 2, 3, 4, 0. */
import type { RunStop } from '../../src/engine/conformance-run';
import { contractVerdict } from '../../src/drift/check-drift';
import type { DriftReport } from '../../src/drift/drift-report';
import { exitStatus } from '../../src/exit-status';
import type { Verdict } from '../../src/model';
import type { DriftMode } from '../../src/settings';
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

describe('the live contract, a verdict like the cases', () => {
  const report = (status: DriftReport['status'], breaking = 0): DriftReport => ({
    liveSpecUrl: 'http://127.0.0.1:9/openapi.json',
    vendoredSpec: 'specs/streamkap-openapi.yaml',
    operation: 'GET /pipelines/{pipeline_id}/metrics',
    status,
    ...(status === 'unusable' && { reason: 'it is an HTML or XML page' }),
    differences: Array.from({ length: breaking }, () => ({
      kind: 'enum-value-removed' as const,
      breaking: true,
      location: 'parameter time_unit',
      message: '`time_unit` no longer accepts `week`',
    })),
    breaking,
    nonBreaking: 0,
  });
  const fetched = { url: 'http://127.0.0.1:9/openapi.json', auth: 'none' as const, status: 200, durationMs: 3, retries: 0 };
  const contract = (mode: DriftMode, status: DriftReport['status'], breaking = 0): Verdict =>
    contractVerdict(report(status, breaking), mode, fetched);

  test('a failed contract_unchanged verdict is a contract failure: exit 1, saying what drifted', () => {
    const drifted = contract('fail', 'drift', 1);
    expect(drifted).toMatchObject({ caseId: 'contract.unchanged', outcome: 'failed', findings: [{ check: 'contract_unchanged' }] });
    expect(exitStatus([passed, drifted], undefined, [])).toEqual({
      code: 1,
      outcome: 'failed',
      meaning: 'Contract failure: the live contract has drifted in a breaking way (STREAMKAP_DRIFT=fail).',
    });
    expect(exitStatus([failed, drifted], undefined, []).meaning).toBe(
      'Contract failure: 1 case(s) broke the contract; the live contract has drifted in a breaking way (STREAMKAP_DRIFT=fail).',
    );
  });

  test('with STREAMKAP_DRIFT=warn the same drift is a warning, and the run passes', () => {
    const warned = contract('warn', 'drift', 1);
    expect(warned).toMatchObject({ outcome: 'passed', findings: [], warnings: [{ code: 'contract-drift' }] });
    expect(exitStatus([passed, warned], undefined, [])).toMatchObject({ code: 0, outcome: 'passed' });
  });

  test('no comparison under STREAMKAP_DRIFT=fail is inconclusive (exit 4); under warn it is skipped, and the run passes', () => {
    const unchecked = contract('fail', 'unusable');
    expect(unchecked).toMatchObject({ outcome: 'errored', error: { kind: 'live-contract-unavailable' } });
    expect(exitStatus([passed, unchecked], undefined, [])).toEqual({
      code: 4,
      outcome: 'inconclusive',
      meaning: 'Inconclusive: STREAMKAP_DRIFT=fail, but the live contract could not be compared: it is an HTML or XML page.',
    });
    // A suite bug still comes first, as for an unavailable target.
    expect(exitStatus([bug, unchecked], undefined, [])).toMatchObject({ code: 3 });
    const skipped = contract('warn', 'unusable');
    expect(skipped).toMatchObject({ outcome: 'skipped', skipReason: 'the live contract could not be compared: it is an HTML or XML page' });
    expect(exitStatus([passed, skipped], undefined, [])).toMatchObject({ code: 0, outcome: 'passed' });
  });

  test('no drift passes, in either mode', () => {
    for (const mode of ['warn', 'fail'] as const) {
      expect(contract(mode, 'no-drift')).toMatchObject({ outcome: 'passed', warnings: [], findings: [] });
      expect(exitStatus([passed, contract(mode, 'no-drift')], undefined, [])).toMatchObject({ code: 0 });
    }
  });
});
