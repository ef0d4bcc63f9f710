/**
 * failures.har: each failing exchange as HAR 1.2, the format browser devtools, Postman and
 * Insomnia import. Headless Chromium cannot import a HAR, so the file is held to the fields the
 * HAR 1.2 specification requires, and to the run's redaction.
 */
import Ajv from 'ajv';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { FailuresHarHandler } from '../../src/handlers/failures-har-handler';
import type { Verdict } from '../../src/model';
import { Redactor } from '../../src/redaction';
import { RUNS_FOLDER } from '../../src/reports/run-folder';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';
import { floatLagFor } from './failing-run';

const nameValues = {
  type: 'array',
  items: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' } } },
};

/** What HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) requires of a log of entries: every field that is not optional. */
const HAR_1_2 = {
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['version', 'creator', 'entries'],
      properties: {
        version: { const: '1.2' },
        creator: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
            properties: {
              startedDateTime: { type: 'string', format: 'date-time' },
              time: { type: 'number', minimum: 0 },
              request: {
                type: 'object',
                required: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'],
                properties: {
                  method: { type: 'string' },
                  url: { type: 'string' },
                  httpVersion: { type: 'string' },
                  cookies: nameValues,
                  headers: nameValues,
                  queryString: nameValues,
                  headersSize: { type: 'integer' },
                  bodySize: { type: 'integer' },
                },
              },
              response: {
                type: 'object',
                required: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'],
                properties: {
                  status: { type: 'integer' },
                  statusText: { type: 'string' },
                  httpVersion: { type: 'string' },
                  cookies: nameValues,
                  headers: nameValues,
                  content: {
                    type: 'object',
                    required: ['size', 'mimeType'],
                    properties: { size: { type: 'integer' }, mimeType: { type: 'string' }, text: { type: 'string' } },
                  },
                  redirectURL: { type: 'string' },
                  headersSize: { type: 'integer' },
                  bodySize: { type: 'integer' },
                },
              },
              cache: { type: 'object' },
              timings: {
                type: 'object',
                required: ['send', 'wait', 'receive'],
                properties: { send: { type: 'number', minimum: 0 }, wait: { type: 'number', minimum: 0 }, receive: { type: 'number', minimum: 0 } },
              },
            },
          },
        },
      },
    },
  },
};

interface HarEntry {
  startedDateTime: string;
  comment?: string;
  request: { url: string; headers: Array<{ name: string; value: string }>; queryString: Array<{ name: string; value: string }> };
  response: { status: number; headers: Array<{ name: string; value: string }>; content: { text?: string } };
}

