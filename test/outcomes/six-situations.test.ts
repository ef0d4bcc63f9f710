/**
 * Six situations in which the suite told something other than the truth, each as the
 * user met it: through the CLI's main (spawned where a process or jest itself is the point), against a loopback server with exactly that trait.
 */
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BREAKER_THRESHOLD } from '../../src/engine/conformance-run';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { checksWithOneBroken } from '../support/broken-check';
import { runCli, runMain } from '../support/run-cli';
import { startMisbehavingServer } from '../resilience/misbehaving-server';
import { targetEnv } from '../support/target-env';

const FAST = { STREAMKAP_MAX_RPS: '1000', STREAMKAP_CONCURRENCY: '8' };
const ENTRIES = join(__dirname, '..', 'support', 'entries');
const readJson = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const readText = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

let reference: ReferenceServer;
beforeAll(async () => {
  reference = await startReferenceServer();
});
afterAll(() => reference.close());

describe('1. a bug in the suite', () => {
  test('a check that throws is a suite error (exit 3), named, and its case stays in every report as errored', async () => {
    const run = await runMain(['--tag', 'auth'], targetEnv(reference), { checks: checksWithOneBroken });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^! errored +auth\.missing {2}HTTP 401/m);
    expect(run.stdout).toContain('broken on purpose by a self-test');
    expect(run.stdout).toMatch(/^Exit 3: Suite error: 1 bug\(s\) in the suite itself/m);
    const summary = readJson(run.reportsDir, 'summary.json');
    expect(summary.outcome).toBe('suite-error');
    expect(summary.cases.map((c: { id: string }) => c.id)).toContain('auth.missing');
    expect(summary.cases.find((c: { id: string }) => c.id === 'auth.missing')).toMatchObject({
      verdict: 'errored',
      error: { kind: 'suite-bug', message: expect.stringContaining('TypeError: broken on purpose') },
    });
    expect(readText(run.reportsDir, 'summary.md')).toMatch(/^## Streamkap metrics conformance: 🐞 suite error/);
    expect(readText(run.reportsDir, 'junit.xml')).toMatch(/<error message="Bug in the suite: [^"]*" type="suite-bug">/);
  });

  test('jest and the ledger disagreeing about a case is a suite error that names it, never a pass', async () => {
    const run = await runCli(['--tag', 'smoke'], targetEnv(reference), { entry: join(ENTRIES, 'table-disagrees.ts') });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Suite error: accept.defaults passed in the engine, but jest reports it failed');
    expect(readJson(run.reportsDir, 'summary.json').suiteErrors).toEqual([
      'accept.defaults passed in the engine, but jest reports it failed',
    ]);
  });
});

