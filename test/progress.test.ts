/** The progress line: rewritten in place on a terminal, a whole line each interval in a CI log. */
import { Progress } from '../src/cli/progress';
import type { Verdict } from '../src/model';

const verdict = (outcome: Verdict['outcome']) => ({ outcome }) as Verdict;

test('on a terminal the live line is rewritten in place after each case, and cleared before other output', () => {
  const written: string[] = [];
  let now = 0;
  const progress = new Progress({ total: 4, everyMs: 10_000, tty: true, write: (t) => written.push(t), now: () => now });
  now = 2000;
  progress.count(verdict('passed'));
  progress.count(verdict('failed'));
  expect(written.at(-1)).toBe('\r\u001b[2Kprogress: 2/4 cases, 1 failed, 1.0 cases/s, about 2 s left (2 s in)');
  progress.clearLive();
  expect(written.at(-1)).toBe('\r\u001b[2K');
});

test('in a CI log each interval writes a whole line, even when nothing finished', () => {
  jest.useFakeTimers();
  try {
    const written: string[] = [];
    const progress = new Progress({ total: 10, everyMs: 10_000, tty: false, write: (t) => written.push(t), now: () => Date.now() });
    progress.start();
    jest.advanceTimersByTime(10_000);
    expect(written).toEqual([
      expect.stringMatching(/^progress: 0\/10 cases, 0 failed, 0\.0 cases\/s, no case finished yet \(10 s in\)\n$/),
    ]);
    progress.count(verdict('errored'));
    jest.advanceTimersByTime(10_000);
    expect(written[1]).toMatch(/^progress: 1\/10 cases, 0 failed, 1 errored, /);
    progress.stop();
  } finally {
    jest.useRealTimers();
  }
});
