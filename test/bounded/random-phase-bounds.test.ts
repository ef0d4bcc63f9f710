/**
 * The random phase in bounded time and memory: the budget is drawn as it is sent, a request that
 * got no answer in time ends the draw at once, shrinking stops at its time bound on an injected
 * clock, and a sample the target left unjudged is discarded rather than erroring the property.
 */
import fc from 'fast-check';
import { propertyVerdict } from '../../src/generation/property-verdict';
import type { GeneratedProperty } from '../../src/generation/properties';
import { runProperty, SHRINK_TIME_MS } from '../../src/generation/random-phase';
import { NO_ANSWER_IN_TIME } from '../../src/judge';
import type { Case, Verdict } from '../../src/model';
import { aVerdict } from '../support/verdict';

/** A property over time_interval 0..1000 that counts every request it generates. */
function countingProperty(): { property: GeneratedProperty; generated: () => number } {
  let generated = 0;
  const arbitrary = fc.integer({ min: 0, max: 1000 }).map((n): Case => {
    generated += 1;
    return { id: 'draft', title: `time_interval=${n}`, tier: 'accept', tags: ['generated'], query: [['time_interval', String(n)]] };
  });
  return { property: { name: 'valid-requests-accepted', rule: 'r', arbitrary }, generated: () => generated };
}

const intervalOf = (testCase: Case): number => Number(testCase.query?.[0]?.[1]);
const passed = (testCase: Case): Verdict => aVerdict({ caseId: testCase.id, outcome: 'passed', status: 200 });
const noAnswer = (testCase: Case): Verdict =>
  aVerdict({
    caseId: testCase.id,
    outcome: 'failed',
    findings: [{ check: 'response_received', title: NO_ANSWER_IN_TIME, message: 'The server sent no complete answer within 10000 ms.' }],
  });
const unavailable = (testCase: Case): Verdict =>
  aVerdict({
    caseId: testCase.id,
    outcome: 'errored',
    status: 503,
    error: { kind: 'target-unavailable', message: 'unavailable', answered: 'answered 503 after 3 retries' },
  });

test('a budget of a million is drawn as it is sent: a run that stops early generated about what it sent', async () => {
  const { property, generated } = countingProperty();
  let sent = 0;
  const stopAfter = 50;
  const run = await runProperty(property, {
    seed: 1,
    numRuns: 1_000_000,
    send: async (testCase) => {
      sent += 1;
      return passed(testCase);
    },
    stopped: () => sent >= stopAfter,
  });
  expect(run.sent).toBeLessThanOrEqual(stopAfter + 16);
  // Generated ahead of sending: at most one block of the draw, never the budget.
  expect(generated()).toBeLessThan(1000);
});

test('the lazy draw sends the same requests as fast-check samples for the seed', async () => {
  const { property } = countingProperty();
  const sentQueries: number[] = [];
  const budget = 700; // past the first blocks of the lazy draw
  await runProperty(property, { seed: 5, numRuns: budget, send: async (c) => (sentQueries.push(intervalOf(c)), passed(c)) });
  const seed = (await runProperty(property, { seed: 5, numRuns: 0, send: async (c) => passed(c) })).propertySeed;
  expect(sentQueries).toEqual(fc.sample(property.arbitrary, { seed, numRuns: budget }).map(intervalOf));
});

test('a request that got no answer in time fails the property at once: the draw stops after that chunk', async () => {
  const { property } = countingProperty();
  const chunkSize = 16;
  const hangs = (c: Case) => intervalOf(c) % 2 === 0; // a class that hangs: half the draw
  const run = await runProperty(property, {
    seed: 2,
    numRuns: 1000,
    chunkSize,
    send: async (c) => (hangs(c) ? noAnswer(c) : passed(c)),
    // Every shrinking candidate costs a timeout's worth of the injected clock; none here.
    shrinkTimeMs: 0,
  });
  expect(run.drawn).toBe(chunkSize);
  expect(run.failures.map((f) => f.check)).toEqual(['response_received']);
  expect(propertyVerdict({ id: 'p', title: 'p', tier: 'boundary', tags: ['generated'] }, run).outcome).toBe('failed');
});

test('shrinking stops at its time bound on the injected clock, whatever budget is left', async () => {
  const { property } = countingProperty();
  let clock = 0;
  const timeoutMs = 10_000;
  let shrinkSends = 0;
  const run = await runProperty(property, {
    seed: 4,
    numRuns: 1000,
    now: () => clock,
    // Every request above 10 fails slowly: each candidate waits out a timeout on the clock.
    send: async (c) => {
      if (c.id.includes('shrink')) shrinkSends += 1;
      if (intervalOf(c) <= 10) return passed(c);
      clock += timeoutMs;
      return aVerdict({ caseId: c.id, outcome: 'failed', findings: [{ check: 'valid_request_accepted', title: 'refused', message: 'm' }] });
    },
  });
  expect(run.failures).toHaveLength(1);
  // The bound is checked before each candidate: candidates that pass cost no time, those that fail a timeout each.
  const failingCandidates = run.verdicts.slice(run.drawn).filter((v) => v.outcome === 'failed').length;
  expect(failingCandidates).toBeLessThanOrEqual(Math.ceil(SHRINK_TIME_MS / timeoutMs) + 1);
  expect(shrinkSends).toBeLessThan(60); // the count bound alone would allow 60
});

test.each([
  ['15% of the samples unavailable: discarded and counted, the property judged by the rest', 0.15, 'passed'],
  ['most of them unavailable: the property could not be judged', 0.6, 'errored'],
])('%s', async (_what, share, outcome) => {
  const { property } = countingProperty();
  const budget = 200;
  const down = (c: Case) => intervalOf(c) % 100 < share * 100;
  const run = await runProperty(property, { seed: 9, numRuns: budget, send: async (c) => (down(c) ? unavailable(c) : passed(c)) });
  expect(run.sent).toBe(budget);
  const verdict = propertyVerdict({ id: 'p', title: 'p', tier: 'boundary', tags: ['generated'] }, run);
  expect(verdict.outcome).toBe(outcome);
  expect(run.discarded).toBe(run.verdicts.filter((v) => v.outcome === 'errored').length);
  expect(verdict.generated?.discarded).toBe(run.discarded);
  expect(run.discarded).toBeGreaterThan(0);
});