describe('2. the limited token', () => {
  test('a limited token the server does not know (expired, mistyped) passes only with a permission-unconfirmed warning', async () => {
    const run = await runMain(['--tag', 'auth'], { ...targetEnv(reference), STREAMKAP_LIMITED_TOKEN: 'expired-limited-token-0000' });
    expect(run.code).toBe(0);
    const limited = readJson(run.reportsDir, 'summary.json').cases.find((c: { id: string }) => c.id === 'auth.limited-token');
    expect(limited).toMatchObject({ verdict: 'passed', status: 401, warnings: [{ code: 'permission-unconfirmed' }] });
    expect(run.stdout).toMatch(/^auth 4\/4 ✓$/m);
    const carriers = readJson(run.reportsDir, 'summary.json').cases.filter((c: { warnings: unknown[] }) => c.warnings.length > 0).length;
    expect(run.stdout).toMatch(new RegExp(`^⚠ Permission check unconfirmed: ${carriers} cases \\(auth\\.limited-token, `, 'm'));
    expect(run.stdout).toMatch(/^ {4}The limited token was answered 401, as an unknown or expired token would be/m);
  });

  test('limited client credentials are exchanged each run, and a real 403 carries no warning', async () => {
    const env = {
      ...FAST,
      STREAMKAP_BASE_URL: reference.baseUrl,
      STREAMKAP_PIPELINE_ID: reference.pipelineId,
      STREAMKAP_CLIENT_ID: reference.clientId,
      STREAMKAP_SECRET: reference.secret,
      STREAMKAP_LIMITED_CLIENT_ID: reference.limitedClientId,
      STREAMKAP_LIMITED_SECRET: reference.limitedSecret,
    };
    const issuedBefore = reference.issuedTokens.length;
    const run = await runMain(['--tag', 'auth'], env);
    expect(run.code).toBe(0);
    expect(reference.issuedTokens.length - issuedBefore).toBe(2);
    const limited = readJson(run.reportsDir, 'summary.json').cases.find((c: { id: string }) => c.id === 'auth.limited-token');
    expect(limited).toMatchObject({ verdict: 'passed', status: 403, warnings: [] });
    expect(run.stdout + run.stderr).not.toContain(reference.limitedSecret);
  });

  test('the run token pasted as the limited one is a setting error, before anything is sent', async () => {
    const before = reference.requests.length;
    const run = await runMain([], { ...targetEnv(reference), STREAMKAP_LIMITED_TOKEN: reference.token });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^streamkap-conformance: STREAMKAP_LIMITED_TOKEN is the same token as STREAMKAP_TOKEN/);
    expect(reference.requests.length).toBe(before);
  });

  test('another full token pasted as the limited one fails with a hint that it may be a setting', async () => {
    const other = await startReferenceServer({
      behaviour: { authorize: (authorization) => (authorization?.startsWith('Bearer ') ? 'granted' : 'unauthenticated') },
    });
    try {
      const run = await runMain(['--tag', 'auth', '--verbose'], { ...targetEnv(other), STREAMKAP_LIMITED_TOKEN: 'another-full-token' });
      expect(run.code).toBe(1);
      // One behaviour, any bearer token granted: one cause that names every credential it granted, the limited token among them.
      expect(run.stdout).toMatch(/^✗ auth_enforced \(auth [^)]*\blimited-token\b[^)]*\): expected 401 or 403, got 2xx/m);
      expect(run.stdout).toContain('If STREAMKAP_LIMITED_TOKEN (or the limited client) does have read:pipeline_metrics, this is a setting');
      expect(readText(run.reportsDir, 'report.html')).toContain(
        'If STREAMKAP_LIMITED_TOKEN (or the limited client) does have read:pipeline_metrics, this is a setting',
      );
    } finally {
      await other.close();
    }
  });
});

