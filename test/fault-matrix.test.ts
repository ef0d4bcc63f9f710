/**
 * The fault matrix: the whole case table, through the engine in-process, against every
 * faulty server (each must be caught by the cases it names) and every conformant server (each
 * must pass every case), one jest test per server. A share of the servers serve a second pipeline
 * and are run with both, as a fleet's nightly run is; a fault that shows on the second alone must be
 * caught there. Prints `faults caught: N/N, conformant servers passed: K/K` when it ends.
 */
import { allCases } from '../cases';
import { forEachPipeline } from '../src/plan';
import { notOneCause } from './fault-matrix/cause-count';
import { conformantServers } from './fault-matrix/conformant-servers';
import { faultyServers } from './fault-matrix/faulty-servers';
import {
  describeAlarms,
  falseAlarms,
  gapsInCatch,
  missingEvidence,
  neverSoleCatchers,
  offSecondPipeline,
} from './fault-matrix/matrix-judgement';
import { tableRuns } from './fault-matrix/run-variants';
import { SECOND_PIPELINE_ID, SERVER_TEST_TIMEOUT_MS, twoPipelineShare } from './fault-matrix/server-runs';
import type { ServerVariant } from './fault-matrix/server-variant';

// One test per server, run a few at a time: a slow machine makes the file slower, never red.
// Every correct server is judged with two pipelines (it must stay green for each); a share of the faults, and every fault of one pipeline.
const runs = tableRuns({ twoPipelines: new Set([...twoPipelineShare(faultyServers), ...conformantServers.map((server) => server.name)]) });

/** The verdicts a whole run of the table has against the variant: one per case, and per pipeline what runs for each. */
const casesRunAgainst = (variant: ServerVariant): number =>
  forEachPipeline(allCases, runs.hasSecondPipeline(variant) ? ['first', SECOND_PIPELINE_ID] : ['first']).length;

afterAll(() => {
  const ran = <V extends ServerVariant>(variants: readonly V[]): V[] => variants.filter((variant) => runs.finished.has(variant.name));
  const verdictsOf = (variant: ServerVariant) => runs.finished.get(variant.name) ?? [];
  const caught = ran(faultyServers).filter((fault) => gapsInCatch(fault, verdictsOf(fault)).length === 0).length;
  const passed = ran(conformantServers).filter(
    (server) => falseAlarms(verdictsOf(server)).length === 0 && missingEvidence(server, verdictsOf(server)).length === 0,
  ).length;
  process.stdout.write(
    `\nfaults caught: ${caught}/${faultyServers.length}, conformant servers passed: ${passed}/${conformantServers.length}\n`,
  );
});

describe('faulty servers: each is caught by the cases it names, as one cause', () => {
  test.concurrent.each(faultyServers.map((fault) => [`${fault.name}: ${fault.description}`, fault] as const))(
    '%s',
    async (_title, fault) => {
      const verdicts = await runs.of(fault);
      expect(gapsInCatch(fault, verdicts)).toEqual([]);
      if (fault.secondPipelineOnly) expect(describeAlarms(offSecondPipeline(verdicts))).toBe('');
      // One fault, one cause: the causes section names what the server does wrong once.
      expect(notOneCause(verdicts)).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

describe('conformant servers: each passes every case', () => {
  test.concurrent.each(conformantServers.map((server) => [`${server.name}: ${server.description}`, server] as const))(
    '%s',
    async (_title, server) => {
      const verdicts = await runs.of(server);
      expect(verdicts).toHaveLength(casesRunAgainst(server));
      expect(describeAlarms(falseAlarms(verdicts))).toBe('');
      expect(missingEvidence(server, verdicts)).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

describe('the case table', () => {
  // From the verdicts, not the catalogue: a case that only ever fails beside another could go unnoticed.
  test(
    'every case is the only case that fails against at least one faulty server',
    async () => {
      // The runs of the tests above, shared; any that a name filter left out run here.
      const verdicts = await runs.all(faultyServers);
      expect(neverSoleCatchers(faultyServers, (fault) => verdicts.get(fault.name) ?? [])).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

describe('the catalogue', () => {
  test('every fault names at least one case that must catch it', () => {
    expect(faultyServers.filter((fault) => fault.caughtBy.length === 0).map((f) => f.name)).toEqual([]);
  });

  test('every case is named by at least one fault, so removing any case fails a fault', () => {
    const named = new Set(faultyServers.flatMap((fault) => fault.caughtBy));
    expect(allCases.map((c) => c.id).filter((id) => !named.has(id))).toEqual([]);
  });

  test('every correct server, a share of the faults, and every fault of one pipeline, run with two pipelines', () => {
    expect(conformantServers.filter((server) => !runs.hasSecondPipeline(server)).map((s) => s.name)).toEqual([]);
    const two = faultyServers.filter((fault) => runs.hasSecondPipeline(fault));
    expect(two.length).toBeGreaterThan(1);
    expect(two.length).toBeLessThan(faultyServers.length / 2);
    const onePipelineFaults = faultyServers.filter((fault) => fault.secondPipelineOnly);
    expect(onePipelineFaults.length).toBeGreaterThan(1);
    expect(onePipelineFaults.filter((fault) => !runs.hasSecondPipeline(fault)).map((f) => f.name)).toEqual([]);
  });

  test('every faulty server overrides exactly one behaviour hook, and nothing else', () => {
    const notSingle = faultyServers.filter(
      (f) => Object.keys(f.options).join() !== 'behaviour' || Object.keys(f.options.behaviour ?? {}).length !== 1,
    );
    expect(notSingle.map((f) => f.name)).toEqual([]);
  });

  test('every conformant server changes at most one behaviour hook or one option', () => {
    const changes = (server: ServerVariant) =>
      Object.keys(server.options).filter((key) => key !== 'behaviour').length + Object.keys(server.options.behaviour ?? {}).length;
    expect(conformantServers.filter((server) => changes(server) > 1).map((s) => s.name)).toEqual([]);
  });

  test('server names are unique', () => {
    const names = [...faultyServers, ...conformantServers].map((s) => s.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});
