/**
 * The random phase: the same seed sends the same requests, another seed others; a
 * failure is shrunk to the smallest request failing the same check; the budget holds; failures
 * group by check and parameter for reports; coverage.json counts what generation exercised.
 */
import { loadContract } from '../src/contract';
import { countExercised } from '../src/generation/exercise-count';
import { propertyVerdict } from '../src/generation/property-verdict';
import { findCauses } from '../src/causes/run-causes';
import { canonicalValues } from '../src/causes/simplicity';
import { generatedProperties } from '../src/generation/properties';
import { replayCase, runProperty, splitBudget } from '../src/generation/random-phase';
import { strictParsers } from '../src/reference-server/query-validation';
import { type ReferenceServer, startReferenceServer } from '../src/reference-server/reference-server';
import { openSession, runGeneration } from './support/generation-driver';

const contract = loadContract();

/** The metrics requests a server received, path and query, in a stable order. */
const metricsRequests = (server: ReferenceServer): string[] =>
  server.requests
    .map((r) => r.url.replace(server.pipelineId, '{pipeline}'))
    .filter((url) => url.includes('/metrics'))
    .sort();

async function requestsSentWith(seed: number, budget: number): Promise<string[]> {
  const server = await startReferenceServer();
  try {
    await runGeneration(server, { random: { seed, budget } });
    // Each server has its own pipeline id: metricsRequests compares the requests without it.
    return metricsRequests(server);
  } finally {
    await server.close();
  }
}

describe('seed replay', () => {
  test('the same seed sends exactly the same requests; another seed sends others', async () => {
    const [first, again, other] = await Promise.all([requestsSentWith(42, 120), requestsSentWith(42, 120), requestsSentWith(43, 120)]);
    expect(first).toHaveLength(120);
    expect(again).toEqual(first);
    const shared = other.filter((url) => first.includes(url));
    // Fixed requests (a bare refusal, a plain default) may recur; most must differ.
    expect(shared.length).toBeLessThan(first.length / 4);
  });
});

/** time_interval above 50 refused: the smallest failing request is time_interval=51 and nothing else. */
const refusesAbove50 = {
  behaviour: {
    parsers: {
      ...strictParsers,
      time_interval: (raw: string) => {
        const parsed = strictParsers.time_interval(raw);
        return parsed.ok && parsed.value > 50n
          ? { ok: false as const, type: 'less_than_equal', msg: 'Input should be at most 50' }
          : parsed;
      },
    },
  },
};

