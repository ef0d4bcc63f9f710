/** The run's ledger: no case ever disappears, stops leave the rest not run, the breaker trips on its rule. */
import { BREAKER_THRESHOLD, ConformanceRun } from '../../src/engine/conformance-run';
import { type Case, caseKey, type Verdict, verdictKey } from '../../src/model';
import { type PlannedCase } from '../../src/plan';
import { type RunContext } from '../../src/engine/run-context';
import { type SendGuard } from '../../src/engine/send-case';
import { unitRunContext } from '../support/unit-context';
import { aVerdict } from '../support/verdict';

const cases: Case[] = Array.from({ length: 12 }, (_, i) => ({ id: `case.${i}`, title: `case ${i}`, tier: 'accept', tags: ['smoke'] }));
const plan: PlannedCase[] = cases.map((testCase) => ({ testCase }));
let context: RunContext;
beforeAll(() => {
  context = unitRunContext();
});
afterAll(() => context.close());

const verdictOf = (planned: PlannedCase, outcome: Verdict['outcome'], error?: Verdict['error']): Verdict =>
  aVerdict({ caseId: planned.testCase.id, title: planned.testCase.title, outcome, ...(error && { error }) });

/** A send that answers by a script, honouring the guard as sendCase does. */
const scripted =
  (answer: (planned: PlannedCase) => Verdict) =>
  async (_context: RunContext, planned: PlannedCase, guard: SendGuard): Promise<Verdict> => {
    await guard.pause?.();
    const held = guard.holdBack();
    if (held) return verdictOf(planned, 'skipped');
    const verdict = answer(planned);
    guard.judged(verdict);
    return verdict;
  };

test('every planned case has a verdict in plan order, even one the table never executed', async () => {
  const run = new ConformanceRun(context, plan, { send: scripted((p) => verdictOf(p, 'passed')) });
  await run.execute('case.3');
  const verdicts = run.verdicts();
  expect(verdicts.map((v) => v.caseId)).toEqual(cases.map((c) => c.id));
  expect(verdicts[3]?.outcome).toBe('passed');
  expect(verdicts[0]).toMatchObject({
    outcome: 'errored',
    error: { kind: 'suite-bug', message: 'Bug in the suite: the conformance table never ran this case' },
  });
});

test('a case run twice is a suite error, not a second verdict that overwrites the first quietly', async () => {
  const run = new ConformanceRun(context, plan, { send: scripted((p) => verdictOf(p, 'passed')) });
  await run.execute('case.0');
  expect((await run.execute('case.0')).error?.message).toBe('Bug in the suite: the case case.0 was run twice');
});

test(`${BREAKER_THRESHOLD} unavailable cases in a row, and the target no longer serving what it answered, trip the breaker; the tripping verdict stays, the rest are not run`, async () => {
  const unavailable = { kind: 'target-unavailable' as const, message: 'down', answered: 'answered 503 after 3 retries' };
  const sent: string[] = [];
  let asked = 0;
  const run = new ConformanceRun(context, plan, {
    // The target is down: what it answered before is unavailable too.
    servesStill: async () => {
      asked += 1;
      return false;
    },
    send: scripted((p) => {
      sent.push(p.testCase.id);
      const index = Number(p.testCase.id.split('.')[1]);
      // One good answer in the middle resets the count: only a run of five in a row trips it.
      return index === 2 || index < 1 ? verdictOf(p, 'passed') : verdictOf(p, 'errored', unavailable);
    }),
  });
  for (const c of cases) await run.execute(c.id);
  expect(sent).toEqual(['case.0', 'case.1', 'case.2', 'case.3', 'case.4', 'case.5', 'case.6', 'case.7']);
  expect(run.stop).toMatchObject({ kind: 'target-unavailable', consecutive: 5, answered: 'answered 503 after 3 retries' });
  expect(asked).toBe(1);
  const outcomes = run.verdicts().map((v) => v.outcome);
  expect(outcomes).toEqual([
    'passed',
    'errored',
    'passed',
    'errored',
    'errored',
    'errored',
    'errored',
    'errored',
    'skipped',
    'skipped',
    'skipped',
    'skipped',
  ]);
  expect(run.verdicts()[8]?.skipReason).toMatch(/^not run: the target became unavailable: 5 cases in a row since /);
});

