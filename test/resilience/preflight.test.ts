import { consoleTo } from '../support/console-capture';
import dns from 'node:dns';
import { createServer } from 'node:net';
import { main } from '../../src/cli/main';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import type { Environment } from '../../src/settings';
import { type MisbehavingServer, startMisbehavingServer } from './misbehaving-server';

let reference: ReferenceServer;
let hanging: MisbehavingServer;
beforeAll(async () => {
  [reference, hanging] = await Promise.all([startReferenceServer(), startMisbehavingServer({ script: () => ({ kind: 'hang' }) })]);
});
afterAll(async () => {
  await Promise.all([reference.close(), hanging.close()]);
});

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the CLI's main in this process; everything it prints. */
async function runMain(env: Environment): Promise<{ code: number; printed: string[]; errors: string[] }> {
  const printed: string[] = [];
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
  try {
    const code = await main(
      [],
      env,
      consoleTo((line) => printed.push(line)),
    );
    return { code, printed, errors };
  } finally {
    spy.mockRestore();
  }
}

const withToken = (baseUrl: string): Environment => ({
  STREAMKAP_BASE_URL: baseUrl,
  STREAMKAP_TOKEN: reference.token,
  STREAMKAP_PIPELINE_ID: reference.pipelineId,
});

test.each<[string, () => Promise<Environment>, RegExp, string]>([
  [
    'a port nothing listens on',
    async () => withToken(`http://127.0.0.1:${await closedPort()}`),
    /nothing accepts connections there/,
    'STREAMKAP_BASE_URL',
  ],
  // Port 9 (discard) on a reserved name: the name must fail before any port matters.
  [
    'a host name that does not resolve',
    async () => withToken('http://conformance-selftest.invalid:9'),
    /its host name does not resolve/,
    'STREAMKAP_BASE_URL',
  ],
  [
    'https to a server that speaks plain http',
    async () => withToken(reference.baseUrl.replace('http:', 'https:')),
    /TLS handshake failed/,
    'STREAMKAP_BASE_URL',
  ],
  [
    'a server that accepts and never answers',
    async () => ({ ...withToken(hanging.baseUrl), STREAMKAP_PIPELINE_ID: hanging.upstream.pipelineId, STREAMKAP_TIMEOUT_MS: '300' }),
    /accepted the connection but sent no complete answer within 300 ms/,
    'STREAMKAP_TIMEOUT_MS',
  ],
  [
    'a token exchange that refuses the credentials',
    async () => ({
      STREAMKAP_BASE_URL: reference.baseUrl,
      STREAMKAP_PIPELINE_ID: reference.pipelineId,
      STREAMKAP_CLIENT_ID: reference.clientId,
      STREAMKAP_SECRET: 'not-the-secret-0000',
    }),
    /refused STREAMKAP_CLIENT_ID and STREAMKAP_SECRET \(HTTP 401\)/,
    'STREAMKAP_SECRET',
  ],
  [
    'a token the API refuses',
    async () => ({ ...withToken(reference.baseUrl), STREAMKAP_TOKEN: 'expired-token-000000000000' }),
    /refused the run's token .* \(HTTP 401\)/,
    'STREAMKAP_TOKEN',
  ],
  [
    'a pipeline that does not exist',
    async () => ({ ...withToken(reference.baseUrl), STREAMKAP_PIPELINE_ID: 'aaaaaaaaaaaaaaaaaaaaaaaa' }),
    /answered 404: pipeline aaaaaaaaaaaaaaaaaaaaaaaa \(STREAMKAP_PIPELINE_ID or STREAMKAP_PIPELINE_IDS\) is not a pipeline/,
    'STREAMKAP_PIPELINE_ID',
  ],
])('preflight against %s stops the run with exit 2 and one clear message', async (_what, environment, message, setting) => {
  const env = await environment();
  const lookups: string[] = [];
  const lookupSpy = jest.spyOn(dns, 'lookup').mockImplementation(((hostname: string) => {
    // Every target here is a loopback address, which needs no lookup: any lookup would be a leak.
    lookups.push(hostname);
    throw new Error(`unexpected DNS lookup of ${hostname}`);
  }) as unknown as typeof dns.lookup);
  try {
    const run = await runMain(env);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(run.errors[0]).toContain(setting);
    expect(run.errors[0]).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.printed).toEqual([]);
    expect(run.code).toBe(2);
    expect(lookups).toEqual([]);
  } finally {
    lookupSpy.mockRestore();
  }
});

test('a preflight answer that echoes the token back (a redirect carrying it) stops the run without printing it', async () => {
  const echoing = await startMisbehavingServer({
    script: (request) => ({
      kind: 'answer',
      status: 302,
      headers: { location: `https://login.example.test/?echo=${request.headers.authorization ?? ''}` },
      body: '',
    }),
  });
  try {
    const run = await runMain({
      STREAMKAP_BASE_URL: echoing.baseUrl,
      STREAMKAP_TOKEN: echoing.upstream.token,
      STREAMKAP_PIPELINE_ID: echoing.upstream.pipelineId,
    });
    expect(run.code).toBe(2);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /redirects the metrics request \(HTTP 302 to https:\/\/login\.example\.test\/\?echo=Bearer \$STREAMKAP_TOKEN\)/,
    );
    expect(run.errors[0]).not.toContain(echoing.upstream.token);
  } finally {
    await echoing.close();
  }
});
