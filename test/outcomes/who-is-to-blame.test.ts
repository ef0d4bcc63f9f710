/**
 * Who is to blame when the first answer is not what the contract allows: the API (exit 1, the
 * cases judge it) when the target answers like the Streamkap API elsewhere, the settings (exit 2,
 * naming one) when nothing says it is the API or the evidence points at a setting.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, type Behaviour, jsonAnswer } from '../../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import type { Clock } from '../../src/clock';
import { allCases } from '../../cases';
import { unknownPipelines } from '../../cases/unknown-pipelines';
import { runConformance } from '../../src/engine/run-conformance';
import type { PreflightDecision } from '../../src/preflight';
import { createRunContext, type RunSettings } from '../../src/engine/run-context';
import { planCases } from '../../src/plan';
import { faultyServers } from '../fault-matrix/faulty-servers';
import { runMain } from '../support/run-cli';
import { settingsFor } from '../support/run-against';
import { targetEnv } from '../support/target-env';
import { type Misbehaviour, type MisbehavingServer, type SeenRequest, startMisbehavingServer } from '../resilience/misbehaving-server';

/** Rewrites only the answers the contract says are 200: every refusal stays the API's own. */
const onGranted = (rewrite: (answer: Answer) => Answer): Partial<Behaviour> => ({
  finish: (answer) => (answer.status === 200 ? rewrite(answer) : answer),
});
const text = (status: number, contentType: string, body: string | Buffer): Answer => ({
  status,
  headers: { 'content-type': contentType },
  body,
});

/** Faults of the API on its granted answers that an earlier preflight blamed on the settings. */
const API_FAULTS: ReadonlyArray<[string, Partial<Behaviour>]> = [
  ['a 200 answered with an HTML page', onGranted(() => text(200, 'text/html', '<!doctype html><title>Metrics</title><p>ok</p>'))],
  ['a 200 whose JSON is cut short', onGranted((a) => ({ ...a, body: String(a.body).slice(0, 25) }))],
  ['a 200 body that is not UTF-8', onGranted((a) => ({ ...a, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }))],
  ['a 200 body that starts with a byte order mark', onGranted((a) => ({ ...a, body: `\uFEFF${String(a.body)}` }))],
  ['a 200 with text after the JSON value', onGranted((a) => ({ ...a, body: `${String(a.body)} trailing` }))],
  ['Content-Encoding: gzip over plain text', onGranted((a) => ({ ...a, headers: { ...a.headers, 'content-encoding': 'gzip' } }))],
  ['201 instead of 200', onGranted((a) => ({ ...a, status: 201 }))],
  ['a crash answered 500 text/plain', onGranted(() => text(500, 'text/plain; charset=utf-8', 'Internal Server Error'))],
  ['an 11 MB body', onGranted(() => text(200, 'application/json', `{"data":"${'x'.repeat(11 * 1024 * 1024)}"}`))],
];

let reports = 0;
const freshReports = () => mkdtempSync(join(tmpdir(), `blame-${(reports += 1)}-`));
/** The smoke cases against a server, over these pipelines (STREAMKAP_PIPELINE_IDS), with reports of their own. */
const smokeOverPipelines = (server: ReferenceServer, pipelines: readonly string[]) =>
  runMain(
    ['--tag', 'smoke'],
    targetEnv(server, { STREAMKAP_REPORTS_DIR: freshReports(), STREAMKAP_PIPELINE_ID: '', STREAMKAP_PIPELINE_IDS: pipelines.join(',') }),
  );

/** The engine's entry point with the CLI's preflight, in this process: the decision and the exit status, without a jest run. */
async function judgedInProcess(behaviour: Partial<Behaviour>) {
  const server = await startReferenceServer({ behaviour });
  const settings = settingsFor(server, { tags: ['smoke'] });
  const context = createRunContext(settings, { retryBaseMs: 5 });
  const decisions: PreflightDecision[] = [];
  try {
    const planned = planCases(allCases, { tags: ['smoke'], limitedTokenConfigured: true });
    const run = await runConformance({
      settings,
      context,
      plan: { planned, seed: 0, generatedRequests: 0 },
      embedded: false,
      preflight: true,
      emit: async (event) => void (event.type === 'preflight-decided' && decisions.push(event.decision)),
    });
    return { run, decisions };
  } finally {
    context.close();
    await server.close();
  }
}

