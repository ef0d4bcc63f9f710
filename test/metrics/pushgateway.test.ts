/**
 * Pushing the run's metrics: to a real Pushgateway (Debian's prometheus-pushgateway, started here
 * on 127.0.0.1 with an ephemeral port and a persistence file of its own), and to loopback servers
 * that misbehave in the ways a push must survive: a closed port, no answer, a 5xx, a 4xx, a
 * redirect elsewhere.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderRunMetrics } from '../../src/metrics/run-metrics';
import { PUSH_JOB, pushGrouping, pushMetrics, type PushOptions, pushUrl } from '../../src/metrics/pushgateway';
import { loadSettings } from '../../src/settings';
import { SetupError } from '../../src/setup-error';
import { night, runOf } from '../history/runs';
import { PUSHGATEWAY, describeWith, pushgatewayArguments, pushgatewayReady } from '../support/debian-tool';

const TARGET = 'http://127.0.0.1:1/api';
const options = (overrides: Partial<PushOptions> = {}): PushOptions => ({
  job: PUSH_JOB,
  grouping: pushGrouping(TARGET),
  timeoutMs: 2000,
  retries: 2,
  retryDelayMs: 20,
  ...overrides,
});

/** A port nothing listens on: bound, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A loopback server answering with `handle`, recording each request's method, path and body. */
async function loopback(handle: (request: IncomingMessage, response: ServerResponse, body: string) => void) {
  const requests: Array<{ method?: string; url?: string; body: string }> = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push({ method: request.method, url: request.url, body });
      handle(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the group URL', () => {
  test('job and grouping labels as path segments: base64url where a value has a slash or is empty, URI-encoded otherwise', () => {
    expect(pushUrl('http://pgw:9091', PUSH_JOB, pushGrouping('https://api.example.com/v1')).href).toBe(
      `http://pgw:9091/metrics/job/streamkap_conformance/target@base64/${Buffer.from('https://api.example.com/v1').toString('base64url')}`,
    );
    expect(pushUrl('http://pgw:9091/prefix/', 'j', { region: 'eu west', shard: '' }).href).toBe(
      'http://pgw:9091/prefix/metrics/job/j/region/eu%20west/shard@base64/=',
    );
  });

  test('STREAMKAP_PUSHGATEWAY_URL: unset pushes nothing; a bad one is a setting error that hides credentials', () => {
    expect(loadSettings({}).pushgatewayUrl).toBeUndefined();
    expect(loadSettings({ STREAMKAP_PUSHGATEWAY_URL: ' http://pgw:9091 ' }).pushgatewayUrl).toBe('http://pgw:9091');
    for (const [raw, reason] of [
      ['pgw:9091', /scheme pgw: is not http/],
      ['not a url', /not a URL/],
      ['http://user:hunter2@pgw:9091/?x=1', /has a query/],
      ['http://pgw:9091/metrics/job/x', /already names a job/],
    ] as const) {
      let error: unknown;
      try {
        void loadSettings({ STREAMKAP_PUSHGATEWAY_URL: raw }).pushgatewayUrl;
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SetupError);
      expect((error as SetupError).setting).toBe('STREAMKAP_PUSHGATEWAY_URL');
      expect((error as SetupError).message).toMatch(reason);
      expect((error as SetupError).message).not.toContain('hunter2');
    }
  });
});

describe('a push that fails is a warning, after its retries, and never an exception', () => {
  test('a closed port: the retries are spent and the warning names the failure', async () => {
    const port = await freePort();
    const started = performance.now();
    const result = await pushMetrics(`http://127.0.0.1:${port}`, 'x 1\n', options());
    // The retries waited (20 ms, then 40 ms): a lower bound, which load never breaks; how fast is the bench's business.
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 + 40 - 1);
    expect(result).toEqual({
      pushed: false,
      attempts: 3,
      warning: `The metrics were not pushed to the Pushgateway at http://127.0.0.1:${port}/metrics/job/streamkap_conformance/target@base64/${Buffer.from(TARGET).toString('base64url')} (3 attempts): the connection failed (ECONNREFUSED). The verdict is unchanged.`,
    });
  });

  test('no answer within the timeout', async () => {
    const silent = await loopback(() => undefined);
    try {
      const result = await pushMetrics(silent.url, 'x 1\n', options({ timeoutMs: 150, retries: 1 }));
      expect(result).toMatchObject({ pushed: false, attempts: 2 });
      expect(result.pushed || result.warning).toMatch(/\(2 attempts\): no answer within 150 ms/);
      expect(silent.requests).toHaveLength(2); // both attempts arrived and went unanswered
    } finally {
      await silent.close();
    }
  });

  test('a 503 is retried and the push then arrives; a 400 is not retried', async () => {
    let calls = 0;
    const flaky = await loopback((_, response) => {
      calls += 1;
      response.writeHead(calls === 1 ? 503 : 200).end();
    });
    const refusing = await loopback((_, response) => response.writeHead(400).end('text format parsing error in line 1'));
    try {
      expect(await pushMetrics(flaky.url, 'x 1\n', options())).toEqual({ pushed: true, attempts: 2 });
      expect(flaky.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
      expect(flaky.requests[1]?.body).toBe('x 1\n');
      const refused = await pushMetrics(refusing.url, 'x 1\n', options());
      expect(refused).toMatchObject({ pushed: false, attempts: 1 });
      expect(refused.pushed || refused.warning).toContain('(1 attempt): it answered 400: text format parsing error in line 1.');
    } finally {
      await flaky.close();
      await refusing.close();
    }
  });

  test('a redirect is not followed: the push goes to the configured URL only', async () => {
    const elsewhere = await loopback((_, response) => response.writeHead(200).end());
    const redirecting = await loopback((_, response) => response.writeHead(307, { location: `${elsewhere.url}/metrics/job/x` }).end());
    try {
      const result = await pushMetrics(redirecting.url, 'x 1\n', options({ retries: 0 }));
      expect(result).toMatchObject({ pushed: false, attempts: 1 });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
      await redirecting.close();
    }
  });

  test('credentials in the URL go as Basic authentication and never into the warning', async () => {
    const guarded = await loopback((request, response) =>
      response.writeHead(request.headers.authorization === `Basic ${Buffer.from('ops:s3cret').toString('base64')}` ? 500 : 401).end(),
    );
    try {
      const result = await pushMetrics(guarded.url.replace('//', '//ops:s3cret@'), 'x 1\n', options({ retries: 0 }));
      expect(result).toMatchObject({ pushed: false, attempts: 1 });
      expect(result.pushed || result.warning).toContain('it answered 500'); // the credentials arrived
      expect(JSON.stringify(result)).not.toContain('s3cret');
    } finally {
      await guarded.close();
    }
  });
});