describe('failures.har', () => {
  let server: ReferenceServer;
  let har: { log: { entries: HarEntry[] } };
  let text: string;
  let failed: Array<{ id: string; status: number }>;
  let run: Awaited<ReturnType<typeof runMain>>;

  beforeAll(async () => {
    const floatLag = floatLagFor('week');
    // A fault (recordsLag 1.5 for weeks), and a server that echoes the credential it was sent in every answer.
    server = await startReferenceServer({
      behaviour: {
        finish: (answer, request) => {
          const broken = floatLag(answer, request);
          return { ...broken, headers: { ...broken.headers, 'x-echo-authorization': request.authorization ?? '' } };
        },
      },
    });
    run = await runMain(['--tag', 'time-units', '--tag', 'generated'], targetEnv(server, { STREAMKAP_GENERATED_REQUESTS: '40', STREAMKAP_SEED: '7' }));
    text = readFileSync(join(run.reportsDir, 'failures.har'), 'utf8');
    har = JSON.parse(text);
    const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')) as {
      cases: Array<{ id: string; verdict: string; tier: string; response?: { status: number } }>;
    };
    failed = summary.cases
      .filter((c) => c.verdict === 'failed' && c.tier !== 'contract')
      .map((c) => ({ id: c.id, status: c.response?.status ?? 0 }));
  });
  afterAll(() => server.close());

  test('holds every field HAR 1.2 requires', () => {
    expect(run.code).toBe(1);
    const ajv = new Ajv({ allErrors: true });
    ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value));
    const valid = ajv.validate(HAR_1_2, har);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('one entry per failing exchange, with its request and its answer', () => {
    expect(failed.length).toBeGreaterThan(0);
    expect(har.log.entries).toHaveLength(failed.length);
    // A generated property's entry is its smallest failing request.
    expect(har.log.entries.filter((entry) => entry.comment?.includes('generated property')).length).toBeGreaterThan(0);
    for (const [i, entry] of har.log.entries.entries()) {
      const url = new URL(entry.request.url);
      expect(entry.request.queryString).toEqual([...url.searchParams].map(([name, value]) => ({ name, value })));
      expect(entry.request.queryString).toContainEqual({ name: 'time_unit', value: 'week' });
      expect(entry.response.status).toBe(failed[i]?.status);
      expect(entry.response.content.text).toContain('"recordsLag":1.5');
      expect(entry.comment).toContain(failed[i]?.id);
    }
  });

  test('no secret: the credential is named by its variable, in the request and in what the server echoed', () => {
    expect(text).not.toContain(server.token);
    for (const entry of har.log.entries) {
      expect(entry.request.headers).toContainEqual({ name: 'Authorization', value: 'Bearer $STREAMKAP_TOKEN' });
      expect(entry.response.headers).toContainEqual({ name: 'x-echo-authorization', value: 'Bearer $STREAMKAP_TOKEN' });
    }
  });

  test('beside the other reports, in the run folder and at the top level, and named on the console', () => {
    const [folder] = readdirSync(join(run.reportsDir, RUNS_FOLDER));
    expect(readFileSync(join(run.reportsDir, RUNS_FOLDER, folder as string, 'failures.har'), 'utf8')).toBe(text);
    expect(run.stdout).toMatch(/^Reports: .*failures\.har/m);
  });
});

test('the run\'s redactor replaces a secret that reaches the HAR, in any field', async () => {
  const token = 'tok_3Xq"9\\zz-LONG-SECRET-VALUE-42';
  const redactor = new Redactor();
  redactor.add(token, '$STREAMKAP_TOKEN');
  const dir = mkdtempSync(join(tmpdir(), 'conformance-har-'));
  const verdict: Verdict = {
    caseId: 'accept.defaults',
    title: 'the defaults',
    tier: 'accept',
    tags: ['smoke'],
    outcome: 'failed',
    warnings: [],
    request: { method: 'GET', url: `http://127.0.0.1:9/pipelines/p/metrics?note=${encodeURIComponent(token)}`, path: '/pipelines/p/metrics', query: [['note', token]] },
    curl: 'curl -sS -i --globoff \'http://127.0.0.1:9/pipelines/p/metrics\' -H "Authorization: Bearer $STREAMKAP_TOKEN"',
    status: 500,
    durationMs: 12,
    retries: 0,
    response: { status: 500, headers: { 'x-echo': `Bearer ${token}` }, body: JSON.stringify({ detail: token }), bodyTruncated: false },
    findings: [{ check: 'not_a_server_error', title: `a 500 quoting ${token}`, message: token }],
  };
  // A generated property that could not be judged shows no request: there is no exchange to share.
  const unshown: Verdict = { ...verdict, caseId: 'generated.valid-accepted', origin: 'property', outcome: 'errored', request: { method: 'GET', url: '', path: '', query: [] }, findings: [] };
  const handler = new FailuresHarHandler({ top: dir, run: dir, release: () => undefined }, redactor);
  await handler.handle({ type: 'case-finished', at: new Date().toISOString(), verdict, done: 1, total: 1, plannedRequests: 1 });
  await handler.handle({
    type: 'run-finished',
    at: new Date().toISOString(),
    run: { startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), exit: { code: 1, outcome: 'failed', meaning: 'failed' }, verdicts: [verdict, unshown], generatedQueries: [], cases: [] },
  });
  const text = readFileSync(join(dir, 'failures.har'), 'utf8');
  expect(JSON.parse(text).log.entries).toHaveLength(1);
  expect(text).not.toContain('LONG-SECRET-VALUE');
  expect(text).toContain('$STREAMKAP_TOKEN');
});
