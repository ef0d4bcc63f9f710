/**
 * The random phase: the same seed sends the same requests, another seed others; a
 * failure is shrunk to the smallest request failing the same check; the budget holds; failures
 * group by check and parameter for reports; coverage.json counts what generation exercised.
 */
import { loadContract } from '../src/contract';
import { countExercised } from '../src/generation/exercise-count';
import { findCauses } from '../src/causes/run-causes';
import { canonicalValues } from '../src/causes/simplicity';
import { generatedProperties } from '../src/generation/properties';
import { splitBudget } from '../src/generation/random-phase';
import { formatVerdict } from '../src/failure-message';
import { PIPELINE_NEIGHBOURS, type Verdict } from '../src/model';
import { neighbourSegment } from '../src/pipeline-neighbours';
import { strictParsers } from '../src/reference-server/query-validation';
import { type ReferenceServer, startReferenceServer } from '../src/reference-server/reference-server';
import { generatedRequestsOf, type GenerationRun, oneProperty, ofOrigin, propertyCases, runGeneration } from './support/generation-driver';

const contract = loadContract();
/** `--case` for the random phase alone. */
const randomPhase = propertyCases(contract);

/** A request's path with the server's own pipeline id, or a neighbour of it, named for what it is: each server has its own id. */
function withoutServersId(url: string, id: string): string {
  const named = new Map<string, string>([
    [id, '{pipeline}'],
    ...PIPELINE_NEIGHBOURS.map((of) => [neighbourSegment(of, id), `{pipeline ${of}}`] as const),
  ]);
  return url
    .replace(/^\/pipelines\/([^/]*)/, (_path, segment: string) => `/pipelines/${named.get(segment) ?? segment}`)
    .replace(id, '{pipeline}');
}

/** The metrics requests a server received, path and query, in a stable order. */
const metricsRequests = (server: ReferenceServer): string[] =>
  server.requests
    .map((r) => withoutServersId(r.url, server.pipelineId))
    .filter((url) => url.includes('/metrics'))
    .sort();

async function requestsSentWith(seed: number, generatedRequests: number): Promise<string[]> {
  const server = await startReferenceServer();
  try {
    await runGeneration(server, { cases: randomPhase, random: { seed, generatedRequests } }, { contract });
    // Each server has its own pipeline id: metricsRequests compares the requests without it.
    return metricsRequests(server);
  } finally {
    await server.close();
  }
}

