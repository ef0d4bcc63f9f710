import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Answer, Behaviour, MetricsRequest } from '../../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { type CliRun, everyOutput, runMain } from '../support/run-cli';

const FAST = { STREAMKAP_MAX_RPS: '1000', STREAMKAP_CONCURRENCY: '8' };
/** Where reports cut a body short: a secret straddling a cut must not leave half of itself behind. */
const CUTS = [600, 4000];
/** Where a finding quotes the start of a body that is not JSON. */
const QUOTE_CUT = 60;

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** A body with one secret across each cut, and every echoed value after them. */
function straddlingBody(across: readonly string[], everything: string): string {
  const open = '{"echo":"';
  let text = '';
  CUTS.forEach((cut, i) => {
    const secret = across[i % across.length] as string;
    text += 'x'.repeat(cut - open.length - text.length - Math.floor(secret.length / 2)) + secret;
  });
  return `${open}${text} ${everything}"}`;
}

/**
 * The behaviour of a server that echoes what it was sent and what it knows: the Authorization
 * header and the run's secrets, raw and in base64, in headers and in every body.
 */
function echoing(secrets: () => string[]): Partial<Behaviour> {
  return {
    finish(answer: Answer, request: MetricsRequest): Answer {
      const bearer = request.authorization?.replace(/^\S+\s+/, '') ?? '';
      const echoed = [request.authorization ?? '', bearer, ...secrets()].filter((s) => s !== '');
      const everything = echoed.flatMap((s) => [s, base64(s)]).join(' ');
      const headers = {
        ...answer.headers,
        'x-echo-authorization': request.authorization ?? '',
        'x-echo-secrets': everything,
        'www-authenticate': `Bearer error="invalid_token", error_description="bad token ${bearer}"`,
      };
      if (answer.status === 200) return { status: 200, headers, body: straddlingBody([bearer || everything, ...secrets()], everything) };
      if (answer.status === 401 && bearer !== '') {
        const text = `${'x'.repeat(QUOTE_CUT - Math.floor(bearer.length / 2))}${bearer} ${everything}`;
        return { status: 401, headers: { ...headers, 'content-type': 'text/plain' }, body: text };
      }
      return { status: answer.status, headers, body: JSON.stringify({ detail: `Rejected: ${everything}` }) };
    },
  };
}

