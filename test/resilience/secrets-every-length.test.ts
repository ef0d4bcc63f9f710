import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, bearerToken, type MetricsRequest } from '../../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { everyOutput, runMain } from '../support/run-cli';

/**
 * Tokens of every length from 1 to 8, with regular-expression marks and characters that every
 * encoding changes. The shortest cannot be kept out of the reports and are refused as settings;
 * every other is sent, echoed back by the server in every encoding, and must show nowhere.
 */
const TOKENS = ['\\', '$1', '$1(', 'a.b*', 'Zq7^|', `x"<&'/`, 'T\\+=%2B', 'a+b/c=d?'];
const REFUSED_BELOW = 3;

/** Encodings as echoing servers and reports apply them, written here apart from the redactor's own. */
const json = (text: string) => JSON.stringify(text).slice(1, -1);
const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const numericHtml = (text: string) => text.replace(/[^A-Za-z0-9]/g, (c) => `&#${c.charCodeAt(0)};`);
const percent = (text: string) => encodeURIComponent(text);
const lowerPercent = (text: string) => percent(text).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
const form = (text: string) => new URLSearchParams({ q: text }).toString().slice(2);
const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every spelling of a token an output could hold. */
const spellings = (token: string): string[] => [
  ...new Set([
    token,
    json(token),
    json(json(token)),
    html(token),
    html(json(token)),
    numericHtml(token),
    percent(token),
    lowerPercent(token),
    form(token),
    base64(token),
    base64url(token),
  ]),
];

/**
 * A server that echoes each request everywhere: the Authorization value and the query in header
 * values, in every body (the refusals' text, 422 details, a 200 that is no longer metrics), raw,
 * JSON-escaped, HTML-escaped, percent-encoded and in base64. It grants `token`, forbids `limited`.
 */
async function echoingServer(token: string, limited: string): Promise<ReferenceServer & { received: Set<string> }> {
  const received = new Set<string>();
  const server = await startReferenceServer({
    behaviour: {
      authorize(authorization) {
        const sent = bearerToken(authorization);
        if (sent === token) return 'granted';
        return sent === limited ? 'forbidden' : 'unauthenticated';
      },
      finish(answer: Answer, request: MetricsRequest): Answer {
        const authorization = request.authorization ?? '';
        if (authorization !== '') received.add(authorization);
        const echoes = [
          authorization,
          html(authorization),
          numericHtml(authorization),
          percent(authorization),
          lowerPercent(authorization),
          form(authorization),
          base64(authorization),
          base64url(authorization),
          JSON.stringify(authorization),
        ].join(' ');
        const headers = {
          ...answer.headers,
          'x-echo-authorization': authorization,
          'x-echo-encoded': `${percent(authorization)} ${base64(authorization)}`,
          'x-echo-query': `${request.rawQuery}&echo=${form(authorization)}`,
          'www-authenticate': `Bearer error="invalid_token", error_description="${html(authorization)}"`,
        };
        if (answer.status === 401) return { status: 401, headers: { ...headers, 'content-type': 'text/plain' }, body: `refused ${echoes}` };
        if (answer.status === 422) {
          const detail = [{ loc: ['query', request.rawQuery], msg: `invalid with ${echoes}`, input: authorization }];
          return { status: 422, headers, body: JSON.stringify({ detail }) };
        }
        return { status: answer.status, headers, body: JSON.stringify({ detail: `seen ${echoes}`, query: request.rawQuery }) };
      },
    },
  });
  return Object.assign(server, { received });
}

