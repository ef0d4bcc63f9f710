/**
 * Selection: every case has tags from one small vocabulary; --tag and STREAMKAP_TAGS run a
 * subset; --list prints what would run and sends nothing, not even a token exchange.
 */
import { consoleTo } from '../support/console-capture';
import type { Tag } from '../../src/model';
import { readdirSync } from 'node:fs';
import { allCases } from '../../cases';
import { parseArgs } from '../../src/cli/args';
import type { Case } from '../../src/model';
import { main } from '../../src/cli/main';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { SetupError } from '../../src/setup-error';
import { runMain } from '../support/run-cli';

/** The tags the README documents; a new tag belongs there first. */
const VOCABULARY = ['smoke', 'auth', 'validation', 'time-units', 'time-interval', 'dates', 'defaults', 'pipelines'];
const SMOKE = ['accept.defaults', 'accept.time-unit.hour', 'accept.documentation-example', 'reject.time-unit.unknown', 'auth.missing', 'pipeline.missing'];

test('every case has at least one tag, every tag is in the vocabulary, and every tag selects a case', () => {
  expect(allCases.filter((c) => c.tags.length === 0).map((c) => c.id)).toEqual([]);
  expect([...new Set(allCases.flatMap((c) => c.tags))].sort()).toEqual([...VOCABULARY].sort());
  expect(new Set(allCases.map((c) => c.id)).size).toBe(allCases.length);
});

const sends = (c: Case, ...names: string[]) => (c.query ?? []).some(([name]) => names.includes(name));

test.each<[string, (c: Case) => boolean]>([
  ['auth', (c) => c.tier === 'auth'],
  ['pipelines', (c) => c.pipeline !== undefined && c.pipeline.kind !== 'configured'],
  ['validation', (c) => c.tier === 'reject'],
  ['time-units', (c) => sends(c, 'time_unit')],
  ['dates', (c) => sends(c, 'timestamp_from', 'timestamp_to')],
])('the %s tag marks exactly the cases about it', (tag, about) => {
  expect(allCases.filter((c) => c.tags.includes(tag as Tag)).map((c) => c.id)).toEqual(allCases.filter(about).map((c) => c.id));
});

test('the smoke subset is small and touches every kind of promise but the open-ended ones', () => {
  const smoke = allCases.filter((c) => c.tags.includes('smoke'));
  expect(smoke.map((c) => c.id)).toEqual(SMOKE);
  expect([...new Set(smoke.map((c) => c.tier))].sort()).toEqual(['accept', 'auth', 'not-found', 'reject']);
});

test('--tag takes repeats and commas; a bare --tag is a setting error', () => {
  expect(parseArgs(['--tag', 'smoke', '--tag=auth,dates', '--list']).flags).toEqual({ STREAMKAP_TAGS: 'smoke,auth,dates' });
  expect(() => parseArgs(['--tag'])).toThrow(SetupError);
  expect(() => parseArgs(['--tag='])).toThrow('--tag needs a value, as in --tag smoke.');
});

describe('--list against a live target', () => {
  let server: ReferenceServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startReferenceServer();
    // Client credentials: a run would exchange them first, so even that request must not happen.
    env = { STREAMKAP_BASE_URL: server.baseUrl, STREAMKAP_CLIENT_ID: server.clientId, STREAMKAP_SECRET: server.secret, STREAMKAP_PIPELINE_ID: server.pipelineId };
  });
  afterAll(() => server.close());

  async function list(argv: string[], extra: Record<string, string> = {}): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await main(argv, { ...env, ...extra }, consoleTo((line) => lines.push(...line.split('\n'))));
    return { code, lines };
  }
  /** The table cases listed; the generated tier's rows (and its seed line) are checked apart. */
  const listedIds = (lines: readonly string[]) =>
    lines
      .slice(0, -1)
      .map((line) => line.split(/\s+/)[0])
      .filter((id) => id !== 'Generated' && !id?.startsWith('generated.'));
  const listedGenerated = (lines: readonly string[]) => lines.filter((line) => line.startsWith('generated.'));

  test('--list --tag smoke prints the six smoke cases with their tags and queries', async () => {
    const { code, lines } = await list(['--list', '--tag', 'smoke']);
    expect(code).toBe(0);
    expect(listedIds(lines)).toEqual(SMOKE);
    expect(lines.at(-1)).toBe(`${SMOKE.length} case(s)`);
    expect(lines.find((line) => line.startsWith('accept.documentation-example'))).toMatch(
      /\[smoke, time-units, dates\] {2}the documentation's own example request \(as Node's fetch \(undici\)\) {2}\?time_interval=2&time_unit=hour&timestamp_from=2025-03-02T07%3A10%3A15Z/,
    );
  });

  test('STREAMKAP_TAGS selects too, and says which case would be skipped', async () => {
    const { code, lines } = await list(['--list'], { STREAMKAP_TAGS: 'auth' });
    expect(code).toBe(0);
    expect(listedIds(lines)).toEqual(['auth.missing', 'auth.garbage-token', 'auth.wrong-scheme', 'auth.limited-token']);
    // The coverage phase's refusals with queries are auth cases too; none of them is smoke.
    expect(listedGenerated(lines).length).toBeGreaterThan(0);
    expect(listedGenerated(lines).every((line) => /\[generated, auth\b/.test(line))).toBe(true);
    expect(lines.find((line) => line.startsWith('auth.limited-token'))).toContain('(would skip: no limited credentials: set STREAMKAP_LIMITED_CLIENT_ID');
  });

  test('the flag wins over STREAMKAP_TAGS; several tags select the union', async () => {
    expect(listedIds((await list(['--list', '--tag', 'smoke'], { STREAMKAP_TAGS: 'auth' })).lines)).toEqual(SMOKE);
    const union = (await list(['--list', '--tag', 'defaults,pipelines'])).lines;
    expect(listedIds(union)).toEqual(allCases.filter((c) => c.tags.includes('defaults') || c.tags.includes('pipelines')).map((c) => c.id));
  });

  test('a tag that selects nothing is a setting error naming the tags there are', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect((await list(['--list', '--tag', 'smok'])).code).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toBe(`streamkap-conformance: The tags smok select no case. Use one of: ${[...VOCABULARY, 'generated'].sort().join(', ')}.`);
  });

  test('the real CLI with --list sends nothing and writes no report', async () => {
    const run = await runMain(['--list', '--tag', 'smoke'], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual([...SMOKE, String(SMOKE.length)]);
    expect(readdirSync(run.reportsDir)).toEqual([]);
  });

  test('none of the listings above sent the server a single request', () => {
    expect(server.requests).toEqual([]);
  });
});