/** The secret itself, its base64, and every 12-character piece of it (what a cut would leave). */
function tellTales(secret: string): string[] {
  const pieces = [secret, base64(secret)];
  for (let i = 0; i + 12 <= secret.length; i += 1) pieces.push(secret.slice(i, i + 12));
  return pieces;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every tell-tale of a secret in any output: one pass over each text for all of them, not one per piece (reports run to megabytes). */
function leaks(run: CliRun, secrets: readonly string[]): string[] {
  const anyPiece = new RegExp([...new Set(secrets.flatMap(tellTales))].map(escapeRegExp).join('|'), 'g');
  return everyOutput(run).flatMap(([where, text]) => [...text.matchAll(anyPiece)].map(([piece]) => `${where}: ${piece}`));
}

let servers: ReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('no token, client secret or Authorization value reaches any output, even when the server echoes them', async () => {
  // The echo reads the server's own secrets, which exist once it has started.
  const tokenServer: ReferenceServer = await startReferenceServer({
    behaviour: echoing(() => [tokenServer.token, tokenServer.limitedToken]),
  });
  // A short token life, so that more than one exchanged token passes through the run.
  const exchangeServer: ReferenceServer = await startReferenceServer({
    tokenTtlSeconds: 0.5,
    behaviour: echoing(() => [exchangeServer.secret, exchangeServer.clientId, exchangeServer.limitedToken]),
  });
  servers = [tokenServer, exchangeServer];

  const [tokenRun, exchangeRun] = await Promise.all([
    runMain([], {
      ...FAST,
      STREAMKAP_BASE_URL: tokenServer.baseUrl,
      STREAMKAP_PIPELINE_ID: tokenServer.pipelineId,
      STREAMKAP_TOKEN: tokenServer.token,
      STREAMKAP_LIMITED_TOKEN: tokenServer.limitedToken,
    }),
    runMain([], {
      ...FAST,
      // Slow enough that the run outlives several token lifetimes, coverage phase included.
      STREAMKAP_MAX_RPS: '200',
      STREAMKAP_BASE_URL: exchangeServer.baseUrl,
      STREAMKAP_PIPELINE_ID: exchangeServer.pipelineId,
      STREAMKAP_CLIENT_ID: exchangeServer.clientId,
      STREAMKAP_SECRET: exchangeServer.secret,
      STREAMKAP_LIMITED_TOKEN: exchangeServer.limitedToken,
    }),
  ]);

  // The echoes broke the bodies, so cases failed and their evidence went into every report.
  for (const run of [tokenRun, exchangeRun]) {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(1);
  }
  expect(exchangeServer.issuedTokens.length).toBeGreaterThanOrEqual(2);
  // The echoes reached the reports, as placeholders: this test is not passing for want of them.
  expect(readFileSync(join(tokenRun.reportsDir, 'summary.json'), 'utf8')).toContain('$STREAMKAP_TOKEN');
  expect(readFileSync(join(exchangeRun.reportsDir, 'junit.xml'), 'utf8')).toContain('$STREAMKAP_SECRET');

  expect(leaks(tokenRun, [tokenServer.token, tokenServer.limitedToken])).toEqual([]);
  expect(
    leaks(exchangeRun, [exchangeServer.secret, exchangeServer.clientId, exchangeServer.limitedToken, ...exchangeServer.issuedTokens]),
  ).toEqual([]);
});

test("a first answer that quotes the token across the preflight's cut leaves no part of it in any output", async () => {
  // Every metrics request refused 401 with a text body whose token straddles the quote's cut.
  const refusing: ReferenceServer = await startReferenceServer({
    behaviour: { ...echoing(() => [refusing.token]), authorize: () => 'unauthenticated' },
  });
  servers.push(refusing);
  const run = await runMain(['--tag', 'smoke'], {
    STREAMKAP_BASE_URL: refusing.baseUrl,
    STREAMKAP_PIPELINE_ID: refusing.pipelineId,
    STREAMKAP_TOKEN: refusing.token,
  });
  expect(run.stdout + run.stderr).toMatch(/text that is not JSON, starting "x+\$STREAMKAP_TOKEN/);
  expect(leaks(run, [refusing.token])).toEqual([]);
});

/** Every output in which `secret` stands as a whole token (a short secret inside a word is another word). */
function wholeTokenLeaks(run: CliRun, secret: string): string[] {
  const token = new RegExp(`(?<![\\p{L}\\p{N}_])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u');
  return everyOutput(run)
    .filter(([, text]) => token.test(text))
    .map(([where]) => where);
}

test('a token of three characters is redacted too, wherever the server echoes it', async () => {
  const short = 'Zq7';
  const server = await startReferenceServer({ behaviour: echoing(() => []) });
  servers.push(server);
  const run = await runMain(['--tag', 'auth'], {
    ...FAST,
    STREAMKAP_BASE_URL: server.baseUrl,
    STREAMKAP_PIPELINE_ID: server.pipelineId,
    STREAMKAP_TOKEN: server.token,
    STREAMKAP_LIMITED_TOKEN: short,
  });
  expect(run.stderr).not.toMatch(/internal error/);
  expect([0, 1]).toContain(run.code);
  // The limited case sent it and the server echoed it back: it reached the reports as its name.
  const summary = readFileSync(join(run.reportsDir, 'summary.json'), 'utf8');
  expect(summary).toContain('Bearer $STREAMKAP_LIMITED_TOKEN');
  expect(wholeTokenLeaks(run, short)).toEqual([]);
  expect(leaks(run, [server.token])).toEqual([]);
});

test("a Pushgateway that echoes the request never shows the URL's user or password, in the console or any report", async () => {
  const user = 'pusher';
  const password = 'hunter2-Pw';
  // Long enough that what a cut would leave of it is a tell-tale piece.
  const longPassword = 'hunter2-Pw-long-enough-to-cut';
  const echo = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response.writeHead(400, { 'content-type': 'text/plain' }).end(
        request.url?.includes('straddle')
          ? // The password across the warning's cut of the body (200 characters).
            `${'x'.repeat(200 - Math.floor(longPassword.length / 2))}${longPassword}`
          : `refused ${request.headers.authorization} ${user}:${password} ${password} ${request.method} ${request.url}`,
      ),
    );
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const server = await startReferenceServer();
  servers.push(server);
  try {
    const { port } = echo.address() as AddressInfo;
    const run = await runMain(['--case', 'accept.defaults'], {
      ...FAST,
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_PIPELINE_ID: server.pipelineId,
      STREAMKAP_TOKEN: server.token,
      STREAMKAP_PUSHGATEWAY_URL: `http://${user}:${password}@127.0.0.1:${port}`,
    });
    expect(run.code).toBe(0);
    // The echo came back and was shown, as placeholders.
    expect(run.stderr).toContain(
      'it answered 400: refused Basic (credentials of STREAMKAP_PUSHGATEWAY_URL) (credentials of STREAMKAP_PUSHGATEWAY_URL) (password of STREAMKAP_PUSHGATEWAY_URL) PUT /metrics/job/streamkap_conformance',
    );
    expect(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')).toContain('(password of STREAMKAP_PUSHGATEWAY_URL)');
    expect(leaks(run, [password, `${user}:${password}`])).toEqual([]);
    expect(wholeTokenLeaks(run, user)).toEqual([]);
    const straddled = await runMain(['--case', 'accept.defaults'], {
      ...FAST,
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_PIPELINE_ID: server.pipelineId,
      STREAMKAP_TOKEN: server.token,
      STREAMKAP_PUSHGATEWAY_URL: `http://${user}:${longPassword}@127.0.0.1:${port}/straddle`,
    });
    expect(straddled.stderr).toContain('it answered 400: xxxx');
    expect(leaks(straddled, [longPassword])).toEqual([]);
  } finally {
    echo.closeAllConnections();
    await new Promise((resolve) => echo.close(resolve));
  }
});