describe('a fault of the API on the first request is judged by the cases (exit 1), not blamed on the settings', () => {
  test.each(API_FAULTS)('%s', async (_name, behaviour) => {
    const { run, decisions } = await judgedInProcess(behaviour);
    expect(run.failure).toBeUndefined();
    expect(decisions[0]).toMatchObject({
      kind: 'judged-by-cases',
      evidence: expect.arrayContaining([expect.stringContaining('without a token')]),
    });
    expect(run.exit.code).toBe(1);
  });

  /** The same through the real CLI, for one fault of each kind: a page, a crash, a body too large to read. */
  const THROUGH_THE_CLI = new Set(['a 200 answered with an HTML page', 'a crash answered 500 text/plain', 'an 11 MB body']);
  test.concurrent.each(API_FAULTS.filter(([name]) => THROUGH_THE_CLI.has(name)))('through the CLI: %s', async (_name, behaviour) => {
    const server = await startReferenceServer({ behaviour });
    try {
      const run = await runMain(['--tag', 'smoke'], targetEnv(server, { STREAMKAP_REPORTS_DIR: freshReports() }));
      expect(run.stderr).not.toMatch(/Could not check|Set STREAMKAP_BASE_URL/);
      expect(run.stdout).toMatch(/^Preflight: pipeline \S+ was answered .+the target answers like the Streamkap API all the same/m);
      expect(run.code).toBe(1);
      const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
      expect(summary.outcome).toBe('failed');
      expect(summary.totals.failed).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  test('a 401 to the token the same API issued a moment before through the client-credentials exchange', async () => {
    const server = await startReferenceServer({ behaviour: { authorize: () => 'unauthenticated' } });
    try {
      const env = targetEnv(server, { STREAMKAP_REPORTS_DIR: freshReports() });
      delete env.STREAMKAP_TOKEN;
      const run = await runMain(['--tag', 'smoke'], { ...env, STREAMKAP_CLIENT_ID: server.clientId, STREAMKAP_SECRET: server.secret });
      expect(server.issuedTokens.length).toBeGreaterThan(0);
      expect(run.stdout).toContain('the client-credentials exchange issued the run its token');
      expect(run.code).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('the settings are blamed (exit 2, naming one) when nothing says it is the API, or the evidence points at a setting', () => {
  test('a server that answers HTML to everything is not this API', async () => {
    const html: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>Welcome to nginx!</title>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = html.address() as AddressInfo;
      const run = await runMain([], {
        STREAMKAP_BASE_URL: `http://127.0.0.1:${port}`,
        STREAMKAP_TOKEN: 'some-token-123',
        STREAMKAP_PIPELINE_ID: 'abc',
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/an HTML page titled "Welcome to nginx!".*Set STREAMKAP_BASE_URL/);
    } finally {
      await new Promise<void>((resolve) => html.close(() => resolve()));
    }
  });

  test('a pipeline id one character short, against an API that answers 422 for malformed ids', async () => {
    const malformed = (id: string) => !/^[0-9a-f]{24}$/.test(id);
    const server = await startReferenceServer({
      behaviour: {
        finish: (answer, request) =>
          malformed(request.pipelineId)
            ? jsonAnswer(422, { detail: [{ loc: ['path', 'pipeline_id'], msg: 'Invalid ObjectId', type: 'value_error' }] })
            : answer,
      },
    });
    try {
      const run = await runMain([], targetEnv(server, { STREAMKAP_PIPELINE_ID: server.pipelineId.slice(0, -1) }));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/refuses pipeline id "[0-9a-f]{23}" as malformed.*Set STREAMKAP_PIPELINE_ID/);
    } finally {
      await server.close();
    }
  });

  test('STREAMKAP_MISSING_PIPELINE_ID set to a pipeline that exists', async () => {
    const another = 'ffffffffffffffffffffffff';
    const server = await startReferenceServer({ behaviour: { pipelineExists: (id, known) => id === known || id === another } });
    try {
      const run = await runMain([], targetEnv(server, { STREAMKAP_MISSING_PIPELINE_ID: another }));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/STREAMKAP_MISSING_PIPELINE_ID is "[0-9a-f]{24}", which is a pipeline this token can read/);
    } finally {
      await server.close();
    }
  });
});

/** A metrics request as a faulty server sees it: which pipeline, and whether it carries a query. */
const metricsPath = /^\/pipelines\/([^/?]+)\/metrics(\?.*)?$/;
const isMetrics = (url: string) => metricsPath.test(url);
const pipelineOf = (url: string) => metricsPath.exec(url)?.[1];
const hasQuery = (url: string) => url.includes('?');

/** Settings that aim the CLI at a misbehaving server in front of the reference server. */
const misbehavingEnv = (server: MisbehavingServer, extra: Record<string, string> = {}) =>
  targetEnv(server.upstream, { STREAMKAP_BASE_URL: server.baseUrl, STREAMKAP_REPORTS_DIR: freshReports(), ...extra });

/** The first answer lies about a setting; the other shapes of request say the target is this API and the setting right. */
const FIRST_ANSWER_LIES: ReadonlyArray<[string, (request: SeenRequest, known: string) => Misbehaviour, RegExp]> = [
  [
    'the request with no query answered 404 {"detail":"Not Found"} while every request with a query is served',
    (request) =>
      isMetrics(request.url) && !hasQuery(request.url)
        ? { kind: 'answer', status: 404, body: '{"detail":"Not Found"}' }
        : { kind: 'forward' },
    /lacks the API's path prefix/,
  ],
  [
    'the request with no query answered 401 to the configured token while the same token is granted with any query',
    (request) =>
      isMetrics(request.url) && !hasQuery(request.url)
        ? { kind: 'answer', status: 401, headers: { 'www-authenticate': 'Bearer' }, body: '{"detail":"Not authenticated"}' }
        : { kind: 'forward' },
    /Set STREAMKAP_TOKEN/,
  ],
  [
    'the request with no query reset every time while every request with a query is served',
    (request) => (isMetrics(request.url) && !hasQuery(request.url) ? { kind: 'reset' } : { kind: 'forward' }),
    /Cannot reach STREAMKAP_BASE_URL/,
  ],
  [
    'the request with no query answered 503 every time while every request with a query is served',
    (request) => (isMetrics(request.url) && !hasQuery(request.url) ? { kind: 'answer', status: 503 } : { kind: 'forward' }),
    /is unavailable/,
  ],
  [
    'the request with no query never answered while every request with a query is served',
    (request) => (isMetrics(request.url) && !hasQuery(request.url) ? { kind: 'hang' } : { kind: 'forward' }),
    /accepted the connection but sent/,
  ],
];

describe('a blame on a setting stands only when the other shapes of request corroborate it', () => {
  // Every fault of the matrix in how the documented defaults are applied: the request with no query is refused, yet no setting is wrong.
  const defaultsFaults = faultyServers.filter((fault) => fault.name.startsWith('defaults not honoured'));

  test('the matrix has faults in the defaults to try', () => {
    expect(defaultsFaults.length).toBeGreaterThan(1);
  });

  test.concurrent.each(defaultsFaults.map((fault) => [fault.name, fault] as const))(
    '%s: the cases judge it, no setting is blamed',
    async (_name, fault) => {
      const server = await startReferenceServer(fault.options);
      try {
        const run = await runMain(['--tag', 'smoke'], targetEnv(server, { STREAMKAP_REPORTS_DIR: freshReports() }));
        // Judged by the cases: exit 1 where a smoke case meets the fault, 0 where none does; never a setting's 2.
        expect(run.stderr).toBe('');
        expect([0, 1]).toContain(run.code);
      } finally {
        await server.close();
      }
    },
  );

  test.concurrent.each(FIRST_ANSWER_LIES)('%s: exit 1, the cases judge it', async (_name, script, blame) => {
    let known = '';
    const server = await startMisbehavingServer({ script: (request) => script(request, known) });
    known = server.upstream.pipelineId;
    try {
      const run = await runMain(['--tag', 'smoke'], misbehavingEnv(server, { STREAMKAP_RETRIES: '1', STREAMKAP_TIMEOUT_MS: '500' }));
      expect(run.stderr).not.toMatch(blame);
      expect(run.stdout).toMatch(/^Preflight: pipeline \S+ was answered .+with a query .*is served 200/m);
      expect(run.code).toBe(1);
      const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
      expect(summary.outcome).toBe('failed');
    } finally {
      await server.close();
    }
  });

  test.concurrent.each<[string, Misbehaviour, string]>([
    ['reset', { kind: 'reset' }, 'not_a_server_error'],
    ['never answered', { kind: 'hang' }, 'response_received'],
  ])(
    'every request for an unknown pipeline %s while the known one is served: a finding about that class (exit 1), not an outage',
    async (_name, fate, check) => {
      let known = '';
      const server = await startMisbehavingServer({
        script: (request) => (isMetrics(request.url) && pipelineOf(request.url) !== known ? fate : { kind: 'forward' }),
      });
      known = server.upstream.pipelineId;
      try {
        // Long enough that a loaded machine answers the known pipeline within it; the unknown ones wait it out once each.
        const run = await runMain(
          ['--tag', 'smoke,pipelines'],
          misbehavingEnv(server, { STREAMKAP_RETRIES: '1', STREAMKAP_TIMEOUT_MS: '1500' }),
        );
        expect(run.stderr).not.toMatch(/became unavailable/);
        expect(run.code).toBe(1);
        const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
        const unknown = new Set(unknownPipelines.map((c) => c.id));
        const failed = (summary.cases as Array<{ id: string; verdict: string; findings: Array<{ check: string }> }>).filter(
          (c) => unknown.has(c.id) && c.verdict === 'failed' && c.findings.some((f) => f.check === check),
        );
        expect(new Set(failed.map((c) => c.id))).toEqual(unknown);
      } finally {
        await server.close();
      }
    },
  );
});

/** A start-up clock whose waits pass at once and are written down: the wait is judged without wall time. */
class InstantClock implements Clock {
  readonly waits: number[] = [];
  private current = Date.parse('2025-03-02T07:10:15Z');
  now(): number {
    return this.current;
  }
  after(ms: number, callback: () => void): () => void {
    this.waits.push(ms);
    this.current += ms;
    setImmediate(callback);
    return () => undefined;
  }
}

/** The engine with the CLI's preflight against a misbehaving server, waiting on `clock`: the run and the preflight's decisions. */
async function warmUpRun(server: MisbehavingServer, clock: Clock, overrides: Partial<RunSettings>) {
  const settings = settingsFor(server.upstream, { baseUrl: server.baseUrl, tags: ['smoke'], retries: 1, ...overrides });
  const context = createRunContext(settings, { retryBaseMs: 5 });
  const decisions: PreflightDecision[] = [];
  try {
    const planned = planCases(allCases, { tags: ['smoke'], limitedTokenConfigured: true });
    return await runConformance({
      settings,
      context,
      plan: { planned, seed: 0, generatedRequests: 0 },
      embedded: false,
      preflight: true,
      startupClock: clock,
      emit: async (event) => void (event.type === 'preflight-decided' && decisions.push(event.decision)),
    });
  } finally {
    context.close();
  }
}

describe('a target warming up, that says when to come back, is waited for within the start-up budget', () => {
  /** 503 with Retry-After to the first `warming` metrics requests, then served. */
  const warmingUp = (warming: number, retryAfter: (clock: InstantClock) => string, clock: InstantClock) => {
    let answered = 0;
    return startMisbehavingServer({
      script: (request): Misbehaviour =>
        isMetrics(request.url) && (answered += 1) <= warming
          ? { kind: 'answer', status: 503, headers: { 'retry-after': retryAfter(clock) }, body: '{"detail":"starting"}' }
          : { kind: 'forward' },
    });
  };

  test.each<[string, (clock: InstantClock) => string, number]>([
    ['Retry-After: 1 (delta-seconds)', () => '1', 1000],
    ['Retry-After as an HTTP-date two seconds on', (clock) => new Date(clock.now() + 2000).toUTCString(), 2000],
  ])('%s: the preflight waits as asked, then the run is judged', async (_form, retryAfter, waitMs) => {
    const clock = new InstantClock();
    // Two tries of the preflight's request (a retry each) are answered 503: two waits, then served.
    const server = await warmingUp(4, retryAfter, clock);
    try {
      const run = await warmUpRun(server, clock, {});
      expect(run.failure).toBeUndefined();
      expect(clock.waits).toEqual([waitMs, waitMs]);
      expect(run.exit.code).toBe(0);
    } finally {
      await server.close();
    }
  });

  test('a target still unavailable when STREAMKAP_STARTUP_WAIT_S is spent stops the run (exit 2), naming it', async () => {
    const clock = new InstantClock();
    const server = await warmingUp(Number.POSITIVE_INFINITY, () => '1', clock);
    try {
      const run = await warmUpRun(server, clock, { startupWaitS: 3 });
      expect(clock.waits).toEqual([1000, 1000, 1000]);
      expect(run.exit.code).toBe(2);
      expect(run.failure).toMatchObject({ kind: 'setup', setting: 'STREAMKAP_STARTUP_WAIT_S' });
      expect(run.failure?.message).toMatch(
        /was, for 3 s of the start-up wait \(STREAMKAP_STARTUP_WAIT_S, 3 s\)\. It asks to be tried again in 1 s/,
      );
    } finally {
      await server.close();
    }
  });
});

/** Another pipeline of the same organisation, for the configurations with several. */
const SECOND_PIPELINE = 'aaaaaaaaaaaaaaaaaaaaaaaa';

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Real setting errors, with the settings that make them; each must still stop the run naming the setting. */
const WRONG_SETTINGS: ReadonlyArray<[string, (server: ReferenceServer) => Promise<Record<string, string>>, RegExp, string]> = [
  [
    'a base URL without the API path prefix',
    async (server) => ({ STREAMKAP_BASE_URL: server.baseUrl.replace(/\/api$/, '') }),
    /lacks the API's path prefix/,
    'STREAMKAP_BASE_URL',
  ],
  ['a token the API refuses', async () => ({ STREAMKAP_TOKEN: 'not-a-token-of-this-api' }), /Set STREAMKAP_TOKEN/, 'STREAMKAP_TOKEN'],
  [
    'a host nothing listens on',
    async () => ({ STREAMKAP_BASE_URL: `http://127.0.0.1:${await closedPort()}` }),
    /nothing accepts connections there/,
    'STREAMKAP_BASE_URL',
  ],
];

describe('the settings are still blamed when every shape of request says so (exit 2, naming the setting)', () => {
  const configurations: Array<[string, (server: ReferenceServer) => Record<string, string>]> = [
    ['one pipeline', () => ({})],
    ['several pipelines', (server) => ({ STREAMKAP_PIPELINE_ID: '', STREAMKAP_PIPELINE_IDS: `${server.pipelineId},${SECOND_PIPELINE}` })],
  ];
  const rows = WRONG_SETTINGS.flatMap(([name, wrong, says, setting]) =>
    configurations.map(([configuration, pipelines]) => [`${name}, ${configuration}`, wrong, pipelines, says, setting] as const),
  );
  test.concurrent.each(rows)('%s', async (_name, wrong, pipelines, says, setting) => {
    const server = await startReferenceServer({
      prefix: '/api',
      behaviour: { pipelineExists: (id, known) => id === known || id === SECOND_PIPELINE },
    });
    try {
      const env = { ...targetEnv(server, { STREAMKAP_REPORTS_DIR: freshReports(), STREAMKAP_RETRIES: '1' }), ...pipelines(server) };
      const run = await runMain(['--tag', 'smoke'], { ...env, ...(await wrong(server)) });
      expect(run.stderr).toMatch(says);
      expect(run.code).toBe(2);
      expect(JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')).setting).toBe(setting);
    } finally {
      await server.close();
    }
  });

  test('a pipeline the API does not know, beside one it serves: exit 2 naming it', async () => {
    const server = await startReferenceServer();
    try {
      const unknown = 'ffffffffffffffffffffffff';
      const run = await smokeOverPipelines(server, [server.pipelineId, unknown]);
      expect(run.stderr).toMatch(new RegExp(`pipeline ${unknown} .*is not a pipeline this token can see`));
      expect(run.code).toBe(2);
      expect(JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')).setting).toBe('STREAMKAP_PIPELINE_ID');
    } finally {
      await server.close();
    }
  });
});

describe('with several pipelines, another pipeline served at the same base URL says the base URL is right', () => {
  const bareNotFound = () => jsonAnswer(404, { detail: 'Not Found' });

  test('every request for a configured pipeline answered 404 {"detail":"Not Found"}, the other one served: exit 1, the cases judge it', async () => {
    let known = '';
    const server = await startReferenceServer({
      behaviour: {
        pipelineExists: (id, reference) => id === reference || id === SECOND_PIPELINE,
        finish: (answer, request) => (request.pipelineId === known ? bareNotFound() : answer),
      },
    });
    known = server.pipelineId;
    try {
      const run = await smokeOverPipelines(server, [known, SECOND_PIPELINE]);
      expect(run.stderr).not.toMatch(/lacks the API's path prefix/);
      expect(run.stdout).toContain(`pipeline ${SECOND_PIPELINE} is served 200 at the same base URL`);
      expect(run.code).toBe(1);
    } finally {
      await server.close();
    }
  });

  test('an unknown pipeline, answered 404 {"detail":"Not Found"} like every id of no pipeline, beside one served: exit 2 naming the pipeline, not the base URL', async () => {
    const server = await startReferenceServer({ behaviour: { finish: (answer) => (answer.status === 404 ? bareNotFound() : answer) } });
    try {
      const unknown = 'ffffffffffffffffffffffff';
      const run = await smokeOverPipelines(server, [unknown, server.pipelineId]);
      expect(run.stderr).toMatch(new RegExp(`pipeline ${unknown} .*is not a pipeline this token can see`));
      expect(run.code).toBe(2);
      expect(JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')).setting).toBe('STREAMKAP_PIPELINE_ID');
    } finally {
      await server.close();
    }
  });
});
