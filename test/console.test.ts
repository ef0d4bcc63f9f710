/**
 * The console and command line an on-call engineer meets, through the real CLI against
 * loopback servers with the trait each point needs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { allCases } from '../cases';
import { swallowedByNpm } from '../src/cli/args';
import { type ReferenceServer, startReferenceServer } from '../src/reference-server/reference-server';
import { loadSettings } from '../src/settings';
import { runCli, runMain } from './support/run-cli';
import { targetEnv } from './support/target-env';

const ROOT = join(__dirname, '..');
const SMOKE_COUNT = allCases.filter((c) => c.tags.includes('smoke')).length;

describe('true times and progress', () => {
  test('against a slow server: with --verbose one line per case with its own duration, progress at least every interval, junit times equal to summary.json', async () => {
    const slow = await startReferenceServer({ latencyMs: 300 });
    try {
      const run = await runCli(['--tag', 'smoke', '--verbose'], targetEnv(slow, { STREAMKAP_CONCURRENCY: '1', STREAMKAP_PROGRESS_S: '1' }));
      expect(run.code).toBe(0);
      // Each case line shows the request's own time, not jest's queue time. The live contract's line
      // (its own fetch, which the server does not slow) is left out. A loaded machine may add a retry
      // or a response-time warning to a line; no bound on the time itself (that is the bench's).
      const lines = [
        ...run.stdout.matchAll(
          /^✓ passed +(?!contract\.unchanged)(\S+) +HTTP \d+ \((\d+) ms(?:, \d+ retr(?:y|ies))?\)(?: {2}⚠ warning)?$/gm,
        ),
      ].map((m) => ({ id: m[1] ?? '', ms: Number(m[2]) }));
      expect(lines).toHaveLength(SMOKE_COUNT);
      const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
      const cases = summary.cases as Array<{ id: string; durationMs: number }>;
      for (const line of lines) {
        // The engine's own time for the case, as the reports carry it, and at least the server's latency.
        expect(line.ms).toBe(cases.find((c) => c.id === line.id)?.durationMs);
        expect(line.ms).toBeGreaterThanOrEqual(300);
      }
      // One request at a time, so the requests' own times fit in the run, one after another; times
      // counted from when jest queued each test would add up to about half the run times the cases.
      expect(lines.reduce((sum, line) => sum + line.ms, 0)).toBeLessThanOrEqual(summary.durationMs);
      const progress = run.stdout.split('\n').filter((line) => line.startsWith('progress: '));
      expect(progress.length).toBeGreaterThanOrEqual(1);
      expect(progress[0]).toMatch(
        new RegExp(
          `^progress: \\d+/${SMOKE_COUNT} cases, \\d+/${SMOKE_COUNT} requests, 0 failed, [\\d.]+ requests/s, (about \\d+ s left|no request finished yet) \\(\\d+ s in\\)$`,
        ),
      );
      const junit = readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8');
      for (const c of cases) {
        const time = Number(new RegExp(`name="${c.id.replace(/\./g, '\\.')}: [^"]*" time="([\\d.]+)"`).exec(junit)?.[1]);
        expect(Math.abs(time * 1000 - c.durationMs)).toBeLessThanOrEqual(Math.max(1, c.durationMs * 0.1));
      }
      // The headline names the target, the exit code, and the slowest cases.
      expect(run.stdout).toMatch(new RegExp(`^Target: ${slow.baseUrl.replace(/\./g, '\\.')}, pipeline ${slow.pipelineId}$`, 'm'));
      expect(run.stdout).toMatch(
        new RegExp(`^Response times: p50 \\d+ ms, p95 \\d+ ms, max \\d+ ms over ${SMOKE_COUNT} requests\\.$`, 'm'),
      );
      expect(run.stdout).toMatch(/^Slowest: \S+ \(\d+ ms\)/m);
      // events.ndjson: a line per finished case, as the run went, with no secret.
      const events = readFileSync(join(run.reportsDir, 'events.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(events.map((e) => e.event)).toEqual([
        'run-started',
        'contract-compared',
        ...Array(SMOKE_COUNT).fill('case-finished'),
        'run-finished',
      ]);
      // Every verdict the totals count has its line: the cases' and the live contract's.
      const verdictLines = events.filter((e) => e.event === 'case-finished' || e.event === 'contract-compared');
      expect(verdictLines).toHaveLength(events[events.length - 1].totals.cases);
      expect(verdictLines[0]).toMatchObject({ id: 'contract.unchanged', outcome: 'passed' });
      expect(readFileSync(join(run.reportsDir, 'events.ndjson'), 'utf8')).not.toContain(slow.token);
    } finally {
      await slow.close();
    }
  });
});

describe('the command line', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({
      behaviour: {
        finish: (answer, request) =>
          request.query.get('time_unit') === 'day'
            ? { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x00, 0x01, 0xff, 0x7d]) }
            : answer,
      },
    });
  });
  afterAll(() => server.close());

  test('--case runs exactly those cases; a failure shows the command that reruns it, and with --verbose its binary body escaped', async () => {
    const before = server.requests.length;
    const run = await runMain(['--case', 'accept.time-unit.day', '--case', 'auth.missing', '--verbose'], targetEnv(server));
    expect(run.code).toBe(1);
    // The two cases, and the live contract's verdict.
    expect(run.stdout).toMatch(/^conformance: 2 passed, 1 failed, 0 errored, 0 skipped/m);
    // The preflight, the live contract, and the two cases.
    expect(server.requests.length - before).toBe(4);
    expect(run.stdout).toMatch(
      /rerun: npx streamkap-conformance --base-url http:\/\/127\.0\.0\.1:\d+ --pipeline [0-9a-f]{24} --case accept\.time-unit\.day$/m,
    );
    expect(run.stdout).not.toContain('\u0000');
    expect(run.stdout).toMatch(/\\u0000|\\ufffd/);
    expect(readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8')).not.toContain('\u0000');
  });

  test('--base-url and --pipeline win over the environment', async () => {
    const run = await runMain(['--base-url', server.baseUrl, '--pipeline', server.pipelineId, '--tag', 'smoke'], {
      ...targetEnv(server),
      STREAMKAP_BASE_URL: 'http://127.0.0.1:9/nowhere',
      STREAMKAP_PIPELINE_ID: 'not-this-one',
    });
    expect(run.code).toBe(0);
  });

  test.each([
    ['a misspelt flag', ['--lst'], 'Unknown argument "--lst". Did you mean --list?'],
    ['a flag without its value', ['--case'], '--case needs a value, as in --case accept.defaults.'],
    ['a case that does not exist', ['--case', 'accept.default'], '--case accept.default names no case. Did you mean accept.defaults?'],
  ])('%s: exit 2 with the right spelling', async (_what, argv, message) => {
    const run = await runMain(argv, {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test('npm run conformance --list (without --): npm keeps the flag, and the run stops with exit 2 instead of sending everything', async () => {
    const before = server.requests.length;
    const run = await runMain([], { ...targetEnv(server), npm_config_list: 'true' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('npm kept --list for itself instead of passing it on: with npm run, flags go after --.');
    expect(server.requests.length).toBe(before);
    // npm 11 as observed: known configs keep their value, unknown flags become "true".
    expect(swallowedByNpm({ npm_config_tag: 'smoke' })).toContain('--tag');
    expect(swallowedByNpm({ npm_config_case: 'true', npm_config_seed: 'true' })).toContain('--case --seed');
    expect(swallowedByNpm({ npm_config_user_agent: 'npm/11', npm_config_cache: '/root/.npm' })).toBeUndefined();
  });

  test('--version and --help answer without sending anything, and npx streamkap-conformance runs the bin', () => {
    const bin = spawnSync(process.execPath, [join(ROOT, 'bin/streamkap-conformance.js'), '--version'], { encoding: 'utf8' });
    expect(bin.stdout.trim()).toBe(`streamkap-conformance ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin).toEqual({
      'streamkap-conformance': 'bin/streamkap-conformance.js',
    });
  });
});

describe('hints that are right', () => {
  test.each([
    [
      'a full metrics URL pasted as the base URL',
      'https://api.streamkap.com/api/pipelines/6650a1b2/metrics',
      'the metrics URL of one pipeline, not the API\'s base URL. Set STREAMKAP_BASE_URL to "https://api.streamkap.com/api" and STREAMKAP_PIPELINE_ID to "6650a1b2"',
    ],
    [
      'a host and port without a scheme',
      'localhost:47123',
      'which has no scheme. Set it to an absolute http(s) URL such as "http://localhost:47123".',
    ],
    [
      'a host without a scheme',
      'api.streamkap.com',
      'which has no scheme. Set it to an absolute http(s) URL such as "https://api.streamkap.com".',
    ],
  ])('%s', (_what, url, message) => {
    expect(() => loadSettings({ STREAMKAP_BASE_URL: url, STREAMKAP_TOKEN: 't0k', STREAMKAP_PIPELINE_ID: 'p' })).toThrow(message);
  });

  test('a connection error with a target configured never suggests the embedded server', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const run = await runMain([], {
      STREAMKAP_BASE_URL: `http://127.0.0.1:${port}`,
      STREAMKAP_TOKEN: 't0k',
      STREAMKAP_PIPELINE_ID: 'p',
      STREAMKAP_RETRIES: '0',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing accepts connections there');
    expect(run.stderr).not.toMatch(/embedded|unset STREAMKAP_BASE_URL/);
  });

  test('a 404 with no route there says the path prefix; a 404 for the pipeline says the pipeline', async () => {
    const prefixed = await startReferenceServer({ prefix: '/api' });
    try {
      const origin = prefixed.baseUrl.replace(/\/api$/, '');
      const noPrefix = await runMain([], { ...targetEnv(prefixed), STREAMKAP_BASE_URL: origin });
      expect(noPrefix.code).toBe(2);
      expect(noPrefix.stderr).toContain("STREAMKAP_BASE_URL probably lacks the API's path prefix");
      const unknown = await runMain([], { ...targetEnv(prefixed), STREAMKAP_PIPELINE_ID: 'ffffffffffffffffffffffff' });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(
        'pipeline ffffffffffffffffffffffff (STREAMKAP_PIPELINE_ID or STREAMKAP_PIPELINE_IDS) is not a pipeline this token can see',
      );
    } finally {
      await prefixed.close();
    }
  });
});

describe('the reference server and plain jest', () => {
  const referenceServer = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src/reference-server/main.ts')], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 120_000, // a hang only: a loaded machine makes the start slower, never red
    });

  test('PORT=abc and a port in use: one line and exit 2, no stack trace', async () => {
    const bad = referenceServer({ PORT: 'abc' });
    expect([bad.status, bad.stderr.trim()]).toEqual([
      2,
      'reference-server: PORT is "abc", which is not a port number. Set it to a whole number from 1 to 65535, or unset it for a free port.',
    ]);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const busy = referenceServer({ PORT: String(port) });
      expect(busy.status).toBe(2);
      expect(busy.stderr.trim()).toBe(
        `reference-server: port ${port} on 127.0.0.1 is in use. Stop what holds it, or set PORT to another port (or unset it for a free one).`,
      );
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  test('npx jest on the conformance table points to npm run conformance in one line and sends nothing', () => {
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'cases'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000, // a hang only, as runCli's
      env: { PATH: process.env.PATH },
    });
    expect(jest.stderr).toContain('This is the conformance table: run it with `npm run conformance`');
    expect(jest.stderr).toMatch(/1 skipped/);
  });
});
