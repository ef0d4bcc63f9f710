import fc from 'fast-check';
import { dateTimeParts, instantOfParts } from '../src/generation/arbitraries';
import { judgeDateTime } from '../src/generation/date-time-oracle';
import { type DateTimeParts, formatDateTime } from '../src/generation/derived-values';
import { parseRfc3339 } from '../src/reference-server/rfc3339';

describe('parseRfc3339 (the reference server: strict RFC 3339)', () => {
  test.each([
    ['2025-03-02T07:10:15Z', '2025-03-02T07:10:15.000Z'],
    ['2025-03-02T12:40:15+05:30', '2025-03-02T07:10:15.000Z'],
    ['2025-03-01T23:10:15-08:00', '2025-03-02T07:10:15.000Z'],
    ['2025-03-02T07:10:15.123456Z', '2025-03-02T07:10:15.123Z'],
    ['2025-03-02T07:10:15.29Z', '2025-03-02T07:10:15.290Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    // Years below 100 are years of the first century, not of the twentieth.
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0004-02-29T12:00:00Z', '0004-02-29T12:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (raw, iso) => {
    expect(parseRfc3339(raw)?.toISOString()).toBe(iso);
  });

  test.each([
    'not-a-date',
    '2025-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '0001-02-29T10:00:00Z',
    '0100-02-29T10:00:00Z',
    '2025-13-02T10:00:00Z',
    '2025-03-02T25:00:00Z',
    '2025-03-02T07:60:00Z',
    '2025-03-02T07:10:15+25:00',
    '2025-03-02T07:10:15',
    '2025-03-02',
    '2025-03-02 07:10:15Z',
    '1740899415',
  ])('refuses %s', (raw) => {
    expect(parseRfc3339(raw)).toBeUndefined();
  });
});

/**
 * The instant of parts by a route that shares nothing with the calendar module: JavaScript's own
 * reading of its date-time string format, which takes years literally and allows `±HH:mm` offsets.
 */
function instantByDateParse(parts: DateTimeParts): number {
  return Date.parse(formatDateTime({ ...parts, fraction: `${parts.fraction}000`.slice(0, 3) }));
}

describe('one calendar for the parser, the oracle and generation', () => {
  // Years 1 to 9999, every offset from -23:59 to +23:59, fractions of 0 to 9 digits.
  const anyParts = dateTimeParts({ min: 1, max: 9999 });

  test('parse(format(parts)) is the instant of the parts', () => {
    fc.assert(
      fc.property(anyParts, (parts) => {
        const expected = instantByDateParse(parts);
        expect(parseRfc3339(formatDateTime(parts))?.getTime()).toBe(expected);
        expect(instantOfParts(parts)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  test('the oracle reads every date-time the strict parser accepts at that instant', () => {
    fc.assert(
      fc.property(anyParts, (parts) => {
        const judgement = judgeDateTime(formatDateTime(parts));
        expect(judgement.acceptedBy).toContain('rfc3339');
        if (judgement.class === 'valid') expect(judgement.instant).toBe(instantByDateParse(parts));
      }),
      { numRuns: 500 },
    );
  });

  test('the first years of the calendar are not read as the twentieth century', () => {
    expect(judgeDateTime('0001-01-01T00:00:00Z')).toMatchObject({ class: 'valid', instant: Date.parse('0001-01-01T00:00:00Z') });
    expect(judgeDateTime('0050-06-01T00:00:00+05:30').instant).toBe(Date.parse('0050-05-31T18:30:00Z'));
  });
});
