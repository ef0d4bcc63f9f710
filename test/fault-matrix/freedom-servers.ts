import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { acceptAdmitsJson, codingOffered } from '../../src/http/negotiation';
import { documentedMetrics, jsonAnswer, mirroredHead, type Behaviour } from '../../src/reference-server/behaviour';
import { withValidators } from '../../src/reference-server/validators';
import {
  type ParameterParser,
  parseMetricsQuery,
  strictParsers,
  strictTimestamp,
  timestampsParsedBy,
} from '../../src/reference-server/query-validation';
import { onStatus, withHeaders, withJson, rawPairs } from './answer-rewrites';
import { fromParsed } from './generation-conformant-servers';
import type { ConformantServer, Evidence } from './server-variant';

/**
 * A freedom server, and the coverage rows its one hook can answer differently from the reference
 * (all when unset). A hook on refusals (401, 403) or on the pipeline lookup changes nothing a row
 * with the run's token for the configured pipeline gets, so those rows would only repeat the
 * reference server's run.
 */
export interface FreedomServer extends ConformantServer {
  reach?: RegExp;
  /** Rows the freedom leaves nothing to send (no validators to send back): each must be skipped, saying why, never passed. */
  skips?: RegExp;
}

/** Rows that send no credential, another one, or a respelled one: what an authorize or 401/403 hook can change. */
const CREDENTIAL_ROWS = /^generated\.coverage\.(auth|credential|repeat|refusal-order)\./;
const PIPELINE_ROWS = /^generated\.coverage\.(pipeline|pipeline-id|refusal-order)\./;
/** Rows that send a case's request again: what a HEAD or validators hook can change. */
const HEAD_ROWS = /^generated\.coverage\.(head|repeat)\./;
const CONDITIONAL_ROWS = /^generated\.coverage\.(conditional|repeat)\./;
/** Rows whose raw query has a name without `=`, a `;` or empty pairs: what a hook reading the raw query can change. */
const SYNTAX_ROWS = /^generated\.coverage\.query-syntax\./;
/** Rows with an empty value, or a name without `=`: what a hook on empty values can change. */
const EMPTY_VALUE_ROWS = /^generated\.coverage\.(query-syntax\.|[a-z_]+\.empty$)/;
/** Rows that send each client's headers, and what follows a first answer (HEAD, validators sent back, repetition). */
const NEGOTIATION_ROWS = /^generated\.coverage\.(profile|negotiation|head|conditional|repeat)\./;
/** Rows whose request target is over 8000 octets. */
const LONG_ROWS = /^generated\.coverage\.size\./;
/**
 * Every request-dimension row: the whole exchange (methods, validators, profiles, sizes, syntax,
 * credentials, ids). A freedom of HTTP's framing, connections or caching treats every answer alike,
 * whatever its query's values; these rows vary everything else an answer's framing could meet.
 */
export const EXCHANGE_ROWS =
  /^generated\.coverage\.(capacity|conditional|credential|extreme-instant|head|negotiation|pipeline-id|profile|query-shape|query-spelling|query-syntax|refusal-order|repeat|size)\./;

/**
 * Servers that use the contract's freedoms (refusal order, capacity, spellings), and the legitimate spellings of a credential and a
 * query: which refusal comes first, capacity limits, other spellings of a valid value, repeated
 * and unknown parameters, a strict reading of the Bearer syntax, ids read case-insensitively. Each
 * changes one behaviour hook; the whole suite (tables, coverage, random phase at several seeds)
 * must stay green against each, and the evidence shows the freedom was used.
 */

const answeredWith = (caseId: string, status: number): Evidence => ({
  caseId: `generated.coverage.${caseId}`,
  shows: `status ${status}`,
  holds: (v) => v.status === status,
});

/** The row's answer came with this Content-Encoding (none: undefined). */
const codedAs = (caseId: string, coding: string | undefined): Evidence => ({
  caseId: `generated.coverage.${caseId}`,
  shows: coding === undefined ? 'no Content-Encoding' : `Content-Encoding: ${coding}`,
  holds: (v) => v.response?.headers['content-encoding'] === coding,
});

