/**
 * No false alarms from the generated tier: the reference server, every conformant server
 * of the fault matrix and the generation-specific ones pass every generated request of the random
 * phase at three seeds, and those whose answers depend on the values sent pass the whole coverage
 * list too, one jest test per server. Prints `generated tier on conformant servers: K/K green` when it ends.
 */
import { formatVerdict } from '../src/failure-message';
import { conformantServers } from './fault-matrix/conformant-servers';
import { generationConformantServers } from './fault-matrix/generation-conformant-servers';
import { describeAlarms, missingEvidence } from './fault-matrix/matrix-judgement';
import { generationRuns, type VariantGeneration } from './fault-matrix/run-generation-variants';
import { SERVER_TEST_TIMEOUT_MS } from './fault-matrix/server-runs';
import type { ConformantServer } from './fault-matrix/server-variant';
import { type GenerationRun, notPassed, runGeneration } from './support/generation-driver';
import { startReferenceServer } from '../src/reference-server/reference-server';

const SEEDS = [1, 2026, 987_654_321];
/** Per seed, over all properties: two requests of each. */
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

// On each server: the coverage list once (it does not depend on the seed), then one random phase per seed.
// One test per server, run a few at a time: a slow machine makes the file slower, never red.
const runs = generationRuns(
  (server: ConformantServer) => [
    { coverage: VALUE_SENSITIVE.has(server.name) },
    ...SEEDS.map((seed) => ({ random: { seed, budget: BUDGET_PER_SEED } })),
  ],
  { withTables: false },
);

afterAll(() => {
  const green = servers.filter((s) => runs.finished.has(s.name) && alarms(runs.finished.get(s.name)).length === 0).length;
  process.stdout.write(`\ngenerated tier on conformant servers: ${green}/${servers.length} green over ${SEEDS.length} seeds\n`);
});

describe('conformant servers: green under the generated tier, coverage and three seeds', () => {
  test.concurrent.each(servers.map((server) => [`${server.name}: ${server.description}`, server] as const))(
    '%s',
    async (_title, server) => {
      const result = await runs.of(server);
      const [coverage, ...seeded] = result.generations;
      expect(seeded).toHaveLength(SEEDS.length);
      if (VALUE_SENSITIVE.has(server.name)) expect(coverage?.coverage.length).toBeGreaterThan(200);
      for (const run of seeded) expect(run.random.reduce((sum, p) => sum + p.sent, 0)).toBe(BUDGET_PER_SEED);
      expect(describeAlarms(alarms(result))).toBe('');
      // The generation-specific servers prove their freedom on coverage cases; the table servers did in the matrix.
      if (generationConformantServers.includes(server)) expect(missingEvidence(server, coverage?.coverage ?? [])).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

test('the random phase reaches every tier against the reference server', async () => {
  const server = await startReferenceServer();
  let run: GenerationRun;
  try {
    run = await runGeneration(server, { random: { seed: 5, budget: 160 } });
  } finally {
    await server.close();
  }
  const tiers = new Set(run.random.flatMap((p) => p.verdicts.map((v) => v.tier)));
  expect([...tiers].sort()).toEqual(['accept', 'auth', 'boundary', 'hostile-id', 'not-found', 'refused', 'reject']);
  expect(notPassed(run).map(formatVerdict)).toEqual([]);
});