const servers: ReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test.each(TOKENS.filter((token) => token.length >= REFUSED_BELOW).map((token) => [token.length, token]))(
  'a token of %i characters (%s), echoed in every encoding, shows in no output',
  async (_length, token) => {
    // The limited token is the token backwards, the same length and as awkward.
    const limited = [...token].reverse().join('');
    const server = await echoingServer(token, limited);
    servers.push(server);
    const reportsDir = mkdtempSync(join(tmpdir(), 'conformance-reports-'));
    const run = await runMain(['--tag', 'auth', '--verbose'], {
      STREAMKAP_MAX_RPS: '1000',
      STREAMKAP_CONCURRENCY: '8',
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_PIPELINE_ID: server.pipelineId,
      STREAMKAP_TOKEN: token,
      STREAMKAP_LIMITED_TOKEN: limited,
      // The history too sits among the files scanned.
      STREAMKAP_REPORTS_DIR: reportsDir,
      STREAMKAP_HISTORY_FILE: join(reportsDir, 'history.json'),
    });
    expect(run.stderr).not.toMatch(/internal error/);
    // The echoes broke the bodies, so failures and their evidence went into every report.
    expect(run.code).toBe(1);
    // Among what the server got: the token after a tab (the credential row that leaked), and the limited token.
    expect(server.received).toContain(`Bearer\t${token}`);
    expect(server.received).toContain(`Bearer ${limited}`);
    // The echoes reached the reports, as placeholders: this test is not passing for want of them.
    const summary = readFileSync(join(run.reportsDir, 'summary.json'), 'utf8');
    expect(summary).toContain('Bearer\\t$STREAMKAP_TOKEN');
    expect(summary).toContain('Bearer $STREAMKAP_LIMITED_TOKEN');
    // Every encoding of the echo was found: the refusal of `Token <token>` quotes each as the placeholder
    // (in the base64 of a long token, `Token ` before it and at most a character of bits shared with the padding after it).
    const placeholder = '$STREAMKAP_TOKEN';
    const header = `Token ${placeholder}`;
    const spaced = (space: string) => header.replace(' ', space);
    const quoted = ['refused', header, header, spaced('&#32;'), spaced('%20'), spaced('%20'), spaced('+')].map((part) =>
      escapeRegExp(json(part)),
    );
    const inBase64 = `(?:VG9rZW4g)?${escapeRegExp(placeholder)}[A-Za-z0-9+/=_-]{0,3}`;
    const refusal = [...quoted, inBase64, inBase64, escapeRegExp(json(JSON.stringify(header)))].join(' ');
    expect(summary).toMatch(new RegExp(refusal));

    const tellTales = [
      ...spellings(token),
      ...spellings(limited),
      ...[...server.received]
        .filter((authorization) => authorization.includes(token) || authorization.includes(limited))
        .flatMap((authorization) => [base64(authorization), base64url(authorization)]),
    ];
    const leaks = everyOutput(run).flatMap(([where, text]) =>
      tellTales.filter((spelling) => text.includes(spelling)).map((spelling) => `${where}: ${spelling}`),
    );
    expect(leaks).toEqual([]);
  },
);

describe('a secret shorter than 3 characters is refused before anything is sent', () => {
  const [one, two] = TOKENS.filter((token) => token.length < REFUSED_BELOW) as [string, string];
  test.each([
    ['STREAMKAP_TOKEN', { STREAMKAP_TOKEN: one }],
    ['STREAMKAP_TOKEN', { STREAMKAP_TOKEN: two }],
    ['STREAMKAP_LIMITED_TOKEN', { STREAMKAP_TOKEN: 'a-long-enough-token', STREAMKAP_LIMITED_TOKEN: two }],
    ['STREAMKAP_SECRET', { STREAMKAP_CLIENT_ID: 'client-1', STREAMKAP_SECRET: one }],
    ['STREAMKAP_PUSHGATEWAY_URL', { STREAMKAP_TOKEN: 'a-long-enough-token', STREAMKAP_PUSHGATEWAY_URL: 'http://pusher:%24@127.0.0.1:9' }],
  ])('%s: exit 2 naming the setting, and not one request', async (setting, secrets) => {
    const server = await echoingServer('a-long-enough-token', 'a-limited-token');
    servers.push(server);
    const run = await runMain(['--tag', 'smoke'], {
      STREAMKAP_BASE_URL: server.baseUrl,
      STREAMKAP_PIPELINE_ID: server.pipelineId,
      ...secrets,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${setting}`);
    expect(run.stderr).toMatch(/shorter than 3 characters \(its value is not shown\)/);
    expect(server.received.size).toBe(0);
  });

  test('a token endpoint that issues one: exit 2 naming STREAMKAP_TOKEN_URL, and the token is never sent', async () => {
    let metricsRequests = 0;
    const issuer = createServer((request, response) => {
      request.resume();
      if (request.url?.endsWith('/auth/access-token')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accessToken: two, expiresIn: 3600 }));
        return;
      }
      metricsRequests += 1;
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: `seen ${request.headers.authorization}` }));
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    try {
      const run = await runMain(['--tag', 'smoke'], {
        STREAMKAP_BASE_URL: `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`,
        STREAMKAP_PIPELINE_ID: 'pipeline-1',
        STREAMKAP_CLIENT_ID: 'client-1',
        STREAMKAP_SECRET: 'secret-1',
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('STREAMKAP_TOKEN_URL');
      expect(run.stderr).toMatch(/issued an accessToken shorter than 3 characters/);
      expect(metricsRequests).toBe(0);
    } finally {
      issuer.closeAllConnections();
      await new Promise((resolve) => issuer.close(resolve));
    }
  });
});
