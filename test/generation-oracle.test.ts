/**
 * The generated tier's inputs: parameter spaces read from the contract, the parser
 * oracle that decides must-accept / must-reject / disputed, the tier rule, and the coverage list.
 */
import fc from 'fast-check';
import { loadContract } from '../src/contract';
import { coverageCases } from '../src/generation/coverage-phase';
import { judgeDateTime } from '../src/generation/date-time-oracle';
import { parameterSpaces } from '../src/generation/parameter-space';
import { generatedProperties, PROPERTY_NAMES } from '../src/generation/properties';
import { pydanticV1DateTime } from '../src/generation/pydantic-v1';
import { pydanticV2DateTime } from '../src/generation/pydantic-v2';
import { tierOf } from '../src/generation/tier-rule';
import { TAGS, TIERS } from '../src/model';

const contract = loadContract();
const spaces = parameterSpaces(contract);

test('each query parameter gets its space from its schema: type, enum, format, default, anyOf with null', () => {
  expect(spaces).toEqual([
    { name: 'time_interval', kind: 'integer', members: [], default: '1', nullable: false },
    { name: 'time_unit', kind: 'enum', members: ['minute', 'hour', 'day', 'week', 'month'], default: 'hour', nullable: false },
    { name: 'timestamp_from', kind: 'date-time', members: [], nullable: true },
    { name: 'timestamp_to', kind: 'date-time', members: [], nullable: true },
  ]);
});

describe('the date-time oracle: must accept only if every parser accepts, must reject only if every parser refuses', () => {
  test.each([
    '2025-03-02T07:10:15Z',
    '2025-03-02T07:10:15-23:59',
    '2025-03-02T07:10:15+23:59',
    '2025-03-02T07:10:15-00:00',
    '2025-03-02T07:10:15.123456789Z',
    '2024-02-29T23:59:59Z',
    '2000-02-29T00:00:00Z',
    '2400-02-29T00:00:00+05:45',
  ])('valid: %s', (raw) => {
    expect(judgeDateTime(raw)).toMatchObject({ class: 'valid', acceptedBy: ['rfc3339', 'pydantic-v2', 'pydantic-v1'] });
  });

  test.each([
    '1900-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-00-10T00:00:00Z',
    '2025-13-10T00:00:00Z',
    '2025-03-00T00:00:00Z',
    '2025-03-02T24:00:00Z',
    '2025-03-02T07:60:00Z',
    '2025-03-02T07:10:61Z',
    '2025-03-02T07:10:15+24:00',
    '2025-03-02T07:10:15.Z',
    'not-a-date',
    '',
  ])('invalid: %j', (raw) => {
    expect(judgeDateTime(raw)).toEqual({ class: 'invalid', acceptedBy: [] });
  });

  test.each([
    ['lower-case t', '2025-03-02t07:10:15Z', ['rfc3339', 'pydantic-v2']],
    ['lower-case z', '2025-03-02T07:10:15z', ['rfc3339', 'pydantic-v2']],
    ['a leap second', '2025-03-02T23:59:60Z', ['rfc3339']],
    ['no offset', '2025-03-02T07:10:15', ['pydantic-v2', 'pydantic-v1']],
    ['a date alone', '2025-03-02', ['pydantic-v2']],
    ['epoch digits', '1740899415', ['pydantic-v2', 'pydantic-v1']],
    ['a space separator', '2025-03-02 07:10:15Z', ['pydantic-v2', 'pydantic-v1']],
    ['offset minute 60', '2025-03-02T07:10:15+05:60', ['pydantic-v1']],
    ['10 fraction digits', '2025-03-02T07:10:15.1234567890Z', ['pydantic-v2', 'pydantic-v1']],
    ['a final newline', '2025-03-02T07:10:15Z\n', ['pydantic-v1']],
  ])('disputed: %s', (_what, raw, acceptedBy) => {
    expect(judgeDateTime(raw)).toEqual({ class: 'disputed', acceptedBy });
  });

  test('the pydantic emulations read the instant, not only the shape', () => {
    expect(pydanticV2DateTime('2025-03-02T12:40:15+05:30')).toBe(Date.parse('2025-03-02T07:10:15Z'));
    expect(pydanticV1DateTime('2025-03-02T12:40:15+0530')).toBe(Date.parse('2025-03-02T07:10:15Z'));
    expect(pydanticV2DateTime('1740899415000')).toBe(1740899415000);
    expect(pydanticV1DateTime('1.7e9')).toBe(1.7e12);
  });
});