describe('3. a wrong target or an outage', () => {
  let page: Server;
  let pageRequests = 0;
  beforeAll(async () => {
    page = createServer((_request, response) => {
      pageRequests += 1;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html><head><title>Acme Status Page</title></head><body>hello</body></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => page.close(() => resolve())));

  test('a base URL that answers HTML 200 to everything stops the run with exit 2, saying what it serves', async () => {
    const { port } = page.address() as AddressInfo;
    const run = await runMain([], {
      STREAMKAP_BASE_URL: `http://127.0.0.1:${port}`,
      STREAMKAP_TOKEN: 'tok-html-test-123',
      STREAMKAP_PIPELINE_ID: 'p1',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not answer like the Streamkap API');
    expect(run.stderr).toContain('an HTML page titled "Acme Status Page"');
    // The metrics request, then what could say it is the API all the same: one without a token,
    // one for an unknown pipeline, the live contract, the same pipeline with a query. Nothing did,
    // so no case was sent.
    expect(pageRequests).toBe(5);
  });

  test('a target answering 503 to everything stops at the preflight with exit 2, after its retries and one request of another shape', async () => {
    const target = await startMisbehavingServer({ script: () => ({ kind: 'answer', status: 503, body: '{"detail":"down"}' }) });
    try {
      const run = await runMain([], { ...targetEnv(target.upstream), STREAMKAP_BASE_URL: target.baseUrl, STREAMKAP_RETRIES: '1' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is unavailable: the first request answered 503 after 1 retry\. Nothing was checked/);
      // The metrics request and its retry, then one of another shape (with a query) and its retry, unavailable too.
      expect(target.requests.map((r) => r.url.includes('?'))).toEqual([false, false, true, true]);
    } finally {
      await target.close();
    }
  });

  test('a target that goes down mid-run trips the circuit breaker: exit 2, since when, and the rest not run', async () => {
    // The preflight, the live contract and the first ten cases get through; from then on, 503 to everything.
    const passing = 10;
    const target = await startMisbehavingServer({
      script: () => (target.requests.length <= 2 + passing ? { kind: 'forward' } : { kind: 'answer', status: 503 }),
    });
    try {
      const run = await runMain([], {
        ...targetEnv(target.upstream),
        STREAMKAP_BASE_URL: target.baseUrl,
        STREAMKAP_RETRIES: '0',
        STREAMKAP_CONCURRENCY: '1',
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`the target became unavailable: ${BREAKER_THRESHOLD} cases in a row since`);
      const summary = readJson(run.reportsDir, 'summary.json');
      expect(summary.outcome).toBe('could-not-check');
      expect(summary.stop).toMatchObject({ kind: 'target-unavailable', consecutive: BREAKER_THRESHOLD, answered: 'answered 503' });
      // The passing cases, and the live contract's verdict.
      expect(summary.totals).toMatchObject({ passed: passing + 1, failed: 0, errored: BREAKER_THRESHOLD });
      expect(summary.totals.skipped).toBe(summary.totals.cases - passing - 1 - BREAKER_THRESHOLD);
      expect(summary.cases.filter((c: { verdict: string }) => c.verdict === 'skipped')[0].skipReason).toMatch(
        /^not run: the target became unavailable/,
      );
      // Sending stopped: the preflight, the live contract, the passing cases, those refused, one request
      // of a shape it answered (refused too: an outage, not a class of request), and nothing more.
      expect(target.requests).toHaveLength(2 + passing + BREAKER_THRESHOLD + 1);
    } finally {
      await target.close();
    }
  });

  test('STREAMKAP_RUN_TIMEOUT_S bounds the whole run the same way', async () => {
    const slow = await startReferenceServer({ latencyMs: 150 });
    try {
      const run = await runMain([], { ...targetEnv(slow), STREAMKAP_CONCURRENCY: '1', STREAMKAP_RUN_TIMEOUT_S: '1' });
      expect(run.code).toBe(2);
      const summary = readJson(run.reportsDir, 'summary.json');
      expect(summary.stop).toMatchObject({ kind: 'deadline', seconds: 1 });
      // Bounded: however slowly jest started on a busy machine, most of the plan was never sent.
      expect(summary.totals.skipped).toBeGreaterThan(30);
      expect(slow.requests.length).toBeLessThan(summary.totals.cases - 30);
      expect(summary.exit.meaning).toContain('the run reached its deadline of 1 s (STREAMKAP_RUN_TIMEOUT_S)');
    } finally {
      await slow.close();
    }
  });
});

describe('4. reports never outlive their run', () => {
  test('a green run, then a run with a refused token: every green report is replaced by one that says it could not check', async () => {
    const reportsDir = mkdtempSync(join(tmpdir(), 'outlive-'));
    const green = await runMain(['--tag', 'smoke'], { ...targetEnv(reference), STREAMKAP_REPORTS_DIR: reportsDir });
    expect(green.code).toBe(0);
    expect(existsSync(join(reportsDir, 'report.html'))).toBe(true);
    const refused = await runMain(['--tag', 'smoke'], {
      ...targetEnv(reference),
      STREAMKAP_TOKEN: 'wrong-token-1234',
      STREAMKAP_REPORTS_DIR: reportsDir,
    });
    expect(refused.code).toBe(2);
    expect(readText(reportsDir, 'report.html')).toContain('could not check');
    expect(readText(reportsDir, 'report.html')).not.toContain('passed');
    expect(readText(reportsDir, 'junit.xml')).toMatch(/errors="1"[^>]*>\s*<testsuite[^>]*errors="1"/);
    expect(readJson(reportsDir, 'summary.json')).toMatchObject({
      outcome: 'could-not-check',
      exit: { code: 2 },
      setting: 'STREAMKAP_TOKEN',
      cases: [],
    });
    expect(readText(reportsDir, 'summary.md')).toMatch(
      /^## Streamkap metrics conformance: ⛔ could not check\n\n\*\*Exit 2\.\*\* Could not check: .*refused the run's token/,
    );
  });

  // At once: each run has its own process and slow server, and mostly waits on that server's answers.
  test.concurrent.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('%s mid-run stops sending, writes the reports of what ran marked interrupted, and exits %i', async (signal, code) => {
    const slow = await startReferenceServer({ latencyMs: 100 });
    try {
      let signalled = false;
      // --verbose: a line per case, so the signal comes once a case (not the live contract, compared first) has passed.
      const run = await runCli(
        ['--verbose'],
        { ...targetEnv(slow), STREAMKAP_CONCURRENCY: '1' },
        {
          onSpawn: (child) =>
            child.stdout?.on('data', (chunk: Buffer) => {
              if (!signalled && /✓ passed +(?!contract\.unchanged)/.test(chunk.toString())) {
                signalled = true;
                child.kill(signal);
              }
            }),
        },
      );
      expect(run.code).toBe(code);
      expect(run.stderr).toContain(`${signal}: stopping; the reports will cover what ran`);
      expect(run.stdout).toMatch(new RegExp(`^Exit ${code}: Interrupted: the run was interrupted \\(${signal}\\)`, 'm'));
      const summary = readJson(run.reportsDir, 'summary.json');
      expect(summary.outcome).toBe('interrupted');
      expect(summary.totals.passed).toBeGreaterThan(0);
      expect(
        summary.cases.some((c: { skipReason?: string }) => c.skipReason?.startsWith(`not run: the run was interrupted (${signal})`)),
      ).toBe(true);
      expect(existsSync(join(run.reportsDir, 'report.html'))).toBe(true);
      // Sending stopped: far fewer requests than cases.
      expect(slow.requests.length).toBeLessThan(20);
    } finally {
      await slow.close();
    }
  });
});

describe('5 and 6. settings that contradict each other', () => {
  test('.env from .env.example with the token and pipeline filled but no base URL: exit 2, not a green run against the embedded server', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dotenv-'));
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    writeFileSync(
      join(cwd, '.env'),
      example
        .replace(/^STREAMKAP_TOKEN=$/m, 'STREAMKAP_TOKEN=tok-from-dotenv-123')
        .replace(/^STREAMKAP_PIPELINE_ID=$/m, 'STREAMKAP_PIPELINE_ID=6650a1b2c3d4e5f6a7b8c9d0'),
    );
    const run = await runCli([], {}, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^streamkap-conformance: STREAMKAP_TOKEN is set, but STREAMKAP_BASE_URL is not, so the run would check the embedded reference server and ignore it\./m,
    );
    expect(run.stdout).not.toContain('embedded reference server at');
    expect(run.stderr + run.stdout).not.toContain('tok-from-dotenv-123');
  });

  test('a token and client credentials together: exit 2, naming both ways and how to choose', async () => {
    const run = await runMain([], { ...targetEnv(reference), STREAMKAP_CLIENT_ID: reference.clientId, STREAMKAP_SECRET: reference.secret });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^streamkap-conformance: Both STREAMKAP_TOKEN and STREAMKAP_CLIENT_ID and STREAMKAP_SECRET are set, and only one of them can be used\./,
    );
  });
});
