import { brotliCompressSync, gzipSync } from 'node:zlib';
import { codingOffered } from '../../src/http/negotiation';
import { jsonAnswer, referenceBehaviour } from '../../src/reference-server/behaviour';
import { type ParameterParsers, strictParsers, timestampsParsedBy } from '../../src/reference-server/query-validation';
import { parseRfc3339 } from '../../src/reference-server/rfc3339';
import {
  bodyText,
  type Finish,
  type JsonObject,
  type MetricsBody,
  metricsWith,
  onStatus,
  withHeaders,
  withJson,
  withValidationItems,
} from './answer-rewrites';
import { lenientTimestamp } from './lenient-date-parser';
import type { ConformantServer, Evidence } from './server-variant';

/**
 * Servers that use the contract's freedoms, each the reference server with one behaviour hook or
 * one option changed. The suite must pass every one of them: a red case here is a false alarm.
 */

const INT64_MAX = 2n ** 63n - 1n;

const answeredWith = (caseId: string, status: number): Evidence => ({
  caseId,
  shows: `status ${status}`,
  holds: (v) => v.status === status,
});

const bodyMatches = (caseId: string, pattern: RegExp): Evidence => ({
  caseId,
  shows: `a body matching ${pattern}`,
  holds: (v) => pattern.test(v.response?.body ?? ''),
});

const headerMatches = (caseId: string, name: string, pattern: RegExp): Evidence => ({
  caseId,
  shows: `a ${name} header matching ${pattern}`,
  holds: (v) => pattern.test(v.response?.headers[name] ?? ''),
});

/** The client decompresses before the engine sees the body, so only the wire length gives compression away. */
const sentCompressed = (caseId: string): Evidence => ({
  caseId,
  shows: 'a Content-Length shorter than the decoded body',
  holds: (v) => Number(v.response?.headers['content-length']) < Buffer.byteLength(v.response?.body ?? ''),
});

/** Every answer in `encoding` for a request that offers it (as nginx and Starlette's middleware do), else as it was. */
const compressed =
  (encoding: string, compress: (body: Buffer) => Buffer): Finish =>
  (answer, request) =>
    request.acceptEncoding !== undefined && codingOffered(request.acceptEncoding, encoding)
      ? {
          ...answer,
          headers: { ...answer.headers, 'content-encoding': encoding, vary: 'Accept-Encoding' },
          body: compress(Buffer.from(answer.body)),
        }
      : { ...answer, headers: { ...answer.headers, vary: 'Accept-Encoding' } };

/** Fields the contract does not name, at every level where its schemas allow them. */
const withExtraFields: Finish = (answer, request) => {
  if (answer.status === 200) {
    return withJson((body) => {
      const { data, metadata } = body as unknown as MetricsBody;
      return {
        ...body,
        pipelineId: request.pipelineId,
        generatedAt: new Date().toISOString(),
        data: { ...data, throughput: 1250.5, connectors: ['source-1', 'destination-1'] },
        metadata: {
          ...metadata,
          latency: { ...metadata.latency, description: 'End-to-end latency of the slowest connector' },
          throughput: { name: 'Throughput', unit: 'events/s' },
        },
      };
    })(answer, request);
  }
  if (answer.status === 422) {
    const withUrls = withValidationItems((item) => ({
      ...item,
      url: `https://errors.pydantic.dev/2.9/v/${item.type}`,
      ctx: { ...item.ctx, source: 'query' },
    }));
    return withJson((body: JsonObject) => ({ ...body, title: 'Validation Error' }))(withUrls(answer, request), request);
  }
  return withJson((body) => ({ ...body, code: `E${answer.status}`, requestId: 'req-7f3a9c' }))(answer, request);
};

/** The strict parsers, with a time_interval that is an integer but that `refused` picks out refused as a 422. */
const timeIntervalRefusing = (
  refused: (value: bigint) => boolean,
  type: string,
  msg: string,
  ctx?: Record<string, unknown>,
): ParameterParsers => ({
  ...strictParsers,
  time_interval: (raw) => {
    const parsed = strictParsers.time_interval(raw);
    return parsed.ok && refused(parsed.value) ? { ok: false, type, msg, ...(ctx && { ctx }) } : parsed;
  },
});

const refusesReversedWindow: Finish = (answer, request) => {
  const from = parseRfc3339(request.query.get('timestamp_from') ?? '');
  const to = parseRfc3339(request.query.get('timestamp_to') ?? '');
  return answer.status === 200 && from && to && from > to
    ? jsonAnswer(400, { detail: 'timestamp_from must not be after timestamp_to' })
    : answer;
};