function pushgatewayTests(): void {
  let gateway: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    gateway = spawn(PUSHGATEWAY.path, pushgatewayArguments(port), { stdio: 'ignore' });
    await pushgatewayReady(url, gateway);
  });

  afterAll(async () => {
    if (gateway !== undefined && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway.on('exit', resolve));
      gateway.kill('SIGTERM');
      await exited;
    }
  });

  const scrape = async () => parseExposition(await (await fetch(`${url}/metrics`)).text());
  const ours = { job: 'streamkap_conformance', target: TARGET };

  test("after a push, the Pushgateway's /metrics holds the run's series under the job and target", async () => {
    const run = runOf(night(1), { 'accept.defaults': 'passed', 'accept.defaults@p2': 'failed' }, 90);
    expect(await pushMetrics(url, await renderRunMetrics(run, { breaking: 1, nonBreaking: 0 }), options())).toEqual({
      pushed: true,
      attempts: 1,
    });
    const scraped = await scrape();
    expect(valueOf(scraped, 'streamkap_conformance_run_outcome', { ...ours, outcome: 'failed' })).toBe(1);
    expect(valueOf(scraped, 'streamkap_conformance_run_outcome', { ...ours, outcome: 'passed' })).toBe(0);
    expect(valueOf(scraped, 'streamkap_conformance_run_exit_code', ours)).toBe(1);
    expect(
      valueOf(scraped, 'streamkap_conformance_case_outcome', {
        ...ours,
        case: 'accept.defaults',
        pipeline: 'p2',
        tier: 'accept',
        outcome: 'failed',
      }),
    ).toBe(1);
    expect(
      valueOf(scraped, 'streamkap_conformance_case_outcome', {
        ...ours,
        case: 'accept.defaults',
        pipeline: '',
        tier: 'accept',
        outcome: 'passed',
      }),
    ).toBe(1);
    expect(valueOf(scraped, 'streamkap_conformance_response_time_seconds_count', ours)).toBe(2);
    expect(valueOf(scraped, 'streamkap_conformance_response_time_seconds_bucket', { ...ours, le: '0.1' })).toBe(2);
    expect(valueOf(scraped, 'streamkap_conformance_run_start_time_seconds', ours)).toBe(Date.parse(night(1)) / 1000);
    expect(valueOf(scraped, 'streamkap_conformance_contract_drift_changes', { ...ours, kind: 'breaking' })).toBe(1);
    // The Pushgateway's own record of the push: it accepted the group.
    expect(valueOf(scraped, 'push_time_seconds', ours)).toBeGreaterThan(0);
    expect(valueOf(scraped, 'push_failure_time_seconds', ours)).toBe(0);
  });

  test("the next run's push replaces the group: a case that left the selection leaves the metrics", async () => {
    await pushMetrics(url, await renderRunMetrics(runOf(night(1), { 'accept.defaults': 'passed', 'auth.none': 'failed' })), options());
    expect(valueOf(await scrape(), 'streamkap_conformance_case_outcome', { ...ours, case: 'auth.none', outcome: 'failed' })).toBe(1);
    await pushMetrics(url, await renderRunMetrics(runOf(night(2), { 'accept.defaults': 'passed' })), options());
    const scraped = await scrape();
    expect(valueOf(scraped, 'streamkap_conformance_case_outcome', { ...ours, case: 'auth.none', outcome: 'failed' })).toBeUndefined();
    expect(valueOf(scraped, 'streamkap_conformance_run_outcome', { ...ours, outcome: 'passed' })).toBe(1);
  });

  test('another target is another group, side by side', async () => {
    const staging = 'https://staging.example.com';
    await pushMetrics(
      url,
      await renderRunMetrics(runOf(night(2), { 'accept.defaults': 'failed' })),
      options({ grouping: pushGrouping(staging) }),
    );
    const scraped = await scrape();
    expect(valueOf(scraped, 'streamkap_conformance_run_exit_code', ours)).toBe(0);
    expect(valueOf(scraped, 'streamkap_conformance_run_exit_code', { job: 'streamkap_conformance', target: staging })).toBe(1);
  });
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (comments skipped, label values unescaped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const [, name = '', raw = ''] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name whose labels include these; undefined when none. */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => (s.labels[k] ?? '') === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describeWith(PUSHGATEWAY, 'a real Pushgateway on loopback', pushgatewayTests);