describe('seed replay', () => {
  test('the same seed sends exactly the same requests; another seed sends others', async () => {
    const [first, again, other] = await Promise.all([requestsSentWith(42, 120), requestsSentWith(42, 120), requestsSentWith(43, 120)]);
    // Every request the budget planned, but a follow-up an answer left no validator to send back.
    expect(first.length).toBeLessThanOrEqual(120);
    expect(first.length).toBeGreaterThan(110);
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

/** A shrinking request's id names the draw it shrinks and the check: `<draw id>.<check>.shrink-<k>`. */
const isShrinking = (v: Verdict): boolean => /\.shrink-\d+$/.test(v.caseId);

/** The property's requests, shrinking included. */
const BUDGET = 80;

/** One property, as `--case generated.property.valid-requests-accepted --seed 3` runs it, against a server that refuses above 50. */
async function refusedAbove50(): Promise<{ server: ReferenceServer; run: GenerationRun }> {
  const server = await startReferenceServer(refusesAbove50);
  try {
    return { server, run: await runGeneration(server, oneProperty(contract, 'valid-requests-accepted', 3, BUDGET), { contract }) };
  } finally {
    await server.close();
  }
}

/** The property's own verdict and its one failure. */
function shrunkFailure(run: GenerationRun) {
  const [verdict] = ofOrigin(run, 'property');
  const [failure] = verdict?.generated?.failures ?? [];
  if (verdict === undefined || failure === undefined)
    throw new Error(`the property found no failure: ${run.verdicts.map(formatVerdict).join('\n')}`);
  return { verdict, failure };
}

describe('shrinking', () => {
  test('a failing request is shrunk to the smallest that fails the same check, with its curl, hits, seed and path', async () => {
    const { server, run } = await refusedAbove50();
    const { verdict, failure } = shrunkFailure(run);
    expect(verdict.findings.map((f) => f.check)).toEqual(['valid_request_accepted']);
    // The verdict shows the minimal request: its query, its curl, its failure.
    expect(verdict.request.query).toEqual([['time_interval', '51']]);
    expect(verdict.outcome).toBe('failed');
    expect(verdict.curl).toContain('time_interval=51');
    expect(failure.minimalCurl).toBe(verdict.curl);
    expect(failure.parameter).toBe('time_interval');
    const drawn = run.generated.filter((v) => !isShrinking(v));
    expect(drawn.length).toBeLessThan(run.generated.length); // a failure keeps part of the budget for shrinking
    expect(failure.hits).toBe(drawn.filter((v) => v.outcome === 'failed').length);
    expect(failure.hits).toBeGreaterThan(1);
    expect(verdict.generated).toMatchObject({ property: 'valid-requests-accepted', seed: 3 });
    // The budget holds, shrinking and follow-ups (HEAD, validators sent back) included, and every exchange sent was told as judged.
    const requests = verdict.generated?.requests ?? -1;
    expect(requests).toBeLessThanOrEqual(BUDGET);
    expect(run.generated.length).toBeLessThanOrEqual(requests);
    expect(metricsRequests(server).length).toBeLessThanOrEqual(requests);
    expect(metricsRequests(server).length).toBeGreaterThanOrEqual(run.generated.length);

    // As the reports see it: the property's requests grouped by cause, the simplest one kept.
    const causes = findCauses([verdict], canonicalValues(contract));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({
      title: 'valid_request_accepted: expected 200, got 4xx',
      cases: 1,
      requests: run.generated.filter((v) => v.outcome === 'failed').length,
      origins: ['property'],
      caseIds: ['generated.property.valid-requests-accepted'],
    });
    expect(causes[0]?.requests).toBeGreaterThanOrEqual(failure.hits);
    // Of every request that hit it, one parameter, nearest the default of 1.
    expect(causes[0]?.smallest.curl).toMatch(/metrics\?time_interval=51'/);
    // The rerun command names the case and the seed this test ran.
    expect(causes[0]?.smallest.rerun).toMatch(/ --case generated\.property\.valid-requests-accepted --seed 3$/);
  });

  test('the seed replays it: the same requests again, shrunk to the same request', async () => {
    const [first, again] = await Promise.all([refusedAbove50(), refusedAbove50()]);
    expect(metricsRequests(again.server)).toEqual(metricsRequests(first.server));
    const sameOnAnyServer = ({ failure }: ReturnType<typeof shrunkFailure>) => ({ ...failure, minimalCurl: undefined });
    expect(sameOnAnyServer(shrunkFailure(again.run))).toEqual(sameOnAnyServer(shrunkFailure(first.run)));
    expect(shrunkFailure(again.run).verdict.request.query).toEqual([['time_interval', '51']]);
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
      const run = await runGeneration(server, { cases: randomPhase, random: { seed: 11, generatedRequests: 50 } }, { contract });
      expect(generatedRequestsOf(run)).toBe(50);
      // An exchange is a request and its follow-ups: fewer exchanges than requests, each follow-up sent
      // but one an answer left no validator to send back (a freedom: validators are optional).
      const followUps = run.generated.filter((v) => / then /.test(v.title)).length;
      expect(followUps).toBeGreaterThan(0);
      expect(run.generated.length).toBeLessThan(50);
      const notSent = run.generated.filter((v) => /not sent: the API's answer carried no/.test(v.title)).length;
      expect(metricsRequests(server)).toHaveLength(50 - notSent);
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
