/**
 * A case unavailable past its retries is sent once more at the end of the run, beside a case that
 * was answered: still unavailable while that one is served, it fails; a real outage (the other one
 * unavailable too) or a stop leaves it errored.
 */
import { ConformanceRun } from '../../src/engine/conformance-run';
import type { Case, Verdict } from '../../src/model';
import { type PlannedCase } from '../../src/plan';
import { type RunContext } from '../../src/engine/run-context';
import { type SendGuard } from '../../src/engine/send-case';
import { unitRunContext } from '../support/unit-context';
import { aVerdict } from '../support/verdict';

const cases: Case[] = ['answered', 'refused'].map((name) => ({ id: `case.${name}`, title: name, tier: 'accept', tags: ['smoke'] }));
const plan: PlannedCase[] = cases.map((testCase) => ({ testCase }));
let context: RunContext;
beforeAll(() => {
  context = unitRunContext();
});
afterAll(() => context.close());

const answered = (p: PlannedCase): Verdict => aVerdict({ caseId: p.testCase.id, outcome: 'passed', status: 200 });
const refused = (p: PlannedCase): Verdict =>
  aVerdict({
    caseId: p.testCase.id,
    outcome: 'errored',
    status: 503,
    error: { kind: 'target-unavailable', message: 'down', answered: 'answered 503 after 3 retries' },
  });

/** Runs both cases, then the final pass; `atTheEnd` decides each case's answer when sent again. */
async function runWithFinalPass(atTheEnd: (p: PlannedCase) => Verdict, stopFirst = false) {
  let finalPass = false;
  const sent: string[] = [];
  const sentAgain: string[] = [];
  const run = new ConformanceRun(context, plan, {
    send: async (_context, planned: PlannedCase, guard: SendGuard) => {
      if (guard.holdBack()) return aVerdict({ caseId: planned.testCase.id, outcome: 'skipped' });
      sent.push(planned.testCase.id);
      const verdict = finalPass ? atTheEnd(planned) : planned.testCase.id === 'case.refused' ? refused(planned) : answered(planned);
      guard.judged(verdict);
      return verdict;
    },
    onVerdict: (verdict, _done, _total, again) => again && sentAgain.push(verdict.caseId),
  });
  await Promise.all(cases.map((c) => run.execute(c.id)));
  finalPass = true;
  if (stopFirst) run.halt({ kind: 'deadline', seconds: 1, at: 'now' });
  await run.sendAgainUnavailable();
  return { verdicts: run.verdicts(), sent, sentAgain };
}

test('unavailable again while the other case is answered: failed not_a_server_error, saying so', async () => {
  const { verdicts, sent, sentAgain } = await runWithFinalPass((p) => (p.testCase.id === 'case.refused' ? refused(p) : answered(p)));
  expect(sent.filter((id) => id === 'case.refused')).toHaveLength(2);
  expect(sentAgain).toEqual(['case.refused']);
  const verdict = verdicts.find((v) => v.caseId === 'case.refused');
  expect(verdict).toMatchObject({
    outcome: 'failed',
    status: 503,
    findings: [{ check: 'not_a_server_error', title: 'Unavailable on every attempt' }],
  });
  expect(verdict?.error).toBeUndefined();
  expect(verdict?.findings[0]?.message).toContain(
    'answered 503 after 3 retries during the run, and answered 503 after 3 retries when sent once more',
  );
});

test('answered on the last try: judged by that answer', async () => {
  const { verdicts } = await runWithFinalPass(answered);
  expect(verdicts.find((v) => v.caseId === 'case.refused')?.outcome).toBe('passed');
});

test('a real outage at the end (the answered case unavailable too): the case stays errored', async () => {
  const { verdicts, sentAgain } = await runWithFinalPass(refused);
  expect(sentAgain).toEqual([]);
  expect(verdicts.find((v) => v.caseId === 'case.refused')).toMatchObject({ outcome: 'errored', error: { kind: 'target-unavailable' } });
});

test('a run that stopped (deadline, breaker, signal) sends nothing again: the case stays errored', async () => {
  const { verdicts, sent } = await runWithFinalPass(answered, true);
  expect(sent).toHaveLength(cases.length);
  expect(verdicts.find((v) => v.caseId === 'case.refused')?.outcome).toBe('errored');
});