describe('shrinking', () => {
  test('a failing request is shrunk to the smallest that fails the same check, with its curl, hits, seed and path', async () => {
    const server = await startReferenceServer(refusesAbove50);
    const session = openSession(server, { contract });
    const property = generatedProperties(contract).find((p) => p.name === 'valid-requests-accepted');
    if (property === undefined) throw new Error('no valid-requests-accepted property');
    try {
      const run = await runProperty(property, { seed: 3, numRuns: 80, send: session.send });
      expect(run.failures.map((f) => f.check)).toEqual(['valid_request_accepted']);
      const [failure] = run.failures;
      expect(failure?.minimal.testCase.query).toEqual([['time_interval', '51']]);
      expect(failure?.minimal.verdict.outcome).toBe('failed');
      expect(failure?.minimal.verdict.curl).toContain('time_interval=51');
      expect(failure?.parameter).toBe('time_interval');
      expect(run.drawn).toBeLessThan(run.sent); // a failure keeps part of the budget for shrinking
      expect(failure?.hits).toBe(run.verdicts.slice(0, run.drawn).filter((v) => v.outcome === 'failed').length);
      expect(failure?.hits).toBeGreaterThan(1);
      expect(failure?.replay).toEqual({ seed: 3, property: 'valid-requests-accepted', path: expect.stringMatching(/^\d+(:\d+)*$/) });
      // The budget holds, shrinking included, and every verdict produced comes back.
      expect(run.sent).toBeLessThanOrEqual(80);
      expect(run.verdicts).toHaveLength(run.sent);
      expect(metricsRequests(server)).toHaveLength(run.sent);

      // The shrunk request replays from its seed and path: fast-check regenerates exactly it.
      const replayed = failure && replayCase(property, failure.replay);
      expect(replayed?.query).toEqual(failure?.minimal.testCase.query);
      expect(replayed?.tier).toBe('accept');

      // As the reports see it: the property's verdict, its requests grouped by cause, the simplest one kept.
      const verdict = propertyVerdict(
        {
          id: 'generated.property.valid-requests-accepted',
          title: property.rule,
          tier: 'boundary',
          origin: 'property',
          tags: ['generated'],
        },
        run,
        canonicalValues(contract),
      );
      expect(verdict.outcome).toBe('failed');
      expect(verdict.curl).toContain('time_interval=51');
      const causes = findCauses([verdict], canonicalValues(contract));
      expect(causes).toHaveLength(1);
      const failing = run.verdicts.filter((v) => v.outcome === 'failed').length;
      expect(causes[0]).toMatchObject({
        title: 'valid_request_accepted: expected 200, got 4xx',
        cases: 1,
        requests: failing,
        origins: ['property'],
        caseIds: ['generated.property.valid-requests-accepted'],
      });
      expect(causes[0]?.requests).toBeGreaterThanOrEqual(failure?.hits ?? Infinity);
      // Of every request that hit it, one parameter, nearest the default of 1.
      expect(causes[0]?.smallest.curl).toMatch(/metrics\?time_interval=51'/);
      expect(causes[0]?.smallest.rerun).toBe('npx streamkap-conformance --case generated.property.valid-requests-accepted --seed 3');
    } finally {
      session.close();
      await server.close();
    }
  });
});

describe('budget', () => {
  test('splitBudget shares the total among properties, remainder first, and 0 turns the phase off', () => {
    const names = generatedProperties(contract).map((p) => p.name);
    const shares = splitBudget(1003, names);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(1003);
    expect(shares.get(names[0] as (typeof names)[number])).toBe(126);
    expect(shares.get(names[7] as (typeof names)[number])).toBe(125);
    expect([...splitBudget(0, names).values()].every((n) => n === 0)).toBe(true);
  });

  test('the random phase sends exactly its budget against a green server', async () => {
    const server = await startReferenceServer();
    try {
      const run = await runGeneration(server, { random: { seed: 11, budget: 50 } });
      expect(run.random.reduce((sum, p) => sum + p.sent, 0)).toBe(50);
      expect(metricsRequests(server)).toHaveLength(50);
    } finally {
      await server.close();
    }
  });
});

describe('reports helpers', () => {
  test('countExercised counts values per parameter by class, and enum members', () => {
    const counted = countExercised(
      [
        [
          ['time_unit', 'hour'],
          ['time_interval', '1.5'],
        ],
        [
          ['time_unit', 'Hour'],
          ['timestamp_from', '2025-03-02'],
        ],
        [['time_unit', 'hour']],
      ],
      contract,
    );
    expect(counted.requests).toBe(3);
    expect(counted.parameters.find((p) => p.name === 'time_unit')).toEqual({
      name: 'time_unit',
      sent: 3,
      distinct: 2,
      byClass: { valid: 2, invalid: 1, disputed: 0 },
    });
    expect(counted.parameters.find((p) => p.name === 'time_interval')?.byClass).toEqual({ valid: 0, invalid: 1, disputed: 0 });
    expect(counted.parameters.find((p) => p.name === 'timestamp_from')?.byClass).toEqual({ valid: 0, invalid: 0, disputed: 1 });
    expect(counted.enumMembers.find((m) => m.value === 'hour')?.sent).toBe(2);
    expect(counted.enumMembers.find((m) => m.value === 'week')?.sent).toBe(0);
  });
});
