/**
 * What arrives on the wire before any check reads it: content codings, bytes that are not UTF-8,
 * repeated headers, bodies cut off or far too large, answers that are not well-formed HTTP,
 * interim answers before the final one. A conformant answer in any coding the client asked for
 * passes, after any number of 103s; every other one fails the case with a finding that says what
 * was wrong with the answer, or, cut off or refused, is judged by the end of the run beside the rest.
 */
import { createServer, type Server, type Socket } from 'node:net';
import zlib from 'node:zlib';
import { loadContract } from '../src/contract';
import type { Case, ClientProfile, Verdict } from '../src/model';
import { createRunContext } from '../src/engine/run-context';
import { sendCase } from '../src/engine/send-case';
import { loadSettings } from '../src/settings';
import { allCases } from '../cases';
import { EXIT } from '../src/exit-status';
import { planCases } from '../src/plan';
import type { Behaviour, MetricsRequest } from '../src/reference-server/behaviour';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { runPlanAgainst } from './support/run-against';

const contract = loadContract();
const PIPELINE = '65f0c0ffee0000000000abcd';
const TOKEN = 'transport-edges-token-0001';
const METRICS = Buffer.from(
  JSON.stringify({
    data: { latency: 1, recordsLag: 0, status: 'Active' },
    metadata: { latency: { name: 'Pipeline Latency', unit: 'milliseconds' } },
  }),
);
const acceptCase: Case = { id: 'accept.defaults', title: 'no query parameters', tier: 'accept', tags: [] };

/** One scripted answer: the bytes to write, or a body that stops halfway and drops the connection. */
type Script = (attempt: number) => Buffer | 'cut-off' | Cut;
/** Bytes written, then the connection closed (FIN) or reset (RST) without a word more. */
interface Cut {
  bytes: Buffer;
  then: 'close' | 'reset';
}

