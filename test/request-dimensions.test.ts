/**
 * The whole request, and the contract's freedoms. Each fault of
 * request-dimension-faults.ts is caught by the rows it names with its check; those of the new
 * dimensions (credential, query shape, pipeline id, repetition, query syntax, size, negotiation)
 * are missed by the older tiers (every case table row, and every older coverage row of the same
 * part of the request, or for query syntax and size every older coverage row, passes; for
 * negotiation, every table row and older request-dimension row sent with the suite's own headers).
 * negotiation-faults.ts adds the faults only some clients' headers bring out.
 * Each server of freedom-servers.ts passes the tables, the coverage rows its hook can reach (all,
 * unless it declares fewer) and the random phase at several seeds. One test per
 * server, each starting and stopping its own; no time budget beyond jest's per-test timeout.
 */
import { allCases } from '../cases';
import { loadContract } from '../src/contract';
import { notOneCause } from './fault-matrix/cause-count';
import { authorizationPlaceholder, toCurl } from '../src/curl-command';
import { coverageCases } from '../src/generation/coverage-phase';
import { parameterSpaces } from '../src/generation/parameter-space';
import { requestDimensionCases } from '../src/generation/request-dimensions';
import { tierOf } from '../src/generation/tier-rule';
import { judgeValue } from '../src/generation/value-oracle';
import { type Case, CREDENTIAL_VARIANTS, type ReceivedResponse, type Verdict } from '../src/model';
import { DEFAULT_CHECKS } from '../src/checks';
import { observe } from '../src/checks/observation';
import { Redactor } from '../src/redaction';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { buildRequest } from '../src/request-builder';
import { forEachPipeline } from '../src/plan';
import { formatVerdict } from '../src/failure-message';
import { EXCHANGE_ROWS, freedomServers } from './fault-matrix/freedom-servers';
import { SECOND_PIPELINE_ID } from './fault-matrix/server-runs';
import { describeAlarms, missingEvidence } from './fault-matrix/matrix-judgement';
import {
  type DimensionFault,
  NEW_DIMENSIONS,
  requestDimensionFaults as dimensionFaultsBefore,
} from './fault-matrix/request-dimension-faults';
import { negotiationFaults } from './fault-matrix/negotiation-faults';
import { faultyServers } from './fault-matrix/faulty-servers';
import { conformantServers } from './fault-matrix/conformant-servers';
import { generationFaults } from './fault-matrix/generation-faults';
import { generationConformantServers } from './fault-matrix/generation-conformant-servers';
import { generatedRequestsOf, notPassed, ofOrigin, propertyCases, runGeneration } from './support/generation-driver';
import { runAgainst } from './support/run-against';

const contract = loadContract();
/** Every fault of the parts of a request no parameter value shows, the client's headers among them. */
const requestDimensionFaults = [...dimensionFaultsBefore, ...negotiationFaults];
const spaces = parameterSpaces(contract);
const coverage = coverageCases(contract);
const dimensionIds = new Set(requestDimensionCases(spaces).map((c) => c.id));
const olderCoverage = coverage.filter((c) => !dimensionIds.has(c.id));

/**
 * The older rows that vary the same part of the request as each new dimension: the refusal rows
 * (credentials, pipeline ids, each with a query), the window relations and unit-interval pairs
 * (queries of several parameters). With the whole case table they are the older tiers a fault of
 * that dimension must pass; the single-value rows (one parameter each) reach none of them.
 */
const OLDER_ROWS_OF: Readonly<Record<string, RegExp>> = {
  credential: /^generated\.coverage\.auth\./,
  repetition: /^generated\.coverage\.(auth|window)\./,
  'query-shape': /^generated\.coverage\.(window|unit-interval|auth|pipeline)\./,
  'pipeline-id': /^generated\.coverage\.pipeline\./,
  // The rows that refuse a credential, and (for HEAD) those that send a request again as a GET.
  method: /^generated\.coverage\.(auth|repeat)\./,
  conditional: /^generated\.coverage\.(auth|window)\./,
};
/**
 * The query's syntax and the request's size are newer than every other row: their faults pass
 * every older one, the request-dimension rows too (values of 4301 digits and empty ones, every
 * older query shape and spelling, ids of 320 characters, refusals with queries).
 */
