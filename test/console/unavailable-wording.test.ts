/**
 * Why a target was unavailable is said as a verb phrase (`answered 503`, `got no answer: …`): every
 * sentence that quotes it puts a subject before it (`it …`, `the first request …`, `the last one …`).
 */
import { TRANSIENT_NETWORK_CODES, TRANSIENT_STATUSES } from '../../src/http/retry-policy';
import { unavailability } from '../../src/judge';
import type { ReceivedResponse } from '../../src/model';

const answered = (status: number): ReceivedResponse => ({ status, headers: {}, body: '' });

const everyUnavailability = (retries: number): string[] =>
  [
    ...[...TRANSIENT_STATUSES].map((status) => unavailability({ response: answered(status), retries })),
    ...[...TRANSIENT_NETWORK_CODES, 'TOKEN_UNAVAILABLE'].map((code) =>
      unavailability({ error: { kind: 'network', code, message: 'the token endpoint answered 503' }, retries }),
    ),
  ].map((phrase) => phrase ?? 'undefined');

describe('why the target was unavailable reads after a subject', () => {
  test.each([0, 1, 2])('every kind, with %i retries, starts with a verb', (retries) => {
    for (const phrase of everyUnavailability(retries)) expect(phrase).toMatch(/^(answered|got) /);
  });

  test('the connection that failed, in a sentence', () => {
    const phrase = unavailability({ error: { kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, retries: 2 });
    expect(`it ${phrase}`).toBe('it got no answer: the connection failed (ECONNREFUSED) after 2 retries');
  });

  test('one retry is a retry', () => {
    expect(unavailability({ response: answered(503), retries: 1 })).toBe('answered 503 after 1 retry');
    expect(everyUnavailability(1).filter((phrase) => phrase.includes('1 retries'))).toEqual([]);
  });
});