function answer(status: number, headers: readonly string[], body: Buffer): Buffer {
  const head = [`HTTP/1.1 ${status} X`, ...headers, `Content-Length: ${body.length}`, 'Connection: close', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const json = (body: Buffer, ...headers: string[]) => answer(200, ['Content-Type: application/json', ...headers], body);

/** A loopback server that writes each request's scripted bytes raw, past anything node:http would refuse to send. */
async function rawServer(script: Script): Promise<{ baseUrl: string; attempts: () => number; close: () => Promise<void> }> {
  let attempts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      head = '';
      attempts += 1;
      const bytes = script(attempts);
      if (Buffer.isBuffer(bytes)) {
        socket.end(bytes);
        return;
      }
      if (bytes !== 'cut-off') {
        socket.write(bytes.bytes, () => setTimeout(() => (bytes.then === 'reset' ? socket.resetAndDestroy() : socket.end()), 20));
        return;
      }
      socket.write(answer(200, ['Content-Type: application/json'], METRICS).subarray(0, -10));
      setTimeout(() => socket.destroy(), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function judgeOnce(script: Script, profile?: ClientProfile): Promise<{ verdict: Verdict; attempts: number }> {
  const server = await rawServer(script);
  const settings = loadSettings({
    STREAMKAP_BASE_URL: server.baseUrl,
    STREAMKAP_TOKEN: TOKEN,
    STREAMKAP_PIPELINE_ID: PIPELINE,
    STREAMKAP_MAX_RPS: '1000',
    STREAMKAP_TIMEOUT_MS: '3000',
  });
  const context = createRunContext({ ...settings, baseUrl: server.baseUrl, pipelineId: PIPELINE }, { contract, retryBaseMs: 5 });
  try {
    return { verdict: await sendCase(context, { testCase: { ...acceptCase, ...(profile && { profile }) } }), attempts: server.attempts() };
  } finally {
    context.close();
    await server.close();
  }
}

test.each<[string, Buffer]>([
  ['gzip', json(zlib.gzipSync(METRICS), 'Content-Encoding: gzip')],
  ['deflate', json(zlib.deflateSync(METRICS), 'Content-Encoding: deflate')],
  ['raw deflate, as some servers send it', json(zlib.deflateRawSync(METRICS), 'Content-Encoding: deflate')],
  ['br', json(zlib.brotliCompressSync(METRICS), 'Content-Encoding: br')],
  ['no coding, with a charset', answer(200, ['Content-Type: application/json; charset=utf-8'], METRICS)],
])('a conformant answer in %s passes', async (_coding, bytes) => {
  const { verdict } = await judgeOnce(() => bytes);
  expect(verdict.findings).toEqual([]);
  expect(verdict.outcome).toBe('passed');
});

test.each<[string, Buffer, string, RegExp]>([
  ['says gzip but is not', json(METRICS, 'Content-Encoding: gzip'), 'body_is_json', /does not decode as its Content-Encoding "gzip" says/],
  [
    'uses a coding the client did not ask for',
    json(METRICS, 'Content-Encoding: zstd'),
    'body_is_json',
    /Content-Encoding "zstd", which the client did not accept/,
  ],
  ['is Latin-1, not UTF-8', json(Buffer.from('{"data":{"status":"caf\xe9"},"metadata":{}}', 'latin1')), 'body_is_json', /not valid UTF-8/],
  ['starts with a byte order mark', json(Buffer.concat([Buffer.from('\uFEFF'), METRICS])), 'body_is_json', /byte order mark/],
  ['has a second Content-Type', json(METRICS, 'Content-Type: text/html'), 'json_labelled_as_json', /"application\/json, text\/html"/],
  ['is a 204 with a body', answer(204, [], Buffer.from('{}')), 'response_received', /not well-formed HTTP/],
  ['is a body of 11 MB', json(Buffer.alloc(11 * 1024 * 1024, 0x20)), 'response_received', /ran past 10485760 bytes/],
])('an answer that %s fails, saying so', async (_what, bytes, check, message) => {
  const { verdict, attempts } = await judgeOnce(() => bytes);
  expect(verdict.outcome).toBe('failed');
  expect(verdict.findings.find((f) => f.check === check)?.message).toMatch(message);
  // What the server chose to send is evidence, not a blip: nothing here is retried.
  expect(attempts).toBe(1);
});

test('a body cut off once is retried like any reset, and the case passes with the retry counted', async () => {
  const { verdict, attempts } = await judgeOnce((attempt) => (attempt === 1 ? 'cut-off' : json(METRICS)));
  expect(verdict.outcome).toBe('passed');
  expect(verdict.retries).toBe(1);
  expect(attempts).toBe(2);
});

/** The head of a 200 JSON answer, with its framing header, and nothing after it. */
const head = (framing: string) => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`, 'latin1');
const chunk = (bytes: Buffer) => Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);

/**
 * Alone, a body cut off every time cannot be judged: the run's end sends it once more beside a
 * request that was answered, and only then is it a finding about its class (body_complete) or,
 * nothing answered either, an outage.
 */
test.each<[string, Script, RegExp]>([
  [
    'stops halfway and closes',
    () => 'cut-off',
    /the 200 answer stopped when its connection closed, before the \d+ bytes its Content-Length announced/,
  ],
  [
    'sends all its JSON under a Content-Length 64 bytes longer, and closes',
    () => ({ bytes: Buffer.concat([head(`Content-Length: ${METRICS.length + 64}`), METRICS]), then: 'close' }),
    new RegExp(`closed, before the ${METRICS.length + 64} bytes its Content-Length announced`),
  ],
  [
    'is chunked and closes before its last chunk',
    () => ({ bytes: Buffer.concat([head('Transfer-Encoding: chunked'), chunk(METRICS)]), then: 'close' }),
    /closed, without the last chunk that ends a chunked body/,
  ],
  [
    'is reset mid-body',
    () => ({ bytes: Buffer.concat([head(`Content-Length: ${METRICS.length}`), METRICS.subarray(0, 10)]), then: 'reset' }),
    /the 200 answer stopped when its connection was reset, before the \d+ bytes/,
  ],
])('a body that %s every time is retried, then left to the end of the run as cut off', async (_what, script, message) => {
  const { verdict, attempts } = await judgeOnce(script);
  expect(verdict.outcome).toBe('errored');
  expect(verdict.error).toMatchObject({ kind: 'target-unavailable', cutOff: true, answered: expect.stringMatching(message) });
  expect(verdict.error?.answered).toMatch(/ after 3 retries$/);
  expect(attempts).toBe(4);
});

test('a connection closed without a byte of an answer is an empty reply, said so, and not a body cut off', async () => {
  const { verdict } = await judgeOnce(() => ({ bytes: Buffer.alloc(0), then: 'close' }));
  expect(verdict.outcome).toBe('errored');
  expect(verdict.error?.answered).toMatch(/^got no answer: the connection closed without one \(an empty reply\) after 3 retries$/);
  expect(verdict.error?.cutOff).toBeUndefined();
});

test('103 Early Hints before the answer, several and with Link fields, are legal and ignored: the final answer is judged', async () => {
  // A client parses any 1xx before the final answer, expected or not (RFC 9110, 15.2): an unasked 100 too.
  const hints = Buffer.from(
    'HTTP/1.1 100 Continue\r\n\r\n' +
      'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n' +
      'HTTP/1.1 103 Early Hints\r\nLink: </app.js>; rel=preload; as=script\r\nLink: <https://cdn.example>; rel=preconnect\r\n\r\n',
    'latin1',
  );
  const passing = await judgeOnce(() => Buffer.concat([hints, json(METRICS)]));
  expect([passing.verdict.outcome, passing.verdict.status, passing.verdict.response?.headers.link]).toEqual(['passed', 200, undefined]);
  // The final answer is what is judged: a 500 after the hints fails as a 500.
  const failing = await judgeOnce(() =>
    Buffer.concat([hints, answer(500, ['Content-Type: application/json'], Buffer.from('{"detail":"x"}'))]),
  );
  expect([failing.verdict.status, failing.verdict.findings.map((f) => f.check)]).toEqual([
    500,
    expect.arrayContaining(['valid_request_accepted']),
  ]);
  expect(passing.attempts + failing.attempts).toBe(2);
});

describe('over a run: a class of request cut off is a finding about it, a target that cuts everything an outage', () => {
  const cutEvery =
    (picks: (request: MetricsRequest) => boolean): Behaviour['finish'] =>
    (answer, request) =>
      picks(request) ? { ...answer, cutAfterBytes: Math.floor(Buffer.byteLength(answer.body) / 2) } : answer;
  const run = async (finish: Behaviour['finish']) => {
    const server = await startReferenceServer({ behaviour: { finish } });
    try {
      return await runPlanAgainst(server, () => ({
        planned: planCases(allCases, { tags: [], limitedTokenConfigured: true }),
        seed: 0,
        generatedRequests: 0,
      }));
    } finally {
      await server.close();
    }
  };

  test('every time_unit=day answer cut off, the rest served: those cases fail body_complete, the run exits 1', async () => {
    const finished = await run(cutEvery((request) => request.query.get('time_unit') === 'day'));
    const failed = finished.verdicts.filter((v) => v.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((v) => !v.request.url.includes('time_unit=day')).map((v) => v.caseId)).toEqual([]);
    expect(failed.flatMap((v) => v.findings.map((f) => f.check))).toEqual(failed.map(() => 'body_complete'));
    expect(failed[0]?.findings[0]?.message).toMatch(/RFC 9112, 6\.3/);
    expect(finished.verdicts.filter((v) => v.outcome === 'errored')).toEqual([]);
    expect(finished.exit.code).toBe(EXIT.contractFailure);
  });

  test('every answer cut off: nothing fails, the run stops as the target unavailable', async () => {
    const finished = await run(cutEvery(() => true));
    expect(finished.verdicts.filter((v) => v.outcome === 'failed').map((v) => v.caseId)).toEqual([]);
    expect(finished.exit.code).toBe(EXIT.couldNotCheck);
    expect(finished.exit.meaning).toMatch(/the target became unavailable: .*sent answers cut off/);
  });
});

describe('content codings as the request negotiated them, per client profile', () => {
  const gzipTwice = zlib.gzipSync(zlib.gzipSync(METRICS));
  test.each<[string, ClientProfile, Buffer, RegExp]>([
    [
      'br to Python requests, which offered gzip and deflate',
      'python-requests',
      json(zlib.brotliCompressSync(METRICS), 'Content-Encoding: br'),
      /Content-Encoding "br", but the request sent Accept-Encoding: gzip, deflate: .*RFC 9110, 12\.5\.3/,
    ],
    ['gzip applied twice, listed once', 'go', json(gzipTwice, 'Content-Encoding: gzip'), /still gzip after undoing .*applied twice/],
    ['gzip bytes with no Content-Encoding', 'go', json(zlib.gzipSync(METRICS)), /gzip bytes with no Content-Encoding/],
    [
      'deflate labelled gzip',
      'python-requests',
      json(zlib.deflateSync(METRICS), 'Content-Encoding: gzip'),
      /does not decode as its Content-Encoding "gzip" says/,
    ],
  ])('%s fails content_coding_as_negotiated, and only it where the JSON can still be read', async (what, profile, bytes, message) => {
    const { verdict } = await judgeOnce(() => bytes, profile);
    expect(verdict.outcome).toBe('failed');
    expect(verdict.findings.find((f) => f.check === 'content_coding_as_negotiated')?.message).toMatch(message);
    // The coding is undone where the client can: the JSON is judged too, and is fine.
    if (!what.startsWith('deflate')) expect(verdict.findings.map((f) => f.check)).toEqual(['content_coding_as_negotiated']);
  });

  test('gzip to Go, which offered it, passes; gzip to curl, which offered nothing, passes with a warning (RFC 9110, 12.5.3 allows it)', async () => {
    const gzip = json(zlib.gzipSync(METRICS), 'Content-Encoding: gzip', 'Vary: Accept-Encoding');
    expect((await judgeOnce(() => gzip, 'go')).verdict).toMatchObject({ outcome: 'passed', warnings: [] });
    const { verdict } = await judgeOnce(() => gzip, 'curl');
    expect(verdict.outcome).toBe('passed');
    expect(verdict.warnings.map((w) => [w.code, w.message])).toEqual([
      ['coding-unrequested', expect.stringMatching(/RFC 9110 \(12\.5\.3\).*curl without --compressed/)],
    ]);
  });
});