const labelledAs = (caseId: string, pattern: RegExp): Evidence => ({
  caseId: `generated.coverage.${caseId}`,
  shows: `a Content-Type matching ${pattern}`,
  holds: (v) => pattern.test(v.response?.headers['content-type'] ?? ''),
});

const CODERS: Readonly<Record<string, (body: Buffer) => Buffer>> = { br: brotliCompressSync, gzip: gzipSync, deflate: deflateSync };

/** Every answer in the first of `preferred` the request offers, with Vary: Accept-Encoding; uncoded when it offers none of them. */
const codedWhereOffered =
  (preferred: readonly string[]): Behaviour['finish'] =>
  (answer, request) => {
    const coding = preferred.find((c) => request.acceptEncoding !== undefined && codingOffered(request.acceptEncoding, c));
    const headers = { ...answer.headers, vary: 'Accept-Encoding' };
    const code = coding === undefined ? undefined : CODERS[coding];
    return coding === undefined || code === undefined
      ? { ...answer, headers }
      : { ...answer, headers: { ...headers, 'content-encoding': coding }, body: code(Buffer.from(answer.body)) };
  };

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };

/** The window a query asks for, with the documented defaults (24 hours up to now). */
function windowOf(query: URLSearchParams): { from: number; to: number } {
  const read = (name: string): number | undefined => {
    const raw = query.get(name);
    const parsed = raw === null ? undefined : strictTimestamp(raw);
    return parsed?.ok ? parsed.value.getTime() : undefined;
  };
  const to = read('timestamp_to') ?? Date.now();
  return { from: read('timestamp_from') ?? Date.now() - DAY_MS, to };
}

/** Refuses a served request when `refused` says so, with a documented 400 `{"detail": ...}`. */
const refuseServed = (refused: (query: URLSearchParams) => string | undefined): Behaviour['finish'] =>
  onStatus(200, (answer, request) => {
    const why = refused(request.query);
    return why === undefined ? answer : jsonAnswer(400, { detail: why });
  });

/** time_interval through float(): any decimal numeral with an integer value. */
const floatInterval = fromParsed((raw) => {
  const value = Number(raw.trim());
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) && Number.isInteger(value) ? BigInt(value) : undefined;
}, 'int_from_float');

/** Date-times as an ISO 8601 reader takes them: white space around, an empty fraction, seconds in the offset. */
const isoTimestamp = fromParsed((raw) => {
  const text = raw
    .trim()
    .replace(/(\d)\.(?=[Z+-]|$)/, '$1')
    .replace(/([+-]\d{2}:\d{2}):00$/, '$1');
  const parsed = strictTimestamp(text);
  return parsed.ok ? parsed.value : undefined;
}, 'datetime_parsing');

/** The reference's query handling, reading the first value of a repeated parameter instead of the last. */
const firstValueWins: Behaviour['finish'] = onStatus([200, 422], (_answer, request) => {
  const first = new URLSearchParams();
  for (const name of new Set(request.query.keys())) first.set(name, request.query.get(name) ?? '');
  const parsed = parseMetricsQuery(first, strictParsers, new Date());
  return parsed.ok ? jsonAnswer(200, documentedMetrics(parsed.value)) : jsonAnswer(422, { detail: parsed.errors });
});

const KNOWN = ['time_unit', 'time_interval', 'timestamp_from', 'timestamp_to'];

const hasBareName = (rawQuery: string): boolean => rawPairs(rawQuery).some((pair) => pair !== '' && !pair.includes('='));

/**
 * The reference's query handling over the raw query as `rewrite` reads it (another framework's
 * parser); a query it leaves as it was keeps the reference's own answer, whatever it was.
 */
