/**
 * The fault matrix (issue 3): the whole case table, through the engine in-process, against every
 * faulty server (each must be caught by the cases it names) and every conformant server (each
 * must pass every case). Prints `faults caught: N/N, conformant servers passed: K/K`.
 */
import { allCases } from '../cases';
import type { Verdict } from '../src/model';
import { conformantServers } from './fault-matrix/conformant-servers';
import { faultyServers } from './fault-matrix/faulty-servers';
import { describeAlarms, falseAlarms, gapsInCatch, missingEvidence, neverSoleCatchers } from './fault-matrix/matrix-judgement';
import { runVariants } from './fault-matrix/run-variants';
import type { ServerVariant } from './fault-matrix/server-variant';

/** Two cores: a few servers at once keeps both busy without starving the event loop. */
const SERVERS_AT_ONCE = 4;

let verdicts = new Map<string, Verdict[]>();
const verdictsOf = (variant: ServerVariant): Verdict[] => verdicts.get(variant.name) ?? [];

/** Issue 3's budget for the whole matrix on this 2-core machine; past it, beforeAll fails and so does every row. */
const MATRIX_BUDGET_MS = 30_000;

beforeAll(async () => {
  verdicts = await runVariants([...faultyServers, ...conformantServers], SERVERS_AT_ONCE);
}, MATRIX_BUDGET_MS);

afterAll(() => {
  if (verdicts.size === 0) return;
  const caught = faultyServers.filter((fault) => gapsInCatch(fault, verdictsOf(fault)).length === 0).length;
  const passed = conformantServers.filter(
    (server) => falseAlarms(verdictsOf(server)).length === 0 && missingEvidence(server, verdictsOf(server)).length === 0,
  ).length;
  process.stdout.write(
    `\nfaults caught: ${caught}/${faultyServers.length}, conformant servers passed: ${passed}/${conformantServers.length}\n`,
  );
});

describe('faulty servers: each is caught by the cases it names', () => {
  test.each(faultyServers.map((fault) => [`${fault.name}: ${fault.description}`, fault] as const))('%s', (_title, fault) => {
    expect(gapsInCatch(fault, verdictsOf(fault))).toEqual([]);
  });
});

describe('conformant servers: each passes every case', () => {
  test.each(conformantServers.map((server) => [`${server.name}: ${server.description}`, server] as const))('%s', (_title, server) => {
    expect(verdictsOf(server)).toHaveLength(allCases.length);
    expect(describeAlarms(falseAlarms(verdictsOf(server)))).toBe('');
    expect(missingEvidence(server, verdictsOf(server))).toEqual([]);
  });
});

describe('the case table', () => {
  // From the verdicts, not the catalogue: a case that only ever fails beside another could go unnoticed.
  test('every case is the only case that fails against at least one faulty server', () => {
    expect(verdicts.size).toBe(faultyServers.length + conformantServers.length);
    expect(neverSoleCatchers(faultyServers, verdictsOf)).toEqual([]);
  });
});

describe('the catalogue', () => {
  test('every fault names at least one case that must catch it', () => {
    expect(faultyServers.filter((fault) => fault.caughtBy.length === 0).map((f) => f.name)).toEqual([]);
  });

  test('every case is named by at least one fault, so removing any case fails a fault', () => {
    const named = new Set(faultyServers.flatMap((fault) => fault.caughtBy));
    expect(allCases.map((c) => c.id).filter((id) => !named.has(id))).toEqual([]);
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