const SYNTAX_AND_SIZE = /^generated\.coverage\.(query-syntax|size)\./;
const olderThanSyntaxAndSize = coverage.filter((c) => !SYNTAX_AND_SIZE.test(c.id));
/** A request every run sends and the reference serves: beside rows a server resets, it shows the rest is served. */
const SERVED = allCases.find((c) => c.id === 'accept.defaults');
/** The rows that send what a client profile sends: the documentation's example as each client, an Accept that admits no JSON. */
const PROFILE_ROWS = /^generated\.coverage\.(profile|negotiation)\./;
/** A case as the suite sent it before client profiles: with its own headers (axios). */
const withSuiteHeaders = (testCase: Case): Case => {
  const rest = { ...testCase };
  delete rest.profile;
  delete rest.accept;
  return rest;
};
/**
 * Today's tiers, for negotiation: every case table row (every tier and status) and every older
 * request-dimension row (HEAD, validators, repetition, credentials, sizes), each with the suite's
 * own headers, as each was sent before the tiers carried the client profiles in turn. No older row
 * varies the headers, so the value rows would only send the same headers again.
 */
const withoutProfiles = [...allCases, ...coverage.filter((c) => dimensionIds.has(c.id) && !PROFILE_ROWS.test(c.id))].map(withSuiteHeaders);
const olderTiersOf = (fault: DimensionFault) => {
  if (fault.dimension === 'negotiation') return withoutProfiles;
  if (fault.dimension === 'query-syntax' || fault.dimension === 'size') return [...allCases, ...olderThanSyntaxAndSize];
  const rows = OLDER_ROWS_OF[fault.dimension];
  return rows === undefined ? [] : [...allCases, ...olderCoverage.filter((c) => rows.test(c.id))];
};
const byId = new Map([...allCases, ...coverage].map((c) => [c.id, c]));

/** `--case` for the random phase alone. */
const randomPhase = propertyCases(contract);
/** Seeds of the random phase each freedom server passes, and the requests per seed over every property. */
const SEEDS = [3, 2026, 424_242];
const BUDGET_PER_SEED = 16;
/** Jest's own per-test limit, generous for a loaded 2-core machine: a stuck server, not a slow one. */
const PER_TEST_MS = 120_000;

/** The checks a case's tier runs that find fault with an answer, by name. */
const runChecksOf = (testCase: Case, response: ReceivedResponse): string[] =>
  [...DEFAULT_CHECKS.byTier[testCase.tier]].flatMap((check) => check(observe(testCase, response, contract)).map((f) => f.check));

const alarms = (verdicts: readonly Verdict[]): string[] => verdicts.filter((v) => v.outcome !== 'passed').map(formatVerdict);

function gapsInCatch(fault: DimensionFault, verdicts: readonly Verdict[]): string[] {
  const found = new Map(verdicts.map((v) => [v.caseId, v]));
  return fault.caughtBy.flatMap((id) => {
    const verdict = found.get(id);
    if (verdict === undefined) return [`${id} is no case`];
    return verdict.outcome === 'failed' && verdict.findings.some((f) => f.check === fault.check)
      ? []
      : [`${id} ${verdict.outcome} without a ${fault.check} finding:\n${formatVerdict(verdict)}`];
  });
}