const readingQueryAs = (rewrite: (rawQuery: string) => string): Behaviour['finish'] =>
  onStatus([200, 422], (answer, request) => {
    const rewritten = rewrite(request.rawQuery);
    if (rewritten === request.rawQuery) return answer;
    const parsed = parseMetricsQuery(new URLSearchParams(rewritten), strictParsers, new Date());
    return parsed.ok ? jsonAnswer(200, documentedMetrics(parsed.value)) : jsonAnswer(422, { detail: parsed.errors });
  });

/** Spring's `@RequestParam(defaultValue = ...)`: an empty value is the parameter's default, as if absent. */
const emptyIsDefault =
  <T>(parser: ParameterParser<T>, fallback: () => T): ParameterParser<T> =>
  (raw) =>
    raw === '' ? { ok: true, value: fallback() } : parser(raw);

/** A count the server keeps of what it did, shown as evidence: a freedom the run never met proves nothing. */
function tally(what: string): { add: () => void; evidence: Evidence } {
  let count = 0;
  return {
    add: () => (count += 1),
    evidence: { caseId: 'accept.defaults', shows: `${what} sent during the run`, holds: () => count > 0 },
  };
}

/** Early Hints (RFC 8297) of the kind a CDN sends ahead of a page, two of them before each answer. */
const EARLY_HINTS = [
  { link: '</openapi.json>; rel=preload; as=fetch' },
  { link: ['<https://cdn.example>; rel=preconnect', '</docs>; rel=prefetch'] },
];
const hintsSent = tally('103 Early Hints');

/** Every few answers say `Connection: close`, and the server closes: the client opens a new connection for the next. */
const CLOSE_EVERY = 3;
let answersSinceClose = 0;
const closesSent = tally('Connection: close');

/** Now and then a 503 or a 429 whose Retry-After is an HTTP-date (RFC 9110, 10.2.3), of a moment already come. */
const UNAVAILABLE_EVERY = 7;
let answersSinceUnavailable = 0;
const unavailableSent = tally('429 and 503 answers with Retry-After as an HTTP-date');