export const conformantServers: readonly ConformantServer[] = [
  { name: 'the reference server', description: 'the reference server as it is', options: {}, evidence: [] },
  {
    name: 'metrics as strings',
    description: 'latency, recordsLag and status are all strings',
    options: {
      behaviour: { metrics: metricsWith((body) => ({ ...body, data: { latency: '41.5', recordsLag: '12', status: 'Active' } })) },
    },
    evidence: [bodyMatches('accept.defaults', /"recordsLag":"12"/)],
  },
  {
    name: 'metrics as nulls',
    description: 'latency, recordsLag and status are all null (no data yet)',
    options: { behaviour: { metrics: metricsWith((body) => ({ ...body, data: { latency: null, recordsLag: null, status: null } })) } },
    evidence: [bodyMatches('accept.defaults', /"recordsLag":null/)],
  },
  {
    name: 'empty data and metadata',
    description: 'data and metadata are both {}',
    options: { behaviour: { metrics: metricsWith(() => ({ data: {}, metadata: {} })) } },
    evidence: [bodyMatches('accept.defaults', /^\{"data":\{\},"metadata":\{\}\}$/)],
  },
  {
    name: 'pretty-printed JSON',
    description: 'every body is indented over several lines, as a framework in debug mode writes it',
    options: { behaviour: { finish: (answer) => ({ ...answer, body: JSON.stringify(JSON.parse(bodyText(answer)), null, 2) }) } },
    evidence: [bodyMatches('accept.defaults', /^\{\n {2}"data": \{\n/)],
  },
  {
    name: 'integers written 7.0 and 1e2',
    description: 'recordsLag is written 7.0 and latency 1e2: JSON numbers whose values are integers, as JSON Schema counts them',
    options: {
      behaviour: {
        finish: onStatus(200, (answer) => ({
          ...answer,
          body: bodyText(answer)
            .replace(/"recordsLag":\s*\d+/, '"recordsLag":7.0')
            .replace(/"latency":\s*[\d.]+/, '"latency":1e2'),
        })),
      },
    },
    evidence: [bodyMatches('accept.defaults', /"recordsLag":7\.0/)],
  },
  {
    name: 'extra fields everywhere',
    description: 'every body carries fields the contract does not name, wherever its schemas allow them',
    options: { behaviour: { finish: withExtraFields } },
    evidence: [
      bodyMatches('accept.defaults', /"throughput":\{"name"/),
      bodyMatches('reject.time-unit.unknown', /"url":"https:\/\/errors\.pydantic\.dev/),
      bodyMatches('auth.missing', /"requestId"/),
    ],
  },
  {
    name: '403 for missing auth',
    description: "a request without Authorization gets 403, as FastAPI's HTTPBearer answers",
    options: {
      behaviour: {
        authorize: (authorization, tokens) =>
          authorization === undefined ? 'forbidden' : referenceBehaviour.authorize(authorization, tokens),
      },
    },
    evidence: [answeredWith('auth.missing', 403)],
  },
  {
    name: '403 for every refusal',
    description: 'every request without a usable grant gets 403',
    options: {
      behaviour: {
        authorize: (authorization, tokens) => (referenceBehaviour.authorize(authorization, tokens) === 'granted' ? 'granted' : 'forbidden'),
      },
    },
    evidence: [answeredWith('auth.garbage-token', 403), answeredWith('auth.wrong-scheme', 403)],
  },
  {
    name: 'refusals as problem details',
    description: 'refusals carry RFC 9457 fields: type, title, status and detail',
    options: {
      behaviour: {
        finish: onStatus(
          [401, 403],
          withJson((body) => ({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: body.detail })),
        ),
      },
    },
    evidence: [bodyMatches('auth.missing', /"status":401/)],
  },
  {
    name: 'refusals in an envelope',
    description: 'refusals carry a JSend-like envelope: {"status": "error", "data": null, "detail": ...}',
    options: {
      behaviour: {
        finish: onStatus(
          [401, 403],
          withJson((body) => ({ status: 'error', data: null, detail: body.detail })),
        ),
      },
    },
    evidence: [bodyMatches('auth.limited-token', /"data":null/)],
  },
  {
    name: 'lenient date parser',
    description: 'timestamps parsed as pydantic does: no offset, date only, a space for T and unix time accepted',
    options: { behaviour: { parsers: timestampsParsedBy(lenientTimestamp) } },
    evidence: [
      answeredWith('boundary.timestamp-from.no-offset', 200),
      answeredWith('boundary.timestamp-from.date-only', 200),
      answeredWith('boundary.timestamp-from.space-separator', 200),
      answeredWith('boundary.timestamp-from.unix-epoch', 200),
      answeredWith('boundary.timestamp-to.no-offset', 200),
    ],
  },
  {
    name: 'time_interval must be positive',
    description: '0 and negative time_interval are refused with a 422 (greater_than)',
    options: {
      behaviour: { parsers: timeIntervalRefusing((value) => value < 1n, 'greater_than', 'Input should be greater than 0', { gt: 0 }) },
    },
    evidence: [answeredWith('boundary.time-interval.zero', 422), answeredWith('boundary.time-interval.negative', 422)],
  },
  {
    name: 'time_interval within 64 bits',
    description: 'a time_interval beyond 64 bits is refused with a 422',
    options: {
      behaviour: {
        parsers: timeIntervalRefusing(
          (value) => value > INT64_MAX,
          'int_parsing_size',
          'Unable to parse input string as an integer, exceeded maximum size',
        ),
      },
    },
    evidence: [answeredWith('boundary.time-interval.huge', 422)],
  },
  {
    name: 'reversed window refused',
    description: 'timestamp_from after timestamp_to gets a 400 with a detail message',
    options: { behaviour: { finish: refusesReversedWindow } },
    evidence: [answeredWith('boundary.window.reversed', 400)],
  },
  {
    name: 'validation errors as 400',
    description: 'invalid parameters get the documented 400 with a detail string instead of a 422',
    options: { behaviour: { finish: onStatus(422, () => jsonAnswer(400, { detail: 'Invalid parameters' })) } },
    evidence: [answeredWith('reject.time-unit.unknown', 400)],
  },
  {
    name: '404 detail an object',
    description: 'an unknown pipeline gets 404 with a structured detail object',
    options: {
      behaviour: {
        finish: onStatus(
          404,
          withJson((body) => ({ detail: { message: body.detail, code: 'PIPELINE_NOT_FOUND' } })),
        ),
      },
    },
    evidence: [bodyMatches('pipeline.missing', /"code":"PIPELINE_NOT_FOUND"/)],
  },
  {
    name: 'charset in Content-Type',
    description: 'every answer says application/json; charset=utf-8',
    options: { behaviour: { finish: withHeaders({ 'content-type': 'application/json; charset=utf-8' }) } },
    evidence: [headerMatches('accept.defaults', 'content-type', /charset=utf-8/)],
  },
  {
    name: 'private caching',
    description: 'every answer says Cache-Control: private, max-age=60: a browser may keep it, no shared cache may',
    options: { behaviour: { finish: withHeaders({ 'cache-control': 'private, max-age=60' }) } },
    evidence: [headerMatches('accept.defaults', 'cache-control', /^private/)],
  },
  {
    name: 'public caching keyed by the credential',
    description: 'every answer says Cache-Control: public, max-age=60 and Vary: Authorization: a shared cache keys it by the credential',
    options: { behaviour: { finish: withHeaders({ 'cache-control': 'public, max-age=60', vary: 'Accept-Encoding, Authorization' }) } },
    evidence: [headerMatches('accept.defaults', 'vary', /Authorization/)],
  },
  {
    name: 'no-store with must-revalidate',
    description: 'every answer says Cache-Control: no-cache, no-store, must-revalidate, as many frameworks send',
    options: { behaviour: { finish: withHeaders({ 'cache-control': 'no-cache, no-store, must-revalidate' }) } },
    evidence: [headerMatches('accept.defaults', 'cache-control', /no-store/)],
  },
  {
    name: 'Content-Type in upper case',
    description: 'every answer says APPLICATION/JSON;Charset="UTF-8" (media types are case-insensitive)',
    options: { behaviour: { finish: withHeaders({ 'content-type': 'APPLICATION/JSON;Charset="UTF-8"' }) } },
    evidence: [headerMatches('accept.defaults', 'content-type', /^APPLICATION\/JSON/)],
  },
  {
    name: 'gzip responses',
    description: 'every answer to a request that offers gzip is gzip-compressed with Content-Encoding: gzip',
    options: { behaviour: { finish: compressed('gzip', gzipSync) } },
    evidence: [sentCompressed('accept.defaults'), sentCompressed('reject.time-unit.unknown')],
  },
  {
    name: 'brotli responses',
    description: 'every answer to a request that offers br is brotli-compressed with Content-Encoding: br',
    options: { behaviour: { finish: compressed('br', brotliCompressSync) } },
    evidence: [sentCompressed('accept.defaults'), sentCompressed('reject.time-unit.unknown')],
  },
  {
    name: 'Connection: close',
    description: 'the server closes the connection after every answer',
    options: { behaviour: { finish: withHeaders({ connection: 'close' }) } },
    evidence: [headerMatches('accept.defaults', 'connection', /^close$/)],
  },
  {
    name: 'API under /api',
    description: 'the API is mounted under the path prefix /api',
    options: { prefix: '/api' },
    evidence: [
      {
        caseId: 'accept.defaults',
        shows: 'a request URL under /api/',
        holds: (v) => new URL(v.request.url).pathname.startsWith('/api/pipelines/'),
      },
    ],
  },
  {
    name: 'API under /gateway/v1',
    description: 'the API is mounted two path segments deep',
    options: { prefix: '/gateway/v1' },
    evidence: [
      {
        caseId: 'accept.defaults',
        shows: 'a request URL under /gateway/v1/',
        holds: (v) => new URL(v.request.url).pathname.startsWith('/gateway/v1/pipelines/'),
      },
    ],
  },
  {
    name: '100 ms latency',
    description: 'every metrics answer takes 100 ms',
    options: { latencyMs: 100 },
    // Timers may fire a millisecond early; 95 ms still tells a delayed answer from a prompt one.
    evidence: [{ caseId: 'accept.defaults', shows: 'an answer after about 100 ms', holds: (v) => v.durationMs >= 95 }],
    // Every case in flight at once keeps the run near one round trip.
    settings: { concurrency: 64 },
  },
];