describe('request-dimension faults: each caught by its rows; those of the new dimensions missed by the older tiers', () => {
  test.concurrent.each(requestDimensionFaults.map((fault) => [`${fault.dimension}: ${fault.name}: ${fault.description}`, fault] as const))(
    '%s',
    async (_title, fault) => {
      const server = await startReferenceServer(fault.options);
      try {
        const older = NEW_DIMENSIONS.has(fault.dimension)
          ? await runAgainst(server, { cases: olderTiersOf(fault), context: { contract } })
          : [];
        if (NEW_DIMENSIONS.has(fault.dimension)) expect(older.length).toBeGreaterThan(allCases.length);
        const catchers = fault.caughtBy.flatMap((id) => byId.get(id) ?? []);
        const caught = await runAgainst(server, { cases: [...catchers, ...(SERVED ? [SERVED] : [])], context: { contract } });
        expect(describeAlarms(alarms(older))).toBe('');
        expect(gapsInCatch(fault, caught)).toEqual([]);
        // One fault, one cause, over every request sent to it.
        expect(notOneCause([...older, ...caught])).toEqual([]);
      } finally {
        await server.close();
      }
    },
    PER_TEST_MS,
  );
});

describe('freedom servers: green under the tables, the coverage phase and the random phase at several seeds', () => {
  test.concurrent.each(freedomServers.map((server) => [`${server.name}: ${server.description}`, server] as const))(
    '%s',
    async (_title, variant) => {
      const server = await startReferenceServer(variant.options);
      try {
        const tables = await runAgainst(server, { context: { contract } });
        const rows = coverage.filter((c) => variant.reach?.test(c.id) ?? true).map((c) => c.id);
        const seeded = [];
        // The rows do not depend on the seed: the first seed's run sends them too.
        for (const [i, seed] of SEEDS.entries()) {
          const cases = i === 0 ? [...rows, ...randomPhase] : randomPhase;
          seeded.push(await runGeneration(server, { cases, random: { seed, generatedRequests: BUDGET_PER_SEED } }, { contract }));
        }
        const rowVerdicts = seeded.flatMap((run) => ofOrigin(run, 'coverage'));
        expect(rowVerdicts).toHaveLength(rows.length);
        for (const run of seeded) expect(generatedRequestsOf(run)).toBe(BUDGET_PER_SEED);
        const skippedByFreedom = (v: Verdict) => v.outcome === 'skipped' && (variant.skips?.test(v.caseId) ?? false);
        const notGreen = [
          ...alarms(tables),
          ...seeded.flatMap((run) =>
            notPassed(run)
              .filter((v) => !skippedByFreedom(v))
              .map(formatVerdict),
          ),
        ];
        expect(rowVerdicts.filter((v) => variant.skips?.test(v.caseId) && v.outcome !== 'skipped').map((v) => v.caseId)).toEqual([]);
        expect(describeAlarms(notGreen)).toBe('');
        expect(missingEvidence(variant, [...tables, ...rowVerdicts])).toEqual([]);
      } finally {
        await server.close();
      }
    },
    PER_TEST_MS,
  );
});

