/**
 * The generated tier earns its place (issue 8): every fault of generation-faults.ts is caught by
 * the generated tier where the catalogue says (the coverage list, or one random property at a
 * fixed seed) with the named check, and missed by the case tables alone (every table case passes).
 * Prints `generated-tier faults caught: N/N`.
 */
import { formatVerdict } from '../src/failure-message';
import type { Verdict } from '../src/model';
import { type GenerationFault, generationFaults } from './fault-matrix/generation-faults';
import { runGenerationVariants, type VariantGeneration } from './fault-matrix/run-generation-variants';
import { faultyServers } from './fault-matrix/faulty-servers';
import { conformantServers } from './fault-matrix/conformant-servers';

const SERVERS_AT_ONCE = 4;
const BUDGET_MS = 30_000;

let results = new Map<string, VariantGeneration>();

beforeAll(async () => {
  results = await runGenerationVariants(
    generationFaults,
    (fault) => [
      fault.caughtIn.phase === 'coverage'
        ? { coverage: fault.caughtIn.cases }
        : { random: { seed: fault.caughtIn.seed, budget: fault.caughtIn.budget, properties: [fault.caughtIn.property] } },
    ],
    { serversAtOnce: SERVERS_AT_ONCE, withTables: true },
  );
}, BUDGET_MS);

const failsWith = (fault: GenerationFault) => (v: Verdict) => v.outcome === 'failed' && v.findings.some((f) => f.check === fault.check);

/**
 * What keeps the fault from counting as caught: a named coverage case that is not in the coverage
 * list or did not fail with the fault's check, or a random property that found no failure of it.
 */
function gapsInCatch(fault: GenerationFault, result: VariantGeneration | undefined): string[] {
  if (result === undefined) return ['did not run'];
  if (fault.caughtIn.phase === 'random') {
    const shrunk = result.generations.flatMap((g) => g.random).flatMap((run) => run.failures.map((failure) => failure.minimal.verdict));
    return shrunk.some(failsWith(fault))
      ? []
      : [`${fault.caughtIn.property} at seed ${fault.caughtIn.seed} found no ${fault.check} failure`];
  }
  const byId = new Map(result.generations.flatMap((g) => g.coverage).map((v) => [v.caseId, v]));
  return fault.caughtIn.cases.flatMap((id) => {
    const verdict = byId.get(id);
    if (verdict === undefined) return [`${id} is not in the coverage phase`];
    return failsWith(fault)(verdict) ? [] : [`${id} ${verdict.outcome} without a ${fault.check} finding:\n${formatVerdict(verdict)}`];
  });
}

const tableMisses = (result: VariantGeneration | undefined): string[] =>
  (result?.tables ?? []).filter((v) => v.outcome !== 'passed' && v.outcome !== 'skipped').map(formatVerdict);

afterAll(() => {
  if (results.size === 0) return;
  const caught = generationFaults.filter((fault) => gapsInCatch(fault, results.get(fault.name)).length === 0).length;
  const missedByTables = generationFaults.filter((fault) => tableMisses(results.get(fault.name)).length === 0).length;
  process.stdout.write(
    `\ngenerated-tier faults caught: ${caught}/${generationFaults.length}, missed by the case tables: ${missedByTables}/${generationFaults.length}\n`,
  );
});

describe('generation faults: each caught by the generated tier, each missed by the case tables', () => {
  test.each(generationFaults.map((fault) => [`${fault.name}: ${fault.description}`, fault] as const))('%s', (_title, fault) => {
    const result = results.get(fault.name);
    expect(result?.tables.length).toBeGreaterThan(0);
    expect(tableMisses(result)).toEqual([]);
    expect(gapsInCatch(fault, result)).toEqual([]);
  });
});

describe('the generation-fault catalogue', () => {
  test('has at least 20 faults, each overriding exactly one behaviour hook and nothing else', () => {
    expect(generationFaults.length).toBeGreaterThanOrEqual(20);
    const notSingle = generationFaults.filter(
      (f) => Object.keys(f.options).join() !== 'behaviour' || Object.keys(f.options.behaviour ?? {}).length !== 1,
    );
    expect(notSingle.map((f) => f.name)).toEqual([]);
  });

  test('names are unique across every catalogue of the fault matrix', () => {
    const names = [...generationFaults, ...faultyServers, ...conformantServers].map((s) => s.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  test('covers the input space: each area has faults', () => {
    const hooks = new Set(generationFaults.flatMap((f) => Object.keys(f.options.behaviour ?? {})));
    expect([...hooks].sort()).toEqual(['finish', 'metrics', 'parsers']);
    expect(generationFaults.filter((f) => f.caughtIn.phase === 'random').length).toBeGreaterThanOrEqual(2);
  });
});
