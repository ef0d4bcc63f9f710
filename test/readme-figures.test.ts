/**
 * README's figures are the plan's: the counts of cases, tiers, coverage rows and properties, and the
 * example consoles' tier lines and totals, counted from the tables as the embedded plan has them.
 * Times are not figures a test can hold: README says them without numbers, or as `npm run bench` measures them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCases } from '../cases';
import { loadContract } from '../src/contract';
import { coverageCases } from '../src/generation/coverage-phase';
import { parameterSpaces } from '../src/generation/parameter-space';
import { generatedProperties } from '../src/generation/properties';
import { requestDimensionCases } from '../src/generation/request-dimensions';
import { TIERS } from '../src/model';
import { DEFAULT_GENERATED_REQUESTS } from '../src/settings/table';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const contract = loadContract();
const coverage = coverageCases(contract).length;
const properties = generatedProperties(contract).length;
const dimensions = requestDimensionCases(parameterSpaces(contract)).length;
/** Every case of a run with no selection: the tables, the coverage rows, the properties, and the live contract's verdict. */
const total = allCases.length + coverage + properties + 1;
const tierCount = (tier: string): number => allCases.filter((c) => c.tier === tier).length;
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** README's example consoles: the fenced blocks with a tier line in them. */
const consoles = [...readme.matchAll(/^```\n([\s\S]*?)^```$/gm)]
  .map((m) => m[1] ?? '')
  .filter((block) => /^coverage \d+\/\d+/m.test(block));
const all = (pattern: RegExp, text = readme): RegExpExecArray[] => [
  ...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)),
];

describe("README's counts are the plan's", () => {
  test('there is an example console to check', () => {
    expect(consoles.length).toBeGreaterThan(0);
  });

  test.each(consoles.map((block, i) => [i + 1, block]))('example console %i: tier lines, totals and progress', (_i, block) => {
    for (const tier of TIERS) {
      for (const m of all(new RegExp(`^${tier} \\d+/(\\d+) `, 'm'), block)) expect([tier, Number(m[1])]).toEqual([tier, tierCount(tier)]);
    }
    for (const m of all(/^coverage \d+\/(\d+) /m, block)) expect(Number(m[1])).toBe(coverage);
    for (const m of all(/^generated (?:\d+\/)?(\d+) properties/m, block)) expect(Number(m[1])).toBe(properties);
    const cases = /^Cases: (\d+): (\d+) passed, (\d+) failed, (\d+) errored, (\d+) skipped/m.exec(block);
    expect(cases).not.toBeNull();
    const [, n, passed, failed, errored, skipped] = (cases ?? []).map(Number);
    expect(n).toBe(total);
    expect((passed ?? 0) + (failed ?? 0) + (errored ?? 0) + (skipped ?? 0)).toBe(total);
    // The progress line counts the cases the run sends: all but the live contract's verdict.
    for (const m of all(/^progress: \d+\/(\d+) cases/m, block)) expect(Number(m[1])).toBe(total - 1);
    for (const m of all(/^Exit 1: \d+ causes?, (\d+) cases?:/m, block)) expect(Number(m[1])).toBe(failed);
  });

  test('the progress line quoted in the prose counts the cases the run sends', () => {
    const quoted = all(/`progress: \d+\/(\d+) cases/);
    expect(quoted.length).toBeGreaterThan(0);
    for (const m of quoted) expect(Number(m[1])).toBe(total - 1);
  });

  test('a green run: the accept tier, the properties and the embedded budget', () => {
    const green = /A green run is a line per tier \(`accept (\d+)\/(\d+) ✓`, …, `generated (\d+) properties, (\d+) requests ✓`\)/.exec(
      readme,
    );
    expect(green?.slice(1).map(Number)).toEqual([
      tierCount('accept'),
      tierCount('accept'),
      properties,
      DEFAULT_GENERATED_REQUESTS.embedded,
    ]);
  });

  test('the generated tier: coverage rows, properties and request-dimension rows', () => {
    expect(Number(/sends every derived boundary value once \((\d+)\s+cases,\s+each a row/.exec(readme)?.[1])).toBe(coverage);
    const named = all(/\b(\w+) (?:named )?properties\b/)
      .map((m) => m[1]?.toLowerCase() ?? '')
      .filter((w) => WORDS.includes(w));
    expect(named.length).toBeGreaterThan(0);
    for (const word of named) expect(WORDS.indexOf(word)).toBe(properties);
    expect(Number(/dimensions add (\d+) rows/.exec(readme)?.[1])).toBe(dimensions);
  });
});
