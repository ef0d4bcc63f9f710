import { createHash } from 'node:crypto';
import {
  type Answer,
  bearerToken,
  documentedMetrics,
  jsonAnswer,
  type Behaviour,
  type MetricsRequest,
  type TokenBook,
} from '../../src/reference-server/behaviour';
import { parseMetricsQuery, strictParsers, strictTimestamp, timestampsParsedBy } from '../../src/reference-server/query-validation';
import { withValidators } from '../../src/reference-server/validators';
import { bodyText, crash, onStatus, withJson, withValidationItems, rawPairs } from './answer-rewrites';
import { crashingOn } from './parser-faults';
import type { CheckName, ServerVariant } from './server-variant';

/**
 * Faults in the parts of a request no parameter value shows: the credential, the
 * query's shape and spelling, the pipeline id's neighbourhood, repetition, extreme instants,
 * what a 422 names, the query's syntax, and the size of a request and its answer. Each is the
 * reference server with exactly one behaviour hook overridden, and names the request-dimension
 * rows (or table cases) that must fail with `check`. Those of NEW_DIMENSIONS are also proven
 * missed by the older tiers: every case table row and every older coverage row passes against them.
 */

export type Dimension =
  | 'credential'
  | 'query-shape'
  | 'pipeline-id'
  | 'repetition'
  | 'method'
  | 'conditional'
  | 'extreme-instant'
  | 'validation-loc'
  | 'query-syntax'
  | 'size'
  | 'negotiation';

/** The dimensions whose faults nothing before them caught, so each is proven missed by the older tiers. */
export const NEW_DIMENSIONS: ReadonlySet<Dimension> = new Set([
  'credential',
  'query-shape',
  'pipeline-id',
  'repetition',
  'method',
  'conditional',
  'query-syntax',
  'size',
  'negotiation',
]);

export interface DimensionFault extends ServerVariant {
  dimension: Dimension;
  /** Case ids (coverage rows as `generated.coverage.…`, or table ids) that must fail with `check`. */
  caughtBy: readonly string[];
  check: CheckName;
}

const rows = (...slugs: string[]): string[] => slugs.map((slug) => `generated.coverage.${slug}`);
/** The size rows whose answers the reference makes longer than 8 KB (a 422 echoing long values, a 404 its id). */
const LONG_ANSWER_ROWS = rows('size.unit-10000-characters', 'size.every-parameter-2500-characters', 'size.pipeline-id-10000-characters');

/** An authorize hook that also grants the tokens `alias` maps a presented token to. */
const authorizeAlso =
  (alias: (token: string, tokens: TokenBook) => string | undefined): Behaviour['authorize'] =>
  (authorization, tokens) => {
    const presented = bearerToken(authorization);
    if (presented === undefined) return 'unauthenticated';
    const token = tokens.isValid(presented) ? presented : alias(presented, tokens);
    if (token === undefined || !tokens.isValid(token)) return 'unauthenticated';
    return tokens.isLimited(token) ? 'forbidden' : 'granted';
  };

/** The reference's decision for a token found by `read` in the header (the scheme and spacing are read's business). */
const authorizeReading =
  (read: (authorization: string) => string | undefined): Behaviour['authorize'] =>
  (authorization, tokens) => {
    const token = authorization === undefined ? undefined : read(authorization);
    if (token === undefined || !tokens.isValid(token)) return 'unauthenticated';
    return tokens.isLimited(token) ? 'forbidden' : 'granted';
  };

const HEX = '0123456789abcdef';

const QUERY_NAMES = ['time_unit', 'time_interval', 'timestamp_from', 'timestamp_to'];
const hasEvery = (query: URLSearchParams): boolean => QUERY_NAMES.every((name) => query.has(name));
const hasWindow = (query: URLSearchParams): boolean => query.has('timestamp_from') && query.has('timestamp_to');

/** A response cache in front of the endpoint: `keyOf` says what it keys on, `stores` which answers it keeps. */
function cache(
  keyOf: (request: Parameters<Behaviour['finish']>[1]) => string | undefined,
  stores: (answer: Answer) => boolean,
  onHit: (cached: Answer) => Answer = (cached) => cached,
): Behaviour['finish'] {
  const entries = new Map<string, Answer>();
  return (answer, request) => {
    const key = keyOf(request);
    if (key === undefined) return answer;
    const cached = entries.get(key);
    if (cached !== undefined) return onHit(cached);
    if (stores(answer)) entries.set(key, answer);
    return answer;
  };
}
const urlKey = (request: { pipelineId: string; rawQuery: string }): string => `${request.pipelineId}?${request.rawQuery}`;

