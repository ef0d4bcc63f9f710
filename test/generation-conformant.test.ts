/**
 * No false alarms from the generated tier: the reference server, every conformant server
 * of the fault matrix and the generation-specific ones pass every generated request of the random
 * phase at three seeds, and those whose answers depend on the values sent pass the whole coverage
 * list too, one jest test per server. Every third server serves a second pipeline and is run with
 * both, as a fleet's nightly run is. Prints `generated tier on conformant servers: K/K green` when it ends.
 */
import { loadContract } from '../src/contract';
import { formatVerdict } from '../src/failure-message';
import { coverageCases } from '../src/generation/coverage-phase';
import { conformantServers } from './fault-matrix/conformant-servers';
import { generationConformantServers } from './fault-matrix/generation-conformant-servers';
import { describeAlarms, missingEvidence } from './fault-matrix/matrix-judgement';
import { generationRuns, type VariantGeneration } from './fault-matrix/run-generation-variants';
import { SECOND_PIPELINE_ID, SERVER_TEST_TIMEOUT_MS } from './fault-matrix/server-runs';
import type { ConformantServer } from './fault-matrix/server-variant';
import { generatedRequestsOf, type GenerationRun, notPassed, ofOrigin, propertyCases, runGeneration } from './support/generation-driver';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { buildPlan } from '../src/plan';

const contract = loadContract();
const SEEDS = [1, 2026, 987_654_321];
/** Per seed, over all properties (STREAMKAP_GENERATED_REQUESTS): two requests of each. */
const BUDGET_PER_SEED = 16;

/**
 * Servers whose answers depend on the values sent or their relations (parsers, refusals, windows)
 * also get the whole coverage list. The others change every answer of a kind alike (body shape,
 * headers, encoding, prefix, latency), which the random phase reaches in every tier; the whole
 * list for each would double this file's time for no new reach.
 */
const VALUE_SENSITIVE = new Set([
  'the reference server',
  'lenient date parser',
  'validation errors as 400',
  // These refuse what "time_interval must be positive", "within 64 bits" and "reversed window refused" refuse, and more.
  ...generationConformantServers.map((server) => server.name),
]);

const servers: readonly ConformantServer[] = [...conformantServers, ...generationConformantServers];

const alarms = (result: VariantGeneration | undefined): string[] =>
  (result?.generations ?? []).flatMap((generation) => notPassed(generation)).map(formatVerdict);

const coverageRows = coverageCases(contract).length;
/** `--case` for the random phase alone. */
const randomPhase = propertyCases(contract);
/** The coverage list does not depend on the seed: the first seed's run sends it too, as `--tag generated` does. */
const withCoverage = (server: ConformantServer, seedIndex: number): boolean => seedIndex === 0 && VALUE_SENSITIVE.has(server.name);

// One run per seed on each server. One test per server, run a few at a time: a slow machine makes the file slower, never red.
const runs = generationRuns(
  (server: ConformantServer) =>
    SEEDS.map((seed, i) => ({
      ...(!withCoverage(server, i) && { cases: randomPhase }),
      random: { seed, generatedRequests: BUDGET_PER_SEED },
    })),
  // Every correct server with two pipelines: each must stay green for both.
  { withTables: false, contract, twoPipelines: new Set(servers.map((server) => server.name)) },
);

/**
 * What the first seed's run plans against a server, as the CLI would plan it: the coverage rows when
 * it sends them, and the generated requests; what runs for each pipeline counts once per pipeline.
 */
function plannedFor(server: ConformantServer) {
  const { planned, generatedRequests } = buildPlan({
    contract,
    ...(!withCoverage(server, 0) && { cases: randomPhase }),
    pipelineIds: runs.hasSecondPipeline(server) ? ['first', SECOND_PIPELINE_ID] : ['first'],
    tags: ['generated'],
    limitedTokenConfigured: true,
    generatedRequests: BUDGET_PER_SEED,
  });
  return { coverage: planned.filter((p) => p.testCase.origin === 'coverage').length, generatedRequests };
}

afterAll(() => {
  const green = servers.filter((s) => runs.finished.has(s.name) && alarms(runs.finished.get(s.name)).length === 0).length;
  process.stdout.write(`\ngenerated tier on conformant servers: ${green}/${servers.length} green over ${SEEDS.length} seeds\n`);
});

describe('conformant servers: green under the generated tier, coverage and three seeds', () => {
  test.concurrent.each(servers.map((server) => [`${server.name}: ${server.description}`, server] as const))(
    '%s',
    async (_title, server) => {
      const result = await runs.of(server);
      expect(result.generations).toHaveLength(SEEDS.length);
      const coverage = result.generations.flatMap((run) => ofOrigin(run, 'coverage'));
      const planned = plannedFor(server);
      expect(coverage).toHaveLength(planned.coverage);
      if (VALUE_SENSITIVE.has(server.name)) expect(new Set(coverage.map((v) => v.caseId)).size).toBe(coverageRows);
      // Every request planned was sent: an exchange's follow-ups (HEAD, validators sent back) count.
      for (const run of result.generations) expect(generatedRequestsOf(run)).toBe(planned.generatedRequests);
      // A server with a second pipeline had each of them read: no pipeline left unchecked.
      if (runs.hasSecondPipeline(server)) {
        const read = result.generations.flatMap((run) => run.verdicts.map((v) => v.pipelineId));
        expect(new Set(read).has(SECOND_PIPELINE_ID)).toBe(true);
      }
      expect(describeAlarms(alarms(result))).toBe('');
      // The generation-specific servers prove their freedom on coverage cases; the table servers did in the matrix.
      if (generationConformantServers.includes(server)) expect(missingEvidence(server, coverage)).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

test('the random phase reaches every tier against the reference server', async () => {
  const server = await startReferenceServer();
  let run: GenerationRun;
  try {
    run = await runGeneration(server, { cases: randomPhase, random: { seed: 5, generatedRequests: 160 } }, { contract });
  } finally {
    await server.close();
  }
  const tiers = new Set(run.generated.map((v) => v.tier));
  expect([...tiers].sort()).toEqual(['accept', 'auth', 'boundary', 'hostile-id', 'not-found', 'refused', 'reject']);
  expect(notPassed(run).map(formatVerdict)).toEqual([]);
});