describe('the catalogues', () => {
  test('at least 25 faults over every dimension, more than one each, each overriding exactly one behaviour hook', () => {
    expect(requestDimensionFaults.length).toBeGreaterThanOrEqual(25);
    const perDimension = new Map<string, number>();
    for (const fault of requestDimensionFaults) perDimension.set(fault.dimension, (perDimension.get(fault.dimension) ?? 0) + 1);
    expect([...perDimension.keys()].sort()).toEqual([
      'conditional',
      'credential',
      'extreme-instant',
      'method',
      'negotiation',
      'pipeline-id',
      'query-shape',
      'query-syntax',
      'repetition',
      'size',
      'validation-loc',
    ]);
    expect([...perDimension.values()].every((count) => count > 1)).toBe(true);
    const notSingle = requestDimensionFaults.filter(
      (f) => Object.keys(f.options).join() !== 'behaviour' || Object.keys(f.options.behaviour ?? {}).length !== 1,
    );
    expect(notSingle.map((f) => f.name)).toEqual([]);
  });

  test('the rows a freedom of framing, connections or caching is run with are every request-dimension row, and only those', () => {
    expect(coverage.filter((c) => EXCHANGE_ROWS.test(c.id)).map((c) => c.id)).toEqual([...dimensionIds]);
  });

  test('at least 8 freedom servers, each changing one behaviour hook and showing its freedom', () => {
    expect(freedomServers.length).toBeGreaterThanOrEqual(8);
    expect(
      freedomServers.filter((s) => Object.keys(s.options.behaviour ?? {}).length !== 1 || s.evidence.length === 0).map((s) => s.name),
    ).toEqual([]);
  });

  test('every row a fault names is a case, and names are unique across every catalogue', () => {
    expect(requestDimensionFaults.flatMap((f) => f.caughtBy).filter((id) => !byId.has(id))).toEqual([]);
    const names = [
      ...requestDimensionFaults,
      ...freedomServers,
      ...faultyServers,
      ...conformantServers,
      ...generationFaults,
      ...generationConformantServers,
    ].map((s) => s.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});

describe('the rules behind the rows', () => {
  const interval = spaces.find((s) => s.kind === 'integer')!;
  const timestamp = spaces.find((s) => s.kind === 'date-time')!;

  test('a value that spells a valid one another way is disputed, whatever the parsers say; one that denotes none is invalid', () => {
    for (const raw of ['1.', '1.0', '+1', '01', ' 1', '1_000', '1e3', '10e-1', '\uff11', ''])
      expect([raw, judgeValue(interval, raw).class]).toEqual([raw, 'disputed']);
    for (const raw of ['abc', '1.5', '0x10', '1,000', '15e-1', '--1', 'NaN'])
      expect([raw, judgeValue(interval, raw).class]).toEqual([raw, 'invalid']);
    for (const raw of [' 2025-03-02T07:10:15Z', '2025-03-02T07:10:15.Z', '2025-03-02T07:10:15+05:30:00'])
      expect([raw, judgeValue(timestamp, raw).class]).toEqual([raw, 'disputed']);
    for (const raw of ['2025-02-30T10:00:00Z', 'not-a-date', '2025-03-02T25:00:00Z'])
      expect([raw, judgeValue(timestamp, raw).class]).toEqual([raw, 'invalid']);
  });

  test('capacity: recent windows of a few days are accepted; longer, denser, future or repeated ones are boundary', () => {
    const now = Date.parse('2025-03-10T00:00:00Z');
    const tier = (query: Array<[string, string]>) => tierOf({ query }, spaces, now);
    const window = (from: string, to: string, ...more: Array<[string, string]>): Array<[string, string]> => [
      ['timestamp_from', from],
      ['timestamp_to', to],
      ...more,
    ];
    expect(tier(window('2025-03-01T00:00:00Z', '2025-03-04T00:00:00Z'))).toBe('accept');
    expect(tier(window('2025-03-01T00:00:00Z', '2025-03-04T00:00:01Z'))).toBe('boundary');
    expect(tier(window('2025-03-03T00:00:00Z', '2025-03-04T00:00:00Z', ['time_unit', 'minute']))).toBe('accept');
    expect(tier(window('2025-03-02T00:00:00Z', '2025-03-04T00:00:00Z', ['time_unit', 'minute']))).toBe('boundary');
    expect(tier(window('2025-03-11T00:00:00Z', '2025-03-12T00:00:00Z'))).toBe('boundary');
    expect(tier([['time_unit', 'minute']])).toBe('accept');
    expect(
      tier([
        ['time_unit', 'hour'],
        ['time_unit', 'day'],
      ]),
    ).toBe('boundary');
    expect(
      tier([
        ['time_unit', 'hour'],
        ['_', '1'],
      ]),
    ).toBe('boundary');
    expect(
      tier([
        ['time_unit', 'fortnight'],
        ['_', '1'],
      ]),
    ).toBe('reject');
  });

  test('refusal order: without a grant, a query that is not valid lets either refusal come first', () => {
    expect(tierOf({ auth: 'none', query: [['time_unit', 'hour']] }, spaces)).toBe('auth');
    expect(tierOf({ auth: 'none', query: [['time_unit', 'Hour']] }, spaces)).toBe('refused');
    expect(tierOf({ auth: 'garbage-token', query: [['time_interval', '1.']] }, spaces)).toBe('refused');
    expect(tierOf({ auth: 'none', pipeline: { kind: 'missing' } }, spaces)).toBe('refused');
    expect(tierOf({ auth: 'scheme-lower-case' }, spaces)).toBe('accept');
    expect(tierOf({ auth: 'token-other-case' }, spaces)).toBe('auth');
    expect(tierOf({ auth: 'scheme-tab' }, spaces)).toBe('boundary');
  });

  test('pipeline neighbours and query spellings are derived from the configured id at send time', () => {
    const target = { baseUrl: 'http://h', pipelineId: '67bc1a2b3c4d5e6f7a8b9c0d', missingPipelineId: '0'.repeat(24) };
    const build = (id: string) => buildRequest(byId.get(`generated.coverage.${id}`)!, target, new Date('2026-01-01T00:00:00Z'));
    expect(build('pipeline-id.last-char-cut').path).toBe('/pipelines/67bc1a2b3c4d5e6f7a8b9c0/metrics');
    expect(build('pipeline-id.middle-char-changed').path).toBe('/pipelines/67bc1a2bbc4d5e6f7a8b9c0d/metrics');
    expect(build('pipeline-id.double-encoded').path).toContain('%2536%2537');
    expect(build('pipeline-id.nul-appended').path).toBe('/pipelines/67bc1a2b3c4d5e6f7a8b9c0d%00/metrics');
    expect(build('query-spelling.raw-colons').url).toContain('timestamp_from=2025-03-02T12:40:15%2B05:30');
    expect(build('query-spelling.lower-case-escapes').url).toContain('12%3a40%3a15%2b05%3a30');
    expect(build('query-spelling.encoded-unreserved').url).toContain('time_unit=%68%6F%75%72');
  });

  test("the reference server, two pipelines: HEAD refused with 405 and Allow as FastAPI does, 304 to a matching validator after the grant; each follow-up's reproduction says what it sent", async () => {
    const server = await startReferenceServer({ otherPipelineIds: [SECOND_PIPELINE_ID] });
    try {
      const rows = coverage.filter((c) => /^generated\.coverage\.(head|conditional)\./.test(c.id));
      const verdicts = await runAgainst(server, { cases: rows, context: { contract } });
      expect(verdicts.filter((v) => v.outcome !== 'passed').map(formatVerdict)).toEqual([]);
      // A row that reads a pipeline's metrics runs for each; the refusals once.
      const copies = forEachPipeline(rows, server.pipelineIds);
      expect(copies.length).toBeGreaterThan(rows.length);
      expect(verdicts.map((v) => `${v.caseId}@${v.pipelineId ?? ''}`).sort()).toEqual(
        copies.map((c) => `${c.id}@${c.pipelineId ?? ''}`).sort(),
      );
      const of = (slug: string) => verdicts.find((v) => v.caseId === `generated.coverage.${slug}`)!;
      // A passed case shows its last sending.
      expect([of('head.granted').status, of('head.granted').response?.headers.allow, of('head.granted').curl]).toEqual([
        405,
        'GET',
        expect.stringMatching(/^curl -sS --head /),
      ]);
      expect([of('conditional.if-none-match').status, of('conditional.if-none-match').curl]).toEqual([
        304,
        expect.stringMatching(/-H 'if-none-match: "[\w-]+"'/),
      ]);
      expect([of('conditional.if-none-match-other').status, of('conditional.if-modified-since-earlier').status]).toEqual([200, 200]);
      expect([of('conditional.if-none-match-no-credential').status, of('conditional.if-modified-since').status]).toEqual([401, 304]);
    } finally {
      await server.close();
    }
  });

  test('query syntax and size: must accept only what every framework reads alike, must reject only an invalid value', () => {
    const tiers = Object.fromEntries(
      [...dimensionIds]
        .filter((id) => /\.(query-syntax|size)\./.test(id))
        .map((id) => [id.replace('generated.coverage.', ''), byId.get(id)?.tier]),
    );
    expect(tiers).toEqual({
      'query-syntax.bare-unit': 'boundary',
      'query-syntax.bare-interval-invalid-unit': 'reject',
      'query-syntax.empty-every': 'boundary',
      'query-syntax.empty-pairs': 'accept',
      'query-syntax.separators-alone': 'accept',
      'query-syntax.semicolons': 'boundary',
      'query-syntax.name-upper-case': 'boundary',
      'query-syntax.encoded-names': 'accept',
      'query-syntax.encoded-names-invalid': 'reject',
      'size.unit-10000-characters': 'reject',
      'size.every-parameter-2500-characters': 'reject',
      'size.unknown-parameter-10000-characters': 'boundary',
      'size.pipeline-id-10000-characters': 'hostile-id',
    });
    const target = { baseUrl: 'http://h', pipelineId: 'p', missingPipelineId: '0' };
    const search = (id: string) => buildRequest(byId.get(`generated.coverage.${id}`)!, target).url.split('?')[1];
    expect(search('query-syntax.bare-unit')).toBe('time_unit&time_interval=2');
    expect(search('query-syntax.separators-alone')).toBe('&&');
    expect(search('query-syntax.empty-pairs')).toMatch(/^&time_interval=2&&time_unit=hour&&.*&$/);
    expect(search('query-syntax.semicolons')).toBe('time_unit=hour;time_interval=2');
    expect(search('query-syntax.encoded-names-invalid')).toBe('%74%69%6D%65%5F%75%6E%69%74=fortnight');
    expect(search('size.every-parameter-2500-characters')!.length).toBeGreaterThan(4 * 2500);
  });

  test('a 414 is documented for a target past 8000 octets alone; a gateway may send its own page, but what says JSON must be JSON', () => {
    const judged = (id: string, contentType: string, body: string) =>
      runChecksOf(byId.get(`generated.coverage.${id}`)!, { status: 414, headers: { 'content-type': contentType }, body });
    expect(judged('size.unit-10000-characters', 'application/json', '{"detail": "URI Too Long"}')).toEqual([]);
    expect(judged('size.unit-10000-characters', 'text/html', '<html><title>414 Request-URI Too Large</title></html>')).toEqual([]);
    expect(judged('size.unit-10000-characters', 'application/json', '<html></html>')).toEqual(['body_is_json']);
    expect(judged('query-syntax.bare-interval-invalid-unit', 'application/json', '{"detail": "URI Too Long"}')).toEqual([
      'status_is_documented',
    ]);
  });

  test('every credential variant has a reproduction that keeps the token in the environment, and is redacted like it', async () => {
    const server = await startReferenceServer();
    const redactor = new Redactor();
    try {
      const verdicts = await runAgainst(server, {
        cases: CREDENTIAL_VARIANTS.map((v) => byId.get(`generated.coverage.credential.${v}`)!),
        context: { contract, redactor },
      });
      expect(verdicts.map((v) => v.outcome)).toEqual(CREDENTIAL_VARIANTS.map(() => 'passed'));
      for (const variant of CREDENTIAL_VARIANTS) {
        const curl = toCurl({ method: 'GET', url: 'http://h/p', path: '/p', query: [], auth: variant });
        expect(curl).not.toContain(server.token);
        expect(authorizationPlaceholder(variant) ?? '').not.toMatch(/ref-token/);
      }
      const text = [server.token.toUpperCase(), server.token.slice(0, -1), `~${server.token.slice(1)}`, `${server.token}x`].join(' | ');
      // A respelling (bearer, several spaces) carries the token itself, which keeps its own placeholder.
      expect(redactor.redact(`Bearer ${server.token}`)).toBe('Bearer $STREAMKAP_TOKEN');
      const redacted = redactor.redact(text);
      expect(redacted).not.toContain(server.token.slice(4, -4));
      expect(redacted).not.toContain(server.token.toUpperCase().slice(4, -4));
    } finally {
      await server.close();
    }
  });
});