test(`${BREAKER_THRESHOLD} unavailable cases in a row while the target still serves what it answered are a class of request, not an outage: no stop`, async () => {
  const unavailable = { kind: 'target-unavailable' as const, message: 'reset', answered: 'the connection failed (ECONNRESET)' };
  let asked = 0;
  const run = new ConformanceRun(context, plan, {
    servesStill: async () => {
      asked += 1;
      return true;
    },
    send: scripted((p) => (p.testCase.id === 'case.0' ? verdictOf(p, 'passed') : verdictOf(p, 'errored', unavailable))),
  });
  for (const c of cases) await run.execute(c.id);
  expect(run.stop).toBeUndefined();
  // Checked once per streak of five: the streak starts again after each answer.
  expect(asked).toBe(Math.floor((cases.length - 1) / BREAKER_THRESHOLD));
  expect(run.verdicts().filter((v) => v.outcome === 'skipped')).toEqual([]);
});

test('a halt resolves cases in flight at once as not run, and later ones are never sent', async () => {
  let release: () => void = () => undefined;
  const hanging = new Promise<void>((resolve) => (release = resolve));
  const run = new ConformanceRun(context, plan, {
    send: async (_c, planned) => {
      await hanging;
      return verdictOf(planned, 'passed');
    },
  });
  const inFlight = run.execute('case.0');
  run.halt({ kind: 'interrupted', signal: 'SIGINT', at: '2026-11-26T00:00:00.000Z' });
  expect((await inFlight).skipReason).toBe('not run: the run was interrupted (SIGINT) at 2026-11-26T00:00:00.000Z');
  expect((await run.execute('case.1')).outcome).toBe('skipped');
  release();
});

test('the deadline stops the run the same way', async () => {
  const run = new ConformanceRun(context, plan, { deadlineMs: 30, send: scripted((p) => verdictOf(p, 'passed')) });
  run.start();
  await new Promise((resolve) => setTimeout(resolve, 60));
  run.finish();
  expect(run.stop).toMatchObject({ kind: 'deadline', seconds: 0 });
  expect((await run.execute('case.0')).skipReason).toMatch(/^not run: the run reached its deadline/);
});

test('each copy of a case is recorded under the key the table asked for, with its pipeline, whatever built its verdict', async () => {
  // A generated property's verdict is built apart from sendCase; one that forgot its copy's pipeline
  // was once recorded under the bare id, and every copy then read as never run.
  const pipelines = ['pipeline-a', 'pipeline-b'];
  const copies: PlannedCase[] = pipelines.map((pipelineId) => ({ testCase: { ...cases[0]!, pipelineId } }));
  const run = new ConformanceRun(context, copies, { send: scripted((p) => verdictOf(p, 'passed')) });
  const keys = copies.map((p) => caseKey(p.testCase));
  const executed = await Promise.all(keys.map((key) => run.execute(key)));
  expect(executed.map(verdictKey)).toEqual(keys);
  expect(run.caseVerdicts().map((v) => [verdictKey(v), v.outcome, v.pipelineId])).toEqual(
    pipelines.map((pipelineId, i) => [keys[i], 'passed', pipelineId]),
  );
});

test('a verdict that names another case than the one the table asked for is a suite bug under the asked key', async () => {
  const run = new ConformanceRun(context, plan.slice(0, 2), {
    send: scripted((p) => aVerdict({ caseId: `${p.testCase.id}.other`, outcome: 'passed' })),
  });
  expect(await run.execute('case.0')).toMatchObject({ caseId: 'case.0', outcome: 'errored', error: { kind: 'suite-bug' } });
  expect(run.caseVerdicts().map((v) => v.caseId)).toEqual(['case.0', 'case.1']);
});