export const freedomServers: readonly FreedomServer[] = [
  // HTTP itself: interim answers, connections, framing, retries, caching.
  {
    name: '103 Early Hints before every answer',
    reach: EXCHANGE_ROWS,
    description:
      'two 103 Early Hints with Link fields go out before every metrics answer, as a CDN that preloads sends them (RFC 8297): interim answers a client ignores',
    options: {
      behaviour: {
        finish: (answer) => {
          hintsSent.add();
          return { ...answer, earlyHints: EARLY_HINTS };
        },
      },
    },
    evidence: [hintsSent.evidence],
  },
  {
    name: `Connection: close every ${CLOSE_EVERY} answers`,
    reach: EXCHANGE_ROWS,
    description: `every ${CLOSE_EVERY}rd answer says Connection: close and the server closes that connection (RFC 9112, 9.6): the client opens another, and it is no fault`,
    options: {
      behaviour: {
        finish: (answer, request) => {
          answersSinceClose = (answersSinceClose + 1) % CLOSE_EVERY;
          if (answersSinceClose !== 0) return answer;
          closesSent.add();
          return withHeaders({ connection: 'close' })(answer, request);
        },
      },
    },
    evidence: [closesSent.evidence],
  },
  {
    name: 'chunked answers',
    reach: EXCHANGE_ROWS,
    description: 'every answer is sent with Transfer-Encoding: chunked and no Content-Length (RFC 9112, 7.1), as a streaming server does',
    options: { behaviour: { finish: (answer) => ({ ...answer, chunked: true }) } },
    evidence: [
      {
        caseId: 'accept.defaults',
        shows: 'Transfer-Encoding: chunked and no Content-Length',
        holds: (v) => v.response?.headers['transfer-encoding'] === 'chunked' && v.response.headers['content-length'] === undefined,
      },
    ],
  },
  {
    name: 'Retry-After as an HTTP-date',
    reach: EXCHANGE_ROWS,
    description: `every ${UNAVAILABLE_EVERY}th request gets 503, or 429, with Retry-After as an HTTP-date of the moment it was sent (RFC 9110, 10.2.3): retried, never a finding`,
    options: {
      behaviour: {
        finish: (answer) => {
          answersSinceUnavailable = (answersSinceUnavailable + 1) % UNAVAILABLE_EVERY;
          if (answersSinceUnavailable !== 0) return answer;
          unavailableSent.add();
          const status = answer.status === 200 ? 503 : 429;
          return jsonAnswer(status, { detail: 'Try again later' }, { 'retry-after': new Date().toUTCString() });
        },
      },
    },
    evidence: [unavailableSent.evidence],
  },
  {
    name: 'Expires without Cache-Control',
    reach: EXCHANGE_ROWS,
    description:
      'every answer says Expires an hour on, and no Cache-Control: a shared cache still may not store an answer to a credential (RFC 9111, 3.5)',
    options: {
      behaviour: { finish: (answer, request) => withHeaders({ expires: new Date(Date.now() + 3_600_000).toUTCString() })(answer, request) },
    },
    evidence: [{ caseId: 'accept.defaults', shows: 'an Expires header', holds: (v) => v.response?.headers.expires !== undefined }],
  },
  {
    name: 'no-store',
    reach: EXCHANGE_ROWS,
    description: 'every answer says Cache-Control: no-store, and nothing else',
    options: { behaviour: { finish: withHeaders({ 'cache-control': 'no-store' }) } },
    evidence: [
      { caseId: 'accept.defaults', shows: 'Cache-Control: no-store', holds: (v) => v.response?.headers['cache-control'] === 'no-store' },
    ],
  },
  {
    name: 's-maxage keyed by the credential',
    reach: EXCHANGE_ROWS,
    description:
      'every answer says Cache-Control: s-maxage=60 with Vary: Authorization: a shared cache may keep it, for the same credential alone',
    options: { behaviour: { finish: withHeaders({ 'cache-control': 's-maxage=60', vary: 'Authorization' }) } },
    evidence: [{ caseId: 'accept.defaults', shows: 'Vary: Authorization', holds: (v) => v.response?.headers.vary === 'Authorization' }],
  },
  // The order of refusals.
  {
    name: 'validation before auth',
    description: 'the query is validated before the grant is checked: an unauthorised request with an invalid query gets the 422',
    options: {
      behaviour: {
        finish: onStatus([401, 403], (answer, request) => {
          const parsed = parseMetricsQuery(request.query, strictParsers, new Date());
          return parsed.ok ? answer : jsonAnswer(422, { detail: parsed.errors });
        }),
      },
    },
    evidence: [answeredWith('auth.none.invalid-query', 422), answeredWith('auth.garbage-token.invalid-query', 422)],
    reach: CREDENTIAL_ROWS,
  },
  {
    name: 'pipeline looked up before auth',
    description: 'the pipeline is looked up before the grant is checked: an unauthorised request for an unknown pipeline gets 404',
    options: {
      behaviour: {
        finish: onStatus([401, 403], (answer, request) =>
          /^0+$/.test(request.pipelineId) ? jsonAnswer(404, { detail: `Pipeline ${request.pipelineId} not found` }) : answer,
        ),
      },
    },
    evidence: [answeredWith('refusal-order.unknown-pipeline-unauthorised', 404)],
    reach: CREDENTIAL_ROWS,
  },
  // Capacity.
  {
    name: 'windows up to a month',
    description: 'a window longer than 30 days is refused with a 400 {"detail": ...}',
    options: {
      behaviour: {
        finish: refuseServed((q) => (windowOf(q).to - windowOf(q).from > 30 * DAY_MS ? 'window longer than 30 days' : undefined)),
      },
    },
    evidence: [answeredWith('capacity.month-long-window', 400), answeredWith('window.ninety-days', 400)],
  },
  {
    name: 'at most 2000 points',
    description: 'a window of more than 2000 buckets is refused with a 400 {"detail": ...}',
    options: {
      behaviour: {
        finish: refuseServed((q) => {
          const { from, to } = windowOf(q);
          const bucket = (UNIT_MS[q.get('time_unit') ?? 'hour'] ?? 3_600_000) * Number(q.get('time_interval') ?? '1');
          return (to - from) / bucket > 2000 ? 'too many points: raise time_interval or shorten the window' : undefined;
        }),
      },
    },
    evidence: [answeredWith('capacity.dense-minutes', 400)],
  },
  {
    name: 'future windows not found',
    description: 'a window wholly in the future has no metrics: 404 {"detail": ...}',
    options: {
      behaviour: {
        finish: onStatus(200, (answer, request) =>
          windowOf(request.query).from > Date.now() ? jsonAnswer(404, { detail: 'No metrics in this window' }) : answer,
        ),
      },
    },
    evidence: [answeredWith('window.far-future-2100', 404)],
  },
  // Spellings of a valid value.
  {
    name: 'float() for time_interval',
    description: 'time_interval read through float(): 1., 1.0 and 1e3 are read as the integers they spell',
    options: { behaviour: { parsers: { ...strictParsers, time_interval: floatInterval } } },
    evidence: [answeredWith('time_interval.trailing-dot', 200), answeredWith('time_interval.exponent', 200)],
  },
  {
    name: 'ISO 8601 reader for timestamps',
    description: 'timestamps trimmed and read as ISO 8601 allows: an empty fraction, seconds in the offset',
    options: { behaviour: { parsers: timestampsParsedBy(isoTimestamp) } },
    evidence: [answeredWith('timestamp_from.leading-space', 200), answeredWith('timestamp_from.empty-fraction', 200)],
  },
  // The query's shape.
  {
    name: 'first of a repeated parameter',
    description: 'a parameter given twice is read by its first value (FastAPI reads the last)',
    options: { behaviour: { finish: firstValueWins } },
    evidence: [answeredWith('query-shape.repeated-unit-invalid-first', 422)],
  },
  {
    name: 'repeated parameters refused',
    description: 'a parameter given twice is refused with a 400 {"detail": ...}',
    options: {
      behaviour: {
        finish: (answer, request) =>
          answer.status === 200 && [...request.query.keys()].some((name) => request.query.getAll(name).length > 1)
            ? jsonAnswer(400, { detail: 'a parameter is given more than once' })
            : answer,
      },
    },
    evidence: [answeredWith('query-shape.repeated-unit', 400), answeredWith('query-shape.repeated-timestamp', 400)],
  },
  {
    name: 'unknown parameters forbidden',
    description: "parameters the contract does not name are refused with a 422 (pydantic's extra='forbid')",
    options: {
      behaviour: {
        finish: onStatus([200, 422], (answer, request) => {
          const extra = [...new Set(request.query.keys())].filter((name) => !KNOWN.includes(name));
          if (extra.length === 0) return answer;
          const items = extra.map((name) => ({
            type: 'extra_forbidden',
            loc: ['query', name],
            msg: 'Extra inputs are not permitted',
            input: request.query.get(name),
          }));
          const earlier = answer.status === 422 ? (JSON.parse(String(answer.body)) as { detail: unknown[] }).detail : [];
          return jsonAnswer(422, { detail: [...earlier, ...items] });
        }),
      },
    },
    evidence: [answeredWith('query-shape.cache-buster', 422), answeredWith('query-shape.invalid-and-unknown', 422)],
  },
  // The 422's detail.
  {
    name: '422 naming only the first bad parameter',
    description: 'a 422 lists only the first invalid parameter it met, as a validator that stops at the first error does',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withJson((body) => ({ detail: (body.detail as unknown[]).slice(0, 1) })),
        ),
      },
    },
    evidence: [
      {
        caseId: 'generated.coverage.query-shape.two-invalid',
        shows: 'a 422 with one item',
        holds: (v) => v.status === 422 && (JSON.parse(v.response?.body ?? '{}') as { detail?: unknown[] }).detail?.length === 1,
      },
    ],
  },
  // How the query is put together, and how long it is.
  {
    name: '400 for a parameter without a value',
    description: 'a name without `=` (`time_unit&…`) is refused with a 400 {"detail": ...} before anything else is read',
    options: {
      behaviour: {
        finish: (answer, request) =>
          hasBareName(request.rawQuery) ? jsonAnswer(400, { detail: 'every query parameter needs a value' }) : answer,
      },
    },
    evidence: [answeredWith('query-syntax.bare-unit', 400), answeredWith('query-syntax.bare-interval-invalid-unit', 400)],
    reach: SYNTAX_ROWS,
  },
  {
    name: 'parameters without a value ignored',
    description: 'a name without `=` is left out, as Go code reading `Query().Get(name) != ""` does: the default applies',
    options: {
      behaviour: {
        finish: readingQueryAs((raw) =>
          rawPairs(raw)
            .filter((pair) => pair.includes('=') || pair === '')
            .join('&'),
        ),
      },
    },
    evidence: [answeredWith('query-syntax.bare-unit', 200), answeredWith('query-syntax.bare-interval-invalid-unit', 422)],
    reach: SYNTAX_ROWS,
  },
  {
    name: "Spring's defaultValue for empty values",
    description: 'an empty value is the default, as `@RequestParam(defaultValue = ...)` reads it: `time_unit=` is hour',
    options: {
      behaviour: {
        parsers: {
          time_unit: emptyIsDefault(strictParsers.time_unit, () => 'hour'),
          time_interval: emptyIsDefault(strictParsers.time_interval, () => 1n),
          timestamp_from: emptyIsDefault(strictParsers.timestamp_from, () => new Date(Date.now() - DAY_MS)),
          timestamp_to: emptyIsDefault(strictParsers.timestamp_to, () => new Date()),
        },
      },
    },
    evidence: [
      answeredWith('query-syntax.empty-every', 200),
      answeredWith('time_unit.empty', 200),
      answeredWith('query-syntax.bare-unit', 200),
    ],
    reach: EMPTY_VALUE_ROWS,
  },
  {
    name: '`;` as a separator',
    description:
      'pairs are split on `;` as well as `&`, as old CGI parsers (Python before 3.9.2) did: `time_unit=hour;time_interval=2` is served',
    options: { behaviour: { finish: readingQueryAs((raw) => raw.replace(/;/g, '&')) } },
    evidence: [answeredWith('query-syntax.semicolons', 200)],
    reach: SYNTAX_ROWS,
  },
  {
    name: 'pairs with `;` dropped',
    description: 'a pair with a `;` in it is dropped, as Go 1.17 and later do: `time_unit=hour;time_interval=2` gets the defaults',
    options: {
      behaviour: {
        finish: readingQueryAs((raw) =>
          rawPairs(raw)
            .filter((pair) => !pair.includes(';'))
            .join('&'),
        ),
      },
    },
    evidence: [answeredWith('query-syntax.semicolons', 200)],
    reach: SYNTAX_ROWS,
  },
  {
    name: '414 in JSON for long targets',
    description: 'a request target over 8000 octets is refused with 414 {"detail": "URI Too Long"}, before anything else is read',
    options: {
      behaviour: {
        finish: (answer, request) =>
          request.rawQuery.length + request.pipelineId.length > 8000 ? jsonAnswer(414, { detail: 'URI Too Long' }) : answer,
      },
    },
    evidence: [
      answeredWith('size.unit-10000-characters', 414),
      answeredWith('size.unknown-parameter-10000-characters', 414),
      answeredWith('size.pipeline-id-10000-characters', 414),
    ],
    reach: LONG_ROWS,
  },
  {
    name: "a gateway's 414 page",
    description: "a request target over 8000 octets is stopped by the gateway with nginx's own 414 page, in text/html",
    options: {
      behaviour: {
        finish: (answer, request) =>
          request.rawQuery.length + request.pipelineId.length > 8000
            ? {
                status: 414,
                headers: { 'content-type': 'text/html' },
                body: '<html><head><title>414 Request-URI Too Large</title></head></html>\r\n',
              }
            : answer,
      },
    },
    evidence: [answeredWith('size.unit-10000-characters', 414), answeredWith('size.every-parameter-2500-characters', 414)],
    reach: LONG_ROWS,
  },
  // The credential's spelling.
  {
    name: 'strict RFC 6750 bearer syntax',
    description: 'only spaces may follow the scheme: a tab after Bearer is refused with a 401',
    options: {
      behaviour: {
        authorize: (authorization, tokens) => {
          const token = /^bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
          if (token === undefined || !tokens.isValid(token)) return 'unauthenticated';
          return tokens.isLimited(token) ? 'forbidden' : 'granted';
        },
      },
    },
    evidence: [answeredWith('credential.scheme-tab', 401), answeredWith('credential.scheme-lower-case', 200)],
    reach: CREDENTIAL_ROWS,
  },
  {
    name: "FastAPI 0.92's bearer split",
    description:
      'the header is split at its first space, as FastAPI 0.92 does: `Bearer   <token>` reads a token with leading spaces, refused with a 401 (RFC 6750 allows 1*SP; later FastAPI serves it)',
    options: {
      behaviour: {
        authorize: (authorization, tokens) => {
          const [scheme = '', token = ''] = (authorization ?? '').split(/ (.*)/s);
          if (scheme.toLowerCase() !== 'bearer' || !tokens.isValid(token)) return 'unauthenticated';
          return tokens.isLimited(token) ? 'forbidden' : 'granted';
        },
      },
    },
    evidence: [answeredWith('credential.scheme-several-spaces', 401), answeredWith('credential.scheme-lower-case', 200)],
    reach: CREDENTIAL_ROWS,
  },
  // HEAD and validators.
  {
    name: 'HEAD mirrored',
    description: "HEAD answered as the GET would be (Starlette's own routes do): its status and header fields, without the content",
    options: { behaviour: { head: mirroredHead } },
    evidence: [answeredWith('head.granted', 200), answeredWith('head.no-credential', 401), answeredWith('head.limited-token', 403)],
    reach: HEAD_ROWS,
  },
  {
    name: 'no validators',
    description: 'no ETag and no Last-Modified (as FastAPI sends): the conditional rows have nothing to send back',
    options: { behaviour: { revalidate: (answer) => answer } },
    evidence: [
      {
        caseId: 'generated.coverage.conditional.if-none-match',
        shows: 'skipped, saying the answer carried no ETag',
        holds: (v) => v.outcome === 'skipped' && /no ETag/.test(v.skipReason ?? ''),
      },
      {
        caseId: 'generated.coverage.conditional.if-modified-since-earlier',
        shows: 'skipped, saying the answer carried no Last-Modified',
        holds: (v) => v.outcome === 'skipped' && /no Last-Modified/.test(v.skipReason ?? ''),
      },
    ],
    reach: CONDITIONAL_ROWS,
    skips: /^generated\.coverage\.conditional\./,
  },
  {
    name: 'weak ETags',
    description: 'ETags are weak (W/"…"), as a gateway that compresses makes them: a match still gets 304',
    options: { behaviour: { revalidate: withValidators({ weak: true }) } },
    evidence: [
      answeredWith('conditional.if-none-match', 304),
      { caseId: 'generated.coverage.repeat.valid-twice', shows: 'a weak ETag', holds: (v) => /^W\//.test(v.response?.headers.etag ?? '') },
    ],
    reach: CONDITIONAL_ROWS,
  },
  {
    name: 'validators sent, never 304',
    description: 'ETag and Last-Modified on every 200, but a matching validator gets the full 200 again',
    options: { behaviour: { revalidate: withValidators({ notModified: false }) } },
    evidence: [answeredWith('conditional.if-none-match', 200), answeredWith('conditional.if-modified-since', 200)],
    reach: CONDITIONAL_ROWS,
  },
  // The pipeline id's spelling.
  {
    name: 'pipeline ids case-insensitive',
    description: 'an ObjectId is read case-insensitively: the id in upper-case hex finds the pipeline',
    options: { behaviour: { pipelineExists: (id, known) => id.toLowerCase() === known } },
    evidence: [answeredWith('pipeline-id.upper-case', 200)],
    reach: PIPELINE_ROWS,
  },
  // Negotiation and codings: what each client's Accept and Accept-Encoding leave to the server.
  {
    name: '406 to an Accept that admits no JSON',
    description: 'a request whose Accept admits no JSON (text/html alone) gets 406 with an HTML page, as RFC 9110 (15.5.7) allows',
    options: {
      behaviour: {
        finish: (answer, request) =>
          request.accept === undefined || acceptAdmitsJson(request.accept)
            ? answer
            : { status: 406, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>406 Not Acceptable</h1></body></html>' },
      },
    },
    evidence: [answeredWith('negotiation.accept-html-only', 406), answeredWith('profile.browser-navigation', 200)],
    reach: NEGOTIATION_ROWS,
  },
  {
    name: 'gzip where offered',
    description:
      'every answer gzip-coded for a request that offers gzip, with Vary: Accept-Encoding; uncoded for the others (as nginx does)',
    options: { behaviour: { finish: codedWhereOffered(['gzip']) } },
    evidence: [codedAs('profile.go', 'gzip'), codedAs('profile.python-requests', 'gzip'), codedAs('profile.curl', undefined)],
    reach: NEGOTIATION_ROWS,
  },
  {
    name: 'the best coding each client offers',
    description: 'br for a request that offers it, else gzip, else deflate, else none: each client gets another coding',
    options: { behaviour: { finish: codedWhereOffered(['br', 'gzip', 'deflate']) } },
    evidence: [
      codedAs('profile.undici', 'br'),
      codedAs('profile.go', 'gzip'),
      codedAs('profile.curl', undefined),
      codedAs('profile.axios', 'br'),
    ],
    reach: NEGOTIATION_ROWS,
  },
  {
    name: 'gzip even when none was offered',
    description:
      'every answer gzip-coded, to a request without Accept-Encoding (curl) too: RFC 9110 (12.5.3) lets a server choose any coding then',
    options: {
      behaviour: {
        finish: (answer) => ({
          ...answer,
          headers: { ...answer.headers, 'content-encoding': 'gzip' },
          body: gzipSync(Buffer.from(answer.body)),
        }),
      },
    },
    evidence: [
      {
        caseId: 'generated.coverage.profile.curl',
        shows: 'a pass with the coding-unrequested warning',
        holds: (v) => v.outcome === 'passed' && v.warnings.some((w) => w.code === 'coding-unrequested'),
      },
      codedAs('profile.go', 'gzip'),
    ],
    reach: NEGOTIATION_ROWS,
  },
  {
    name: 'a charset parameter',
    description: 'every answer says Content-Type: application/json; charset=utf-8',
    options: {
      behaviour: { finish: (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'application/json; charset=utf-8' } }) },
    },
    evidence: [labelledAs('profile.curl', /^application\/json; charset=utf-8$/)],
    reach: NEGOTIATION_ROWS,
  },
  {
    name: 'a +json media type',
    description: 'every answer labelled with a vendor type with the +json suffix (RFC 6839): application/vnd.streamkap.metrics.v1+json',
    options: {
      behaviour: {
        finish: (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'application/vnd.streamkap.metrics.v1+json' } }),
      },
    },
    evidence: [labelledAs('profile.go', /\+json$/), labelledAs('profile.browser-navigation', /\+json$/)],
    reach: NEGOTIATION_ROWS,
  },
];