describe('the tier rule', () => {
  const tier = (query: Array<[string, string]>, extra: Parameters<typeof tierOf>[0] = {}) => tierOf({ query, ...extra }, spaces);

  test('valid recent requests must be accepted; modest intervals only', () => {
    expect(tier([['time_interval', '1000']])).toBe('accept');
    expect(tier([['time_interval', '1001']])).toBe('boundary');
    expect(tier([['time_interval', '0']])).toBe('boundary');
    // Alone, timestamp_from opens a window up to now: recent and short only when it is.
    expect(tierOf({ query: [['timestamp_from', '2024-02-29T00:00:00Z']] }, spaces, Date.parse('2024-03-01T00:00:00Z'))).toBe('accept');
    expect(tier([['timestamp_from', '2024-02-29T00:00:00Z']])).toBe('boundary');
  });

  test('the window: in order and recent is accepted; equal, reversed, far away, or the end alone before now are boundary', () => {
    const window = (from: string, to: string): Array<[string, string]> => [
      ['timestamp_from', from],
      ['timestamp_to', to],
    ];
    expect(tier(window('2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z'))).toBe('accept');
    expect(tier(window('2025-03-02T00:00:00Z', '2025-03-02T00:00:00Z'))).toBe('boundary');
    expect(tier(window('2025-03-03T00:00:00Z', '2025-03-02T00:00:00Z'))).toBe('boundary');
    expect(tier(window('2000-02-28T00:00:00Z', '2000-03-01T00:00:00Z'))).toBe('boundary');
    expect(tier(window('2100-01-01T00:00:00Z', '2100-01-02T00:00:00Z'))).toBe('boundary');
    expect(tier([['timestamp_to', '2025-03-02T00:00:00Z']])).toBe('boundary');
  });

  test('an invalid value wins over a disputed one; refusals do not depend on the query', () => {
    const mixed: Array<[string, string]> = [
      ['time_unit', 'Hour'],
      ['timestamp_from', '2025-03-02'],
    ];
    expect(tier(mixed)).toBe('reject');
    // Either refusal may come first when the query is not valid either.
    expect(tier(mixed, { auth: 'none' })).toBe('refused');
    expect(tier([['time_unit', 'week']], { auth: 'none' })).toBe('auth');
    expect(tier(mixed, { pipeline: { kind: 'raw', segment: "a'b" } })).toBe('hostile-id');
    expect(tier(mixed, { pipeline: { kind: 'missing' } })).toBe('hostile-id');
    expect(tier([['time_unit', 'week']], { pipeline: { kind: 'missing' } })).toBe('not-found');
  });
});

describe('the coverage phase', () => {
  const cases = coverageCases(contract);

  test('is bounded, stable and uniquely named', () => {
    expect(cases.length).toBe(413);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(cases.every((c) => c.id.startsWith('generated.coverage.'))).toBe(true);
    // Derived again from an equal contract (the rows of one contract object are kept): the same rows, in the same order.
    expect(coverageCases({ ...contract })).toEqual(cases);
  });

  test('tags every case generated, never smoke, with known tags only', () => {
    expect(cases.every((c) => c.tags.includes('generated') && !c.tags.includes('smoke'))).toBe(true);
    expect(cases.flatMap((c) => c.tags).every((tag) => (TAGS as readonly string[]).includes(tag))).toBe(true);
  });

  test('sends every enum member, every tier, and the Gregorian rule at its centuries', () => {
    const sent = (name: string) => new Set(cases.flatMap((c) => (c.query ?? []).filter(([n]) => n === name).map(([, v]) => v)));
    expect(['minute', 'hour', 'day', 'week', 'month'].every((member) => sent('time_unit').has(member))).toBe(true);
    expect(new Set(cases.map((c) => c.tier))).toEqual(new Set(TIERS));
    const byId = new Map(cases.map((c) => [c.id, c.tier]));
    expect(byId.get('generated.coverage.timestamp_from.feb-29-1900')).toBe('reject');
    expect(byId.get('generated.coverage.timestamp_from.feb-29-2100')).toBe('reject');
    expect(byId.get('generated.coverage.timestamp_from.feb-29-2000')).toBe('boundary'); // valid, but far in the past
    expect(byId.get('generated.coverage.timestamp_from.last-day-2024-02')).toBe('accept');
    expect(byId.get('generated.coverage.timestamp_from.lower-case-t')).toBe('boundary');
  });
});

test('every property yields plain generated cases, never smoke', () => {
  const properties = generatedProperties(contract);
  expect(properties.map((p) => p.name)).toEqual([...PROPERTY_NAMES]);
  for (const property of properties) {
    for (const testCase of fc.sample(property.arbitrary, { seed: 1, numRuns: 30 })) {
      expect(testCase.tags).toContain('generated');
      expect(testCase.tags).not.toContain('smoke');
      expect(testCase.id).toBe(`generated.${property.name}`);
    }
  }
});
