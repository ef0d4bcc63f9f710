/** The progress line: rewritten in place on a terminal, a whole line each interval in a CI log; time left counted in requests. */
import { Progress } from '../src/cli/progress';
import type { RunEvent } from '../src/engine/events';
import type { Verdict } from '../src/model';
import { ProgressHandler } from '../src/handlers/progress-handler';

const one = { sent: 1, unsent: 0 };

test('on a terminal the live line is rewritten in place after each case, and cleared before other output', () => {
  const written: string[] = [];
  let now = 0;
  const progress = new Progress({ cases: 4, requests: 4, everyMs: 10_000, tty: true, write: (t) => written.push(t), now: () => now });
  now = 2000;
  progress.count('a', 'passed', one);
  progress.count('b', 'failed', one);
  expect(written.at(-1)).toBe('\r\u001b[2Kprogress: 2/4 cases, 2/4 requests, 1 failed, 1.0 requests/s, about 2 s left (2 s in)');
  progress.clearLive();
  expect(written.at(-1)).toBe('\r\u001b[2K');
});

test('in a CI log each interval writes a whole line, even when nothing finished', () => {
  jest.useFakeTimers();
  try {
    const written: string[] = [];
    const progress = new Progress({
      cases: 10,
      requests: 10,
      everyMs: 10_000,
      tty: false,
      write: (t) => written.push(t),
      now: () => Date.now(),
    });
    progress.start();
    jest.advanceTimersByTime(10_000);
    expect(written).toEqual([
      expect.stringMatching(/^progress: 0\/10 cases, 0\/10 requests, 0 failed, 0\.0 requests\/s, no request finished yet \(10 s in\)\n$/),
    ]);
    progress.count('a', 'errored', one);
    jest.advanceTimersByTime(10_000);
    expect(written[1]).toMatch(/^progress: 1\/10 cases, 1\/10 requests, 0 failed, 1 errored, /);
    progress.stop();
  } finally {
    jest.useRealTimers();
  }
});

test('time left counts every request a generated property may still send, not cases', () => {
  let now = 0;
  const lines: string[] = [];
  const handler = new ProgressHandler({ out: (line) => lines.push(line), err: () => undefined }, 60_000, () => now);
  const verdict = (caseId: string, origin?: Verdict['origin']) => ({ caseId, outcome: 'passed', ...(origin && { origin }) }) as Verdict;
  const tableCases = 4;
  const budget = 400;
  const at = '';
  const started: RunEvent = {
    type: 'run-started',
    at,
    target: { baseUrl: '', pipelineIds: [], embedded: false },
    cases: tableCases + 1,
    requests: tableCases + budget,
    generatedRequests: budget,
  };
  handler.handle(started);
  // Every table case done in 4 s, one request per second; the property has sent 4 of its 400.
  for (let i = 0; i < tableCases; i++) {
    now += 500;
    handler.handle({ type: 'case-finished', at, verdict: verdict(`t${i}`), done: i + 1, total: 5, plannedRequests: 1 });
    now += 500;
  }
  const line = handler.line();
  expect(line).toContain(`${tableCases}/${tableCases + 1} cases, ${tableCases}/${tableCases + budget} requests`);
  // 400 requests to go at one a second: not "about 1 s left", as a count of cases would say.
  expect(line).toContain(`about ${budget} s left`);
  // Nine exchanges, one of them a GET and its HEAD: ten requests.
  for (let i = 0; i < 9; i++)
    handler.handle({ type: 'generated-request-finished', at, key: 'p', verdict: verdict(`p.${i}`), requests: i === 0 ? 2 : 1 });
  expect(handler.line()).toContain(`${tableCases + 10}/${tableCases + budget} requests`);
  // The property stops after 10 requests (a failure, a timeout): what it did not send is no longer left.
  handler.handle({ type: 'case-finished', at, verdict: verdict('p', 'property'), done: 5, total: 5, plannedRequests: budget });
  expect(handler.line()).toContain('5/5 cases, 14/14 requests');
  handler.finish();
});