/** The validators layer, but a 200 to a request with `condition` becomes 304 whatever it names. */
const notModifiedWhenever =
  (condition: keyof MetricsRequest['conditions']): Behaviour['revalidate'] =>
  (answer, request) =>
    answer.status === 200 && request.conditions[condition] !== undefined
      ? { status: 304, headers: {}, body: '' }
      : withValidators()(answer, request);

/** A layer in front of the app that keeps each URL's ETag, and answers a matching If-None-Match with 304 whatever the app would say. */
function etagsByUrl(): Behaviour['revalidate'] {
  const tags = new Map<string, string>();
  return (answer, request) => {
    const validated = withValidators()(answer, request);
    const known = tags.get(urlKey(request));
    if (validated.headers.etag !== undefined) tags.set(urlKey(request), validated.headers.etag);
    return known !== undefined && request.conditions.ifNoneMatch === known
      ? { status: 304, headers: { etag: known }, body: '' }
      : validated;
  };
}

/** 200 answers tagged with a strong ETag of their URL, their latency a live reading that changes with each answer. */
function urlTaggedLiveMetrics(): Behaviour['finish'] {
  let reading = 0;
  return onStatus(200, (answer, request) => {
    const body = JSON.parse(String(answer.body)) as { data: Record<string, unknown> };
    reading += 1;
    const etag = `"${createHash('sha256').update(urlKey(request)).digest('hex').slice(0, 16)}"`;
    return {
      ...answer,
      headers: { ...answer.headers, etag },
      body: JSON.stringify({ ...body, data: { ...body.data, latency: 40 + reading } }),
    };
  });
}

/** A 422 detail item's loc rewritten, for every item. */
const locAs = (loc: (item: { loc: Array<string | number> }) => Array<string | number>): Behaviour['finish'] =>
  onStatus(
    422,
    withValidationItems((item) => ({ ...item, loc: loc(item) })),
  );

const camel = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Raises for an instant whose UTC reading leaves the years 1 to 9999 (the offset's sign tells which end). */
const utcOverflow = (pattern: RegExp): Partial<Behaviour> => ({
  parsers: timestampsParsedBy(crashingOn(strictTimestamp, pattern, 'OverflowError: date value out of range')),
});

/** The query read with each name left as it came (percent escapes and all), each value decoded. */
function namesUndecoded(rawQuery: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const pair of rawPairs(rawQuery).filter((p) => p !== '')) {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    query.append(name, decodeURIComponent(value.replace(/\+/g, ' ')));
  }
  return query;
}

