import { MAX_BACKOFF_MS, backoffMs, retryAfterMs } from '../../src/http/retry-policy';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const CAP = 60_000;

test.each<[string, string | undefined, number | undefined]>([
  ['delta-seconds', '5', 5_000],
  ['delta-seconds with spaces', ' 2 ', 2_000],
  ['zero', '0', 0],
  ['an HTTP-date 30 s ahead', 'Mon, 02 Mar 2026 10:00:30 GMT', 30_000],
  ['an HTTP-date in the past', 'Mon, 02 Mar 2026 09:59:00 GMT', 0],
  ['seconds beyond the cap', '86400', CAP],
  ['an HTTP-date beyond the cap', 'Tue, 03 Mar 2026 10:00:00 GMT', CAP],
  ['absent', undefined, undefined],
  ['empty', '', undefined],
  ['garbage', 'soon', undefined],
  ['a negative number', '-1', undefined],
  ['a fraction', '1.5', undefined],
])('Retry-After %s', (_what, header, expected) => {
  expect(retryAfterMs(header, CAP, NOW)).toBe(expected);
});

test.each([
  [1, 250, 125, 250],
  [2, 250, 250, 500],
  [3, 250, 500, 1000],
  [30, 250, MAX_BACKOFF_MS / 2, MAX_BACKOFF_MS],
])('backoff for attempt %i from %i ms lies in [%i, %i] and is jittered', (attempt, base, low, high) => {
  expect(backoffMs(attempt, base, () => 0)).toBe(low);
  expect(backoffMs(attempt, base, () => 1)).toBe(high);
  expect(backoffMs(attempt, base, () => 0.5)).toBeGreaterThan(low);
});
