/**
 * The generated tier earns its place: every fault of generation-faults.ts is caught by the
 * generated tier where the catalogue says (coverage rows, or one random property at a fixed seed,
 * each run as `--case` and `--seed` choose it) with the named check, and missed by the case tables
 * alone (every table case passes), one jest test per fault. Prints `generated-tier faults caught: N/N` when it ends.
 */
import { loadContract } from '../src/contract';
import { notOneCause } from './fault-matrix/cause-count';
import { formatVerdict } from '../src/failure-message';
import type { Verdict } from '../src/model';
import { propertyCaseId } from '../src/plan';
import { type GenerationFault, generationFaults } from './fault-matrix/generation-faults';
import { generationRuns, type VariantGeneration } from './fault-matrix/run-generation-variants';
import { SERVER_TEST_TIMEOUT_MS } from './fault-matrix/server-runs';
import { faultyServers } from './fault-matrix/faulty-servers';
import { conformantServers } from './fault-matrix/conformant-servers';
import { oneProperty } from './support/generation-driver';

const contract = loadContract();

/** The cases that must catch the fault: its coverage rows, or its property's own verdict. */
const catchersOf = (fault: GenerationFault): readonly string[] =>
  fault.caughtIn.phase === 'coverage' ? fault.caughtIn.cases : [propertyCaseId(fault.caughtIn.property)];

// One test per fault, run a few at a time: a slow machine makes the file slower, never red.
const runs = generationRuns(
  (fault: GenerationFault) => [
    fault.caughtIn.phase === 'coverage'
      ? { cases: fault.caughtIn.cases }
      : oneProperty(contract, fault.caughtIn.property, fault.caughtIn.seed, fault.caughtIn.budget),
  ],
  { withTables: true, contract },
);

const failsWith = (fault: GenerationFault) => (v: Verdict) => v.outcome === 'failed' && v.findings.some((f) => f.check === fault.check);

/**
 * What keeps the fault from counting as caught: a catching case that did not fail with the fault's
 * check (a property fails with it when one of its generated requests did, shrunk).
 */
function gapsInCatch(fault: GenerationFault, result: VariantGeneration | undefined): string[] {
  if (result === undefined) return ['did not run'];
  const byId = new Map(result.generations.flatMap((g) => g.verdicts).map((v) => [v.caseId, v]));
  return catchersOf(fault).flatMap((id) => {
    const verdict = byId.get(id);
    if (verdict === undefined) return [`${id} did not run`];
    return failsWith(fault)(verdict) ? [] : [`${id} ${verdict.outcome} without a ${fault.check} finding:\n${formatVerdict(verdict)}`];
  });
}

const tableMisses = (result: VariantGeneration | undefined): string[] =>
  (result?.tables ?? []).filter((v) => v.outcome !== 'passed' && v.outcome !== 'skipped').map(formatVerdict);

afterAll(() => {
  const ran = generationFaults.filter((fault) => runs.finished.has(fault.name));
  const caught = ran.filter((fault) => gapsInCatch(fault, runs.finished.get(fault.name)).length === 0).length;
  const missedByTables = ran.filter((fault) => tableMisses(runs.finished.get(fault.name)).length === 0).length;
  process.stdout.write(
    `\ngenerated-tier faults caught: ${caught}/${generationFaults.length}, missed by the case tables: ${missedByTables}/${generationFaults.length}\n`,
  );
});

describe('generation faults: each caught by the generated tier, each missed by the case tables', () => {
  test.concurrent.each(generationFaults.map((fault) => [`${fault.name}: ${fault.description}`, fault] as const))(
    '%s',
    async (_title, fault) => {
      const result = await runs.of(fault);
      expect(result.tables.length).toBeGreaterThan(0);
      expect(tableMisses(result)).toEqual([]);
      expect(gapsInCatch(fault, result)).toEqual([]);
      // One fault, one cause, over the tables and the generated tier together.
      expect(notOneCause([...result.tables, ...result.generations.flatMap((g) => g.verdicts)])).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
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