/** nginx's own 414 page. */
const NGINX_414 =
  '<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n<center><h1>414 Request-URI Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const requestDimensionFaults: readonly DimensionFault[] = [
  // The credential.
  {
    name: 'token with characters appended accepted',
    dimension: 'credential',
    description: 'the token is compared by its known length: anything appended to it is ignored',
    options: { behaviour: { authorize: authorizeAlso((token) => token.slice(0, -1)) } },
    caughtBy: rows('credential.token-appended'),
    check: 'auth_enforced',
  },
  {
    name: 'truncated token accepted',
    dimension: 'credential',
    description: 'a token is looked up by prefix: the token without its last character still matches',
    options: {
      behaviour: { authorize: authorizeAlso((token, tokens) => [...HEX].map((c) => `${token}${c}`).find((t) => tokens.isValid(t))) },
    },
    caughtBy: rows('credential.token-truncated'),
    check: 'auth_enforced',
  },
  {
    name: 'token compared without its first character',
    dimension: 'credential',
    description: 'a constant-time compare that skips the first byte: the token with its first character replaced is accepted',
    options: { behaviour: { authorize: authorizeAlso((token) => `r${token.slice(1)}`) } },
    caughtBy: rows('credential.token-first-char-changed'),
    check: 'auth_enforced',
  },
  {
    name: 'token compared case-insensitively',
    dimension: 'credential',
    description: 'tokens are looked up lower-cased: the token in capitals is accepted',
    options: { behaviour: { authorize: authorizeAlso((token) => token.toLowerCase()) } },
    caughtBy: rows('credential.token-other-case'),
    check: 'auth_enforced',
  },
  {
    name: 'empty bearer token crashes',
    dimension: 'credential',
    description: '`Bearer` without a token raises an IndexError in the header split, a 500',
    options: {
      behaviour: {
        authorize: (authorization, tokens) =>
          /^bearer\s*$/i.test(authorization ?? '-')
            ? crash('IndexError: list index out of range')
            : authorizeReading((a) => bearerToken(a))(authorization, tokens),
      },
    },
    caughtBy: rows('credential.token-empty', 'credential.token-blank'),
    check: 'auth_enforced',
  },
  {
    name: 'empty Authorization header crashes',
    dimension: 'credential',
    description: 'an Authorization header with no value is read as present and split, a 500',
    options: {
      behaviour: {
        authorize: (authorization, tokens) =>
          authorization === ''
            ? crash('IndexError: list index out of range')
            : authorizeReading((a) => bearerToken(a))(authorization, tokens),
      },
    },
    caughtBy: rows('credential.header-empty'),
    check: 'auth_enforced',
  },
  {
    name: 'scheme case-sensitive',
    dimension: 'credential',
    description: 'only `Bearer` is read: `bearer` and `BEARER` are refused, though RFC 7235 makes the scheme case-insensitive',
    options: { behaviour: { authorize: authorizeReading((a) => /^Bearer[ \t]+(\S+)$/.exec(a)?.[1]) } },
    caughtBy: rows('credential.scheme-lower-case', 'credential.scheme-upper-case'),
    check: 'valid_request_accepted',
  },
  {
    name: 'several spaces after the scheme crash',
    dimension: 'credential',
    description: 'the header is split on one space and the empty token indexes past its end: `Bearer   <token>` gets a 500',
    options: {
      behaviour: {
        finish: (answer, request) =>
          /^bearer {2,}/i.test(request.authorization ?? '')
            ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' }
            : answer,
      },
    },
    caughtBy: rows('credential.scheme-several-spaces'),
    check: 'not_a_server_error',
  },
  // The query's shape and spelling.
  {
    name: 'repeated parameter crashes',
    dimension: 'query-shape',
    description: 'a parameter given twice arrives as a list where a string is expected, a 500',
    options: {
      behaviour: {
        finish: (answer, request) =>
          [...request.query.keys()].some((name) => request.query.getAll(name).length > 1)
            ? jsonAnswer(500, { detail: 'TypeError: expected str, got list' })
            : answer,
      },
    },
    caughtBy: rows('query-shape.repeated-unit', 'query-shape.repeated-interval'),
    check: 'not_a_server_error',
  },
  {
    name: 'unknown parameter crashes',
    dimension: 'query-shape',
    description: 'a parameter the contract does not name (a cache-buster `_`) raises a KeyError, a 500',
    options: {
      behaviour: {
        finish: (answer, request) =>
          [...request.query.keys()].some((name) => !QUERY_NAMES.includes(name)) ? jsonAnswer(500, { detail: 'KeyError' }) : answer,
      },
    },
    caughtBy: rows('query-shape.cache-buster', 'query-shape.unknown-parameter-alone'),
    check: 'not_a_server_error',
  },
  {
    name: 'several validation errors joined into a string',
    dimension: 'query-shape',
    description: 'a 422 with more than one error carries detail as one joined string, not a ValidationError list',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withJson((body) => {
            const detail = body.detail as Array<{ msg: string }>;
            return detail.length > 1 ? { detail: detail.map((item) => item.msg).join('; ') } : body;
          }),
        ),
      },
    },
    caughtBy: rows('query-shape.two-invalid', 'query-shape.all-invalid'),
    check: 'response_schema_conformance',
  },
  {
    name: 'several validation errors crash',
    dimension: 'query-shape',
    description: 'formatting a 422 with more than one error raises, a 500',
    options: {
      behaviour: {
        finish: onStatus(422, (answer) =>
          (JSON.parse(String(answer.body)) as { detail: unknown[] }).detail.length > 1
            ? jsonAnswer(500, { detail: 'Internal Server Error' })
            : answer,
        ),
      },
    },
    caughtBy: rows('query-shape.two-invalid', 'query-shape.all-invalid'),
    check: 'invalid_request_rejected',
  },
  {
    name: 'encoded letters not decoded',
    dimension: 'query-shape',
    description: 'a hand-written query decoder knows only %3A and %2B: `%68our` stays undecoded and is refused',
    options: {
      behaviour: {
        finish: onStatus(200, (answer, request) =>
          /%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9])/.test(request.rawQuery)
            ? jsonAnswer(422, { detail: [{ type: 'enum', loc: ['query', 'time_unit'], msg: 'Input should be valid', input: '%68our' }] })
            : answer,
        ),
      },
    },
    caughtBy: rows('query-spelling.encoded-unreserved'),
    check: 'valid_request_accepted',
  },
  {
    name: 'lower-case escapes not decoded',
    dimension: 'query-shape',
    description: 'only upper-case hex escapes are decoded: `%3a` is left in the timestamp, which is then refused',
    options: {
      behaviour: {
        finish: onStatus(200, (answer, request) =>
          /%[0-9a-f]*[a-f][0-9a-f]*/.test(request.rawQuery.replace(/%[0-9A-F]{2}/g, ''))
            ? jsonAnswer(422, {
                detail: [
                  { type: 'datetime_parsing', loc: ['query', 'timestamp_from'], msg: 'Input should be a valid datetime', input: '' },
                ],
              })
            : answer,
        ),
      },
    },
    caughtBy: rows('query-spelling.lower-case-escapes'),
    check: 'valid_request_accepted',
  },
  {
    name: 'literal colons refused',
    dimension: 'query-shape',
    description: 'a WAF rule refuses a `:` left unencoded in the query with a 400, though RFC 3986 allows it there',
    options: {
      behaviour: {
        finish: (answer, request) => (request.rawQuery.includes(':') ? jsonAnswer(400, { detail: 'Bad request' }) : answer),
      },
    },
    caughtBy: rows('query-spelling.raw-colons'),
    check: 'valid_request_accepted',
  },
  // The pipeline id's neighbourhood.
  {
    name: 'pipeline looked up by prefix',
    dimension: 'pipeline-id',
    description: 'an id of 20 characters or more matches the pipeline whose id it starts (a LIKE "id%" lookup)',
    options: { behaviour: { pipelineExists: (id, known) => id.length >= 20 && known.startsWith(id) } },
    caughtBy: rows('pipeline-id.last-char-cut', 'pipeline-id.last-4-chars-cut'),
    check: 'malformed_id_rejected',
  },
  {
    name: 'pipeline id read by its first 24 characters',
    dimension: 'pipeline-id',
    description: "the id is cut to an ObjectId's 24 characters before the lookup: anything appended is ignored",
    options: { behaviour: { pipelineExists: (id, known) => id.slice(0, 24) === known } },
    caughtBy: rows('pipeline-id.zero-appended', 'pipeline-id.letter-appended', 'pipeline-id.nul-appended'),
    check: 'malformed_id_rejected',
  },
  {
    name: 'pipeline id trimmed',
    dimension: 'pipeline-id',
    description: 'the decoded id is stripped of white space: the id with %20 or %0A after it finds the pipeline',
    options: { behaviour: { pipelineExists: (id, known) => id.trim() === known } },
    caughtBy: rows('pipeline-id.space-appended', 'pipeline-id.newline-appended'),
    check: 'malformed_id_rejected',
  },
  {
    name: 'pipeline id cut at NUL',
    dimension: 'pipeline-id',
    description: 'the id goes to a C library as a NUL-terminated string: the id with %00 after it finds the pipeline',
    options: { behaviour: { pipelineExists: (id, known) => id.split('\0')[0] === known } },
    caughtBy: rows('pipeline-id.nul-appended'),
    check: 'malformed_id_rejected',
  },
  {
    name: 'pipeline id decoded twice',
    dimension: 'pipeline-id',
    description: 'a proxy and the app each percent-decode the path: %2536 reaches the lookup as 6',
    options: {
      behaviour: {
        pipelineExists: (id, known) => {
          try {
            return decodeURIComponent(id) === known;
          } catch {
            return false;
          }
        },
      },
    },
    caughtBy: rows('pipeline-id.double-encoded'),
    check: 'malformed_id_rejected',
  },
  {
    name: 'hex id of the wrong length crashes',
    dimension: 'pipeline-id',
    description: 'an all-hex id that is not 24 characters raises InvalidId in the ObjectId constructor, a 500',
    options: {
      behaviour: {
        pipelineExists: (id, known) => (/^[0-9a-f]+$/i.test(id) && id.length !== 24 ? crash('bson.errors.InvalidId') : id === known),
      },
    },
    caughtBy: rows('pipeline-id.last-char-cut', 'pipeline-id.zero-appended'),
    check: 'malformed_id_rejected',
  },
  {
    name: 'pipeline id matched within one character',
    dimension: 'pipeline-id',
    description: "a fuzzy lookup accepts an id that differs from the pipeline's in one position",
    options: {
      behaviour: {
        pipelineExists: (id, known) => id.length === known.length && [...id].filter((c, i) => c !== known[i]).length <= 1,
      },
    },
    caughtBy: rows('pipeline-id.middle-char-changed'),
    check: 'malformed_id_rejected',
  },
  // Repetition.
  {
    name: 'window cache ignores the credential',
    dimension: 'repetition',
    description: 'answers to a full window are cached by URL alone: after the run token, the limited token and no token get the cached 200',
    options: {
      behaviour: {
        finish: cache(
          (r) => (hasWindow(r.query) ? urlKey(r) : undefined),
          (a) => a.status === 200,
        ),
      },
    },
    caughtBy: rows('repeat.limited-around-granted', 'repeat.none-around-granted'),
    check: 'auth_enforced',
  },
  {
    name: 'cache keyed by the case-folded credential',
    dimension: 'repetition',
    description: 'the cache key lower-cases the Authorization header: the token in capitals gets the cached 200 of the token',
    options: {
      behaviour: {
        finish: cache(
          (r) => (hasWindow(r.query) ? `${urlKey(r)} ${(r.authorization ?? '').toLowerCase()}` : undefined),
          (a) => a.status === 200,
        ),
      },
    },
    caughtBy: rows('repeat.other-case-after-granted'),
    check: 'auth_enforced',
  },
  {
    name: 'refusals cached for everyone',
    dimension: 'repetition',
    description: 'a 401 or 403 to a full window is cached by URL alone: the run token asking next gets the cached refusal',
    options: {
      behaviour: {
        finish: cache(
          (r) => (hasWindow(r.query) ? urlKey(r) : undefined),
          (a) => a.status === 401 || a.status === 403,
        ),
      },
    },
    caughtBy: rows('repeat.granted-around-garbage', 'repeat.limited-around-granted'),
    check: 'valid_request_accepted',
  },
  {
    name: 'cache hits served as text',
    dimension: 'repetition',
    description: 'a cached answer to a request with every parameter goes out with Content-Type text/plain',
    options: {
      behaviour: {
        finish: cache(
          (r) => (hasEvery(r.query) ? `${urlKey(r)} ${r.authorization ?? ''}` : undefined),
          (a) => a.status === 200,
          (cached) => ({ ...cached, headers: { ...cached.headers, 'content-type': 'text/plain' } }),
        ),
      },
    },
    caughtBy: rows('repeat.valid-twice'),
    check: 'json_labelled_as_json',
  },
  {
    name: 'cache hits lose their data',
    dimension: 'repetition',
    description: 'a cached answer to a request with every parameter comes back with data null',
    options: {
      behaviour: {
        finish: cache(
          (r) => (hasEvery(r.query) ? `${urlKey(r)} ${r.authorization ?? ''}` : undefined),
          (a) => a.status === 200,
          (cached) => ({ ...cached, body: JSON.stringify({ ...(JSON.parse(String(cached.body)) as object), data: null }) }),
        ),
      },
    },
    caughtBy: rows('repeat.valid-twice'),
    check: 'response_schema_conformance',
  },
  // HEAD.
  {
    name: 'HEAD crashes',
    dimension: 'method',
    description: 'HEAD reaches a handler that writes the body it then drops and raises: a 500 where GET answers 200',
    options: { behaviour: { head: () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' }) } },
    caughtBy: rows('head.granted', 'head.invalid-query'),
    check: 'head_mirrors_get',
  },
  {
    name: 'HEAD granted without credentials',
    dimension: 'method',
    description: 'a generic HEAD handler answers 200 without the auth dependency: HEAD is granted where the GET is refused',
    options: { behaviour: { head: (get) => (get.status === 401 || get.status === 403 ? { ...get, status: 200, body: '' } : get) } },
    caughtBy: rows('head.no-credential', 'head.garbage-token'),
    check: 'head_refused_like_get',
  },
  {
    name: 'HEAD answered with content',
    dimension: 'method',
    description: "HEAD is answered with the GET's content after the header section, which a client reads as the next answer",
    options: { behaviour: { head: (get) => ({ ...get, contentOnHead: true }) } },
    caughtBy: rows('head.granted'),
    check: 'head_mirrors_get',
  },
  // Validators sent back.
  {
    name: '304 to any If-None-Match',
    dimension: 'conditional',
    description: 'If-None-Match is read as "the client has a copy": 304 whatever ETag it names',
    options: { behaviour: { revalidate: notModifiedWhenever('ifNoneMatch') } },
    caughtBy: rows('conditional.if-none-match-other'),
    check: 'not_modified_only_on_match',
  },
  {
    name: '304 to any If-Modified-Since',
    dimension: 'conditional',
    description: 'If-Modified-Since is taken as a sign the client is current: 304 whatever date it names',
    options: { behaviour: { revalidate: notModifiedWhenever('ifModifiedSince') } },
    caughtBy: rows('conditional.if-modified-since-earlier'),
    check: 'not_modified_only_on_match',
  },
  {
    name: 'precondition before authentication',
    dimension: 'conditional',
    description: "an edge layer keeps each URL's ETag and answers a matching If-None-Match with 304 before the app checks the credential",
    options: { behaviour: { revalidate: etagsByUrl() } },
    caughtBy: rows('conditional.if-none-match-no-credential', 'conditional.if-none-match-garbage-token'),
    check: 'precondition_after_authentication',
  },
  {
    name: 'strong ETag from the URL',
    dimension: 'conditional',
    description: 'the handler tags each answer with a strong ETag made from its URL, while its numbers change from one answer to the next',
    options: { behaviour: { finish: urlTaggedLiveMetrics() } },
    caughtBy: rows('conditional.if-none-match-other', 'conditional.if-modified-since-earlier'),
    check: 'strong_etag_names_one_representation',
  },
  // Extreme instants.
  {
    name: 'UTC reading before year 1 crashes',
    dimension: 'extreme-instant',
    description: 'an instant in year 1 with a positive offset is converted to UTC, which leaves the calendar: a 500',
    options: { behaviour: utcOverflow(/^0001-01-01T.*\+(?!00:00)\d{2}:\d{2}$/) },
    caughtBy: rows('extreme-instant.year-1-plus-01-00', 'extreme-instant.year-1-plus-23-59'),
    check: 'not_a_server_error',
  },
  {
    name: 'UTC reading after year 9999 crashes',
    dimension: 'extreme-instant',
    description: 'an instant on 31 December 9999 with a negative offset is converted to UTC, past the calendar: a 500',
    options: { behaviour: utcOverflow(/^9999-12-31T.*-(?!00:00)\d{2}:\d{2}$/) },
    caughtBy: rows('extreme-instant.year-9999-minus-01-00', 'extreme-instant.year-9999-minus-23-59'),
    check: 'not_a_server_error',
  },
  {
    name: 'millennia-long window crashes',
    dimension: 'extreme-instant',
    description: 'a window of more than 5000 years overflows the bucket count, a 500',
    options: {
      behaviour: {
        metrics: (query) =>
          query.to.getTime() - query.from.getTime() > 5000 * 365 * 86_400_000
            ? crash('OverflowError: cannot fit int')
            : documentedMetrics(query),
      },
    },
    caughtBy: rows('extreme-instant.window-year-1-to-9999'),
    check: 'not_a_server_error',
  },
  {
    name: 'calendar-edge instants refused as plain text',
    dimension: 'extreme-instant',
    description: 'a timestamp in year 1 or 9999 is refused by a guard that answers 400 in text/plain',
    options: {
      behaviour: {
        finish: (answer, request) =>
          /(?:^|[=&])timestamp_(?:from|to)=(?:0001|9999)-/.test(request.rawQuery)
            ? { status: 400, headers: { 'content-type': 'text/plain' }, body: 'date out of range' }
            : answer,
      },
    },
    caughtBy: rows('extreme-instant.year-1-plus-01-00', 'extreme-instant.year-9999-minus-01-00'),
    check: 'content_type_is_json',
  },
  // How the query is put together.
  {
    name: 'parameter without `=` crashes',
    dimension: 'query-syntax',
    description: 'each pair is split on `=` and unpacked into a name and a value: `time_unit&…` raises a ValueError, a 500',
    options: {
      behaviour: {
        finish: (answer, request) =>
          rawPairs(request.rawQuery).some((pair) => pair !== '' && !pair.includes('='))
            ? jsonAnswer(500, { detail: 'ValueError: not enough values to unpack (expected 2, got 1)' })
            : answer,
      },
    },
    caughtBy: rows('query-syntax.bare-unit'),
    check: 'not_a_server_error',
  },
  {
    name: 'empty pairs crash',
    dimension: 'query-syntax',
    description: 'an empty pair between `&&` (or at either end) is indexed for its name, an IndexError: 500',
    options: {
      behaviour: {
        finish: (answer, request) =>
          rawPairs(request.rawQuery).includes('') ? jsonAnswer(500, { detail: 'IndexError: string index out of range' }) : answer,
      },
    },
    caughtBy: rows('query-syntax.empty-pairs', 'query-syntax.separators-alone'),
    check: 'valid_request_accepted',
  },
  {
    name: '`;` in a query crashes',
    dimension: 'query-syntax',
    description: 'a pair is split on every `=`: `time_unit=hour;time_interval=2` unpacks into three parts, a ValueError: 500',
    options: {
      behaviour: {
        finish: (answer, request) =>
          rawPairs(request.rawQuery).some((pair) => pair.split('=').length > 2)
            ? jsonAnswer(500, { detail: 'ValueError: too many values to unpack (expected 2)' })
            : answer,
      },
    },
    caughtBy: rows('query-syntax.semicolons'),
    check: 'not_a_server_error',
  },
  {
    name: 'parameter names not percent-decoded',
    dimension: 'query-syntax',
    description: 'values are decoded but names are not: `%74%69…=fortnight` is an unknown parameter, ignored, and the request served',
    options: {
      behaviour: {
        finish: onStatus([200, 422], (answer, request) => {
          const parsed = parseMetricsQuery(namesUndecoded(request.rawQuery), strictParsers, new Date());
          return parsed.ok ? jsonAnswer(200, documentedMetrics(parsed.value)) : answer;
        }),
      },
    },
    caughtBy: rows('query-syntax.encoded-names-invalid'),
    check: 'invalid_request_rejected',
  },
  // The size of a request and its answer.
  {
    name: 'overlong time_unit ignored',
    dimension: 'size',
    description: 'a guard drops any value over 1000 characters, so a time_unit of 10 KB of garbage gets the default and metrics',
    options: {
      behaviour: {
        parsers: { ...strictParsers, time_unit: (raw) => (raw.length > 1000 ? { ok: true, value: 'hour' } : strictParsers.time_unit(raw)) },
      },
    },
    caughtBy: rows('size.unit-10000-characters'),
    check: 'invalid_request_rejected',
  },
  {
    name: '422 cut at 8 KB',
    dimension: 'size',
    description: 'an error answer is written into an 8 KB buffer: a 422 echoing long values ends mid-JSON (its Content-Length honest)',
    options: {
      behaviour: {
        finish: onStatus(422, (answer) => {
          const body = Buffer.from(bodyText(answer));
          return body.length > 8192 ? { ...answer, body: body.subarray(0, 8192) } : answer;
        }),
      },
    },
    caughtBy: rows('size.unit-10000-characters', 'size.every-parameter-2500-characters'),
    check: 'body_is_json',
  },
  {
    name: 'long answers dropped after 8 KB',
    dimension: 'size',
    description:
      'a proxy buffer of 8 KB: an answer longer than that stops after its first 8192 bytes, short of its Content-Length, and the connection closes',
    options: {
      behaviour: {
        finish: (answer) => (Buffer.byteLength(answer.body) > 8192 ? { ...answer, cutAfterBytes: 8192 } : answer),
      },
    },
    caughtBy: LONG_ANSWER_ROWS,
    check: 'body_complete',
  },
  {
    name: 'long answers chunked without their last chunk',
    dimension: 'size',
    description:
      'answers over 8 KB are streamed chunked, and the stream is closed after the last byte of JSON but before the zero-length chunk that ends it',
    options: {
      behaviour: {
        finish: (answer) =>
          Buffer.byteLength(answer.body) > 8192 ? { ...answer, chunked: true, cutAfterBytes: Buffer.byteLength(answer.body) } : answer,
      },
    },
    caughtBy: LONG_ANSWER_ROWS,
    check: 'body_complete',
  },
  {
    name: 'long answers reset mid-body',
    dimension: 'size',
    description: 'a load balancer resets (TCP RST) any answer still streaming after 4 KB: answers over 8 KB stop there',
    options: {
      behaviour: {
        finish: (answer) => (Buffer.byteLength(answer.body) > 8192 ? { ...answer, cutAfterBytes: 4096, reset: true } : answer),
      },
    },
    caughtBy: LONG_ANSWER_ROWS,
    check: 'body_complete',
  },
  {
    name: 'long 404s claim more than they send',
    dimension: 'size',
    description:
      'a 404 over 4 KB (one echoing a long id) announces a Content-Length 64 bytes past its JSON, sends the JSON and closes: a client waits for bytes that never come',
    options: {
      behaviour: {
        finish: onStatus(404, (answer) => {
          const body = Buffer.from(bodyText(answer));
          return body.length > 4096
            ? { ...answer, body: Buffer.concat([body, Buffer.alloc(64, 0x20)]), cutAfterBytes: body.length }
            : answer;
        }),
      },
    },
    caughtBy: rows('size.pipeline-id-10000-characters'),
    check: 'body_complete',
  },
  {
    name: 'empty reply to a long 422 of several items',
    dimension: 'size',
    description:
      'a 422 over 8 KB naming several invalid parameters overflows the error logger, which kills the worker: the connection closes without an answer',
    options: {
      behaviour: {
        finish: onStatus(422, (answer) =>
          Buffer.byteLength(answer.body) > 8192 && (JSON.parse(bodyText(answer)) as { detail: unknown[] }).detail.length > 1
            ? { ...answer, emptyReply: true }
            : answer,
        ),
      },
    },
    caughtBy: rows('size.every-parameter-2500-characters'),
    check: 'not_a_server_error',
  },
  {
    name: 'long queries reset',
    dimension: 'size',
    description: 'a request whose query is over 6000 characters gets its connection reset (TCP RST), every time, while the rest is served',
    options: { behaviour: { finish: (answer, request) => (request.rawQuery.length > 6000 ? { ...answer, reset: true } : answer) } },
    caughtBy: rows('size.unit-10000-characters', 'size.every-parameter-2500-characters', 'size.unknown-parameter-10000-characters'),
    check: 'not_a_server_error',
  },
  {
    name: '414 page labelled JSON',
    dimension: 'size',
    description:
      "a query over 8000 characters gets nginx's HTML 414 page under `default_type application/json`: a body that is not what it says",
    options: {
      behaviour: {
        finish: (answer, request) =>
          request.rawQuery.length > 8000 ? { status: 414, headers: { 'content-type': 'application/json' }, body: NGINX_414 } : answer,
      },
    },
    caughtBy: rows('size.unit-10000-characters', 'size.unknown-parameter-10000-characters'),
    check: 'body_is_json',
  },
  {
    name: 'long pipeline id crashes',
    dimension: 'size',
    description: 'an id over 1000 characters overflows the lookup key column, a 500',
    options: {
      behaviour: {
        pipelineExists: (id, known) =>
          id.length > 1000 ? crash('DataError: value too long for type character varying(1000)') : id === known,
      },
    },
    caughtBy: rows('size.pipeline-id-10000-characters'),
    check: 'malformed_id_rejected',
  },
  // What a 422 names.
  {
    name: '422 names time_interval whatever was wrong',
    dimension: 'validation-loc',
    description: 'every 422 item says loc ["query", "time_interval"], whichever parameter was invalid',
    options: { behaviour: { finish: locAs(() => ['query', 'time_interval']) } },
    caughtBy: ['reject.time-unit.unknown', 'reject.timestamp-from.garbage'],
    check: 'validation_error_names_parameter',
  },
  {
    name: '422 names the path',
    dimension: 'validation-loc',
    description: 'every 422 item points at the pipeline id: loc ["path", "pipeline_id"]',
    options: { behaviour: { finish: locAs(() => ['path', 'pipeline_id']) } },
    caughtBy: ['reject.time-unit.unknown', 'reject.time-interval.letters'],
    check: 'validation_error_names_parameter',
  },
  {
    name: '422 names parameters by their camelCase field',
    dimension: 'validation-loc',
    description: 'the 422 names the model field (timeUnit) instead of the query parameter (time_unit)',
    options: { behaviour: { finish: locAs((item) => item.loc.map((part) => (typeof part === 'string' ? camel(part) : part))) } },
    caughtBy: ['reject.time-unit.unknown', 'reject.timestamp-to.feb-30'],
    check: 'validation_error_names_parameter',
  },
];
