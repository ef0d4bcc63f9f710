import { boundary } from '../../cases/boundary';
import { mustAccept } from '../../cases/must-accept';
import { mustReject } from '../../cases/must-reject';
import type { Case } from '../../src/model';
import { type Behaviour, bearerToken, documentedMetrics, jsonAnswer, referenceBehaviour } from '../../src/reference-server/behaviour';
import { unknownPipelines } from '../../cases/unknown-pipelines';
import { parseRfc3339 } from '../../src/reference-server/rfc3339';
import {
  type MetricsQuery,
  strictParsers,
  strictTimestamp,
  timestampsParsedBy,
  type TimeUnit,
} from '../../src/reference-server/query-validation';
import {
  bodyText,
  crash,
  type JsonObject,
  type MetricsBody,
  inTurn,
  internalServerError,
  metricsWith,
  onStatus,
  onSuccessWhen,
  type Rewrite,
  validationError,
  validationIgnoredFor,
  withBody,
  withHeaders,
  withJson,
  withStatus,
  withValidationItems,
} from './answer-rewrites';
import { lenientTimestamp } from './lenient-date-parser';
import { crashingOn, fallingBack, misreading, refusing } from './parser-faults';
import { SECOND_PIPELINE_ID } from './server-runs';
import type { CheckName, Fault } from './server-variant';
import { type DateCheck, timestampSkipping } from './shape-only-date-parser';

/**
 * The catalogue of faulty servers: each is the reference server with exactly one behaviour hook
 * overridden, and names the cases that must fail against it, with the check that must say why.
 * test/fault-matrix.test.ts runs the whole case table against every one of them.
 */

const ids = (cases: readonly Case[]): string[] => cases.map((c) => c.id);
const TIMESTAMP_PARAMETERS = new Set(['timestamp_from', 'timestamp_to']);
/** Whether the reference server's strict RFC 3339 parser reads every date-time the case sends. */
const strictlyDated = (c: Case): boolean =>
  (c.query ?? []).every(([name, value]) => !TIMESTAMP_PARAMETERS.has(name) || value.startsWith('{{') || parseRfc3339(value) !== undefined);

/** The cases the reference server answers 200: a fault in every 200 body must fail each of them. */
const ANSWERED_200 = ids([...mustAccept, ...boundary.filter(strictlyDated)]);

const MUST_REJECT = ids(mustReject);

/** The cases the reference server answers 422: the must-reject table, and the date-times its strict parser refuses. */
const ANSWERED_422 = [...MUST_REJECT, ...ids(boundary.filter((c) => !strictlyDated(c)))];

const REFUSED_AUTH = ['auth.missing', 'auth.garbage-token', 'auth.wrong-scheme'];

const NO_TIME_UNIT = ids(mustAccept.filter((c) => !(c.query ?? []).some(([name]) => name === 'time_unit')));

const ONE_TIMESTAMP_ALONE = ['accept.timestamp-from-only', 'accept.timestamp-to-only'];

const ZULU_TIMESTAMPS = [
  'accept.window.utc-z',
  'accept.window.fractional-seconds',
  'accept.timestamp-from-only',
  'accept.timestamp-to-only',
  'accept.documentation-example',
];

const lacks = (name: string) => (query: URLSearchParams) => !query.has(name);
const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const INT64_MAX = 2n ** 63n - 1n;

/** A fault in every 200 answer: each case the reference answers 200 must fail with `check`, and name `at` when given. */
const in200 = (name: string, description: string, behaviour: Partial<Behaviour>, check: CheckName, at?: string): Fault => ({
  name: `200 body: ${name}`,
  description,
  options: { behaviour },
  caughtBy: ANSWERED_200,
  check,
  ...(at !== undefined && { at }),
});

/** A 200 body of the wrong shape: the metrics the reference would send, edited. */
const misshapen = (name: string, description: string, edit: (body: MetricsBody) => JsonObject, at?: string): Fault =>
  in200(name, description, { metrics: metricsWith(edit) }, 'response_schema_conformance', at);

const bodyFaults: Fault[] = [
  ...(
    [
      ['records-lag-float', 'data.recordsLag is a float (3.5); the schema allows only an integer, a string or null', 'recordsLag', 3.5],
      ['records-lag-boolean', 'data.recordsLag is a boolean', 'recordsLag', true],
      ['records-lag-object', 'data.recordsLag is an object where a scalar belongs', 'recordsLag', { value: 12 }],
      ['latency-boolean', 'data.latency is a boolean', 'latency', false],
      ['latency-object', 'data.latency is an object where a scalar belongs', 'latency', { value: 41.5, unit: 'ms' }],
      ['latency-array', 'data.latency is an array', 'latency', [41.5]],
      ['status-number', 'data.status is a number', 'status', 1],
      ['status-object', 'data.status is an object where a scalar belongs', 'status', { code: 'Active' }],
      ['status-boolean', 'data.status is a boolean', 'status', true],
    ] as const
  ).map(([name, description, field, value]) =>
    misshapen(name, description, (body) => ({ ...body, data: { ...body.data, [field]: value } }), `$.data.${field}`),
  ),
  misshapen('data missing', 'the body has metadata but no data', ({ metadata }) => ({ metadata })),
  misshapen('data null', 'data is null', (body) => ({ ...body, data: null }), '$.data'),
  misshapen('data an array', 'data is a list of one metrics object', (body) => ({ ...body, data: [body.data] }), '$.data'),
  misshapen('data a string', 'data is a string', (body) => ({ ...body, data: 'Active' }), '$.data'),
  misshapen('metadata missing', 'the body has data but no metadata', ({ data }) => ({ data })),
  misshapen('metadata null', 'metadata is null', (body) => ({ ...body, metadata: null }), '$.metadata'),
  misshapen(
    'metadata an array',
    'metadata is a list of entries instead of a map',
    (body) => ({ ...body, metadata: Object.values(body.metadata) }),
    '$.metadata',
  ),
  misshapen(
    'metadata entry a string',
    'metadata.latency is the unit string instead of a {name, unit} object',
    (body) => ({ ...body, metadata: { ...body.metadata, latency: 'milliseconds' } }),
    '$.metadata.latency',
  ),
  misshapen(
    'metadata entry null',
    'metadata.status is null',
    (body) => ({ ...body, metadata: { ...body.metadata, status: null } }),
    '$.metadata.status',
  ),
  misshapen(
    'metadata entry with a number',
    'metadata.recordsLag.unit is a number; entries map to strings only',
    (body) => ({ ...body, metadata: { ...body.metadata, recordsLag: { name: 'Lag in Events', unit: 1 } } }),
    '$.metadata.recordsLag.unit',
  ),
  misshapen(
    'metadata entry with an object',
    'metadata.latency.unit is an object',
    (body) => ({ ...body, metadata: { ...body.metadata, latency: { name: 'Pipeline Latency', unit: { symbol: 'ms' } } } }),
    '$.metadata.latency.unit',
  ),
  misshapen(
    'metadata entry with a null',
    'metadata.status.name is null',
    (body) => ({ ...body, metadata: { ...body.metadata, status: { name: null, unit: 'milliseconds' } } }),
    '$.metadata.status.name',
  ),
  in200(
    'a JSON array',
    'the metrics object comes wrapped in a list',
    {
      finish: onStatus(
        200,
        withJson((body) => [body]),
      ),
    },
    'response_schema_conformance',
  ),
  in200(
    'JSON encoded twice',
    'the body is a JSON string holding the metrics JSON',
    {
      finish: onStatus(
        200,
        withJson((body) => JSON.stringify(body)),
      ),
    },
    'response_schema_conformance',
  ),
  in200('null', 'the body is the JSON literal null', { finish: onStatus(200, withBody('null')) }, 'response_schema_conformance'),
  in200(
    'truncated JSON',
    'the body stops halfway through the JSON',
    { finish: onStatus(200, (answer) => ({ ...answer, body: bodyText(answer).slice(0, 40) })) },
    'body_is_json',
  ),
  in200(
    'JSON and trailing text',
    'valid JSON followed by an HTML comment a cache appended',
    { finish: onStatus(200, (answer) => ({ ...answer, body: `${bodyText(answer)}\n<!-- served from cache -->` })) },
    'body_is_json',
  ),
  in200(
    'HTML page',
    'an HTML page served as text/html with status 200',
    {
      finish: onStatus(
        200,
        inTurn(withHeaders({ 'content-type': 'text/html' }), withBody('<!DOCTYPE html><html><body>Pipeline metrics</body></html>')),
      ),
    },
    'body_is_json',
  ),
  in200(
    'HTML labelled JSON',
    'an HTML page under Content-Type application/json',
    { finish: onStatus(200, withBody('<html><body><h1>Metrics</h1></body></html>')) },
    'body_is_json',
  ),
  in200('empty', 'status 200, Content-Type application/json, no body', { finish: onStatus(200, withBody('')) }, 'body_is_json'),
];

const headerAndStatusFaults: Fault[] = [
  {
    name: 'Content-Type: text/plain',
    description: 'the 200 answer carries valid JSON as text/plain',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'content-type': 'text/plain; charset=utf-8' })) } },
    caughtBy: ANSWERED_200,
    check: 'json_labelled_as_json',
  },
  {
    name: 'Content-Type: missing',
    description: 'the 200 answer has no Content-Type at all',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'content-type': undefined })) } },
    caughtBy: ANSWERED_200,
    check: 'json_labelled_as_json',
  },
  {
    name: 'Content-Type: text/html',
    description: 'the 200 answer carries valid JSON as text/html',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'content-type': 'text/html' })) } },
    caughtBy: ANSWERED_200,
    check: 'json_labelled_as_json',
  },
  {
    name: 'Content-Type: application/octet-stream',
    description: 'the 200 answer carries valid JSON as application/octet-stream',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'content-type': 'application/octet-stream' })) } },
    caughtBy: ANSWERED_200,
    check: 'json_labelled_as_json',
  },
  {
    name: 'Content-Type: text/plain on 401',
    description: 'refusals for want of a token are plain text "Unauthorized"',
    options: { behaviour: { finish: onStatus(401, inTurn(withHeaders({ 'content-type': 'text/plain' }), withBody('Unauthorized'))) } },
    caughtBy: REFUSED_AUTH,
    check: 'content_type_is_json',
  },
  {
    name: 'Content-Type: missing on 422',
    description: 'validation errors come without a Content-Type',
    options: { behaviour: { finish: onStatus(422, withHeaders({ 'content-type': undefined })) } },
    caughtBy: ANSWERED_422,
    check: 'json_labelled_as_json',
  },
  ...([201, 202, 203] as const).map((status): Fault => ({
    name: `success status ${status}`,
    description: `valid requests get ${status} with the metrics body instead of 200`,
    options: { behaviour: { finish: onStatus(200, withStatus(status)) } },
    caughtBy: ANSWERED_200.filter((id) => id.startsWith('accept.')),
    check: 'valid_request_accepted',
  })),
  {
    name: 'success status 204',
    description: 'valid requests get 204 No Content',
    options: { behaviour: { finish: onStatus(200, () => ({ status: 204, headers: {}, body: '' })) } },
    caughtBy: ANSWERED_200.filter((id) => id.startsWith('accept.')),
    check: 'valid_request_accepted',
  },
];

const validationFaults: Fault[] = [
  ...(
    [
      ['time_unit', ['reject.time-unit.unknown', 'reject.time-unit.wrong-case']],
      ['time_interval', ['reject.time-interval.letters', 'reject.time-interval.decimal']],
      ['timestamp_from', MUST_REJECT.filter((id) => id.startsWith('reject.timestamp-from.'))],
      ['timestamp_to', MUST_REJECT.filter((id) => id.startsWith('reject.timestamp-to.'))],
    ] as const
  ).map(([parameter, caughtBy]): Fault => ({
    name: `validation not enforced: ${parameter}`,
    description: `invalid ${parameter} values are ignored and answered 200 with metrics`,
    options: { behaviour: { finish: validationIgnoredFor(parameter) } },
    caughtBy,
    check: 'invalid_request_rejected',
  })),
  {
    name: 'validation not enforced: time_unit any word',
    description: 'a time_unit outside the enum silently becomes hour',
    options: { behaviour: { parsers: { ...strictParsers, time_unit: fallingBack(strictParsers.time_unit, () => 'hour') } } },
    caughtBy: ['reject.time-unit.unknown', 'reject.time-unit.wrong-case'],
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation not enforced: time_unit by pattern',
    description: 'time_unit is checked against ^[a-z]+$ instead of the enum; unknown words become hour',
    options: {
      behaviour: {
        parsers: {
          ...strictParsers,
          time_unit: (raw) =>
            /^[a-z]+$/.test(raw) ? fallingBack<TimeUnit>(strictParsers.time_unit, () => 'hour')(raw) : strictParsers.time_unit(raw),
        },
      },
    },
    caughtBy: ['reject.time-unit.unknown'],
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation not enforced: time_unit case-insensitive',
    description: 'time_unit is lower-cased before the enum check, so Hour passes',
    options: { behaviour: { parsers: { ...strictParsers, time_unit: (raw) => strictParsers.time_unit(raw.toLowerCase()) } } },
    caughtBy: ['reject.time-unit.wrong-case'],
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation not enforced: time_interval falls back to 1',
    description: 'a time_interval that is not an integer silently becomes the default 1',
    options: { behaviour: { parsers: { ...strictParsers, time_interval: fallingBack(strictParsers.time_interval, () => 1n) } } },
    caughtBy: ['reject.time-interval.letters', 'reject.time-interval.decimal'],
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation not enforced: time_interval truncated',
    description: 'time_interval is read with parseInt, so 1.5 is taken as 1',
    options: {
      behaviour: {
        parsers: {
          ...strictParsers,
          time_interval: (raw) => {
            const parsed = Number.parseInt(raw, 10);
            // Digits past a double's range are the strict parser's: this server's one fault is the truncation, not a crash.
            return Number.isFinite(parsed) ? { ok: true, value: BigInt(parsed) } : strictParsers.time_interval(raw);
          },
        },
      },
    },
    caughtBy: ['reject.time-interval.decimal'],
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation not enforced: timestamps fall back to now',
    description: 'an unreadable timestamp silently becomes the current time',
    options: { behaviour: { parsers: timestampsParsedBy(fallingBack(strictTimestamp, () => new Date())) } },
    caughtBy: MUST_REJECT.filter((id) => id.startsWith('reject.timestamp-')),
    check: 'invalid_request_rejected',
  },
  {
    name: 'date check by shape only',
    description: 'timestamps are checked against the RFC 3339 pattern only, so impossible dates, times and offsets roll over',
    options: {
      behaviour: { parsers: timestampsParsedBy(timestampSkipping(['day-of-month', 'month', 'hour', 'minute-and-second', 'offset'])) },
    },
    caughtBy: MUST_REJECT.filter((id) => id.startsWith('reject.timestamp-') && !id.endsWith('.garbage')),
    check: 'invalid_request_rejected',
  },
];

/** The range checks of the date-time parser, each with the must-reject value that only it refuses. */
const DATE_CHECKS: ReadonlyArray<readonly [DateCheck, string, string]> = [
  ['day-of-month', 'feb-30', 'the month length, so February 30th rolls over into March'],
  ['month', 'month-13', 'the month range, so month 13 rolls over into the next year'],
  ['hour', 'hour-25', 'the hour range, so hour 25 rolls over into the next day'],
  ['minute-and-second', 'minute-60', 'the minute range, so minute 60 rolls over into the next hour'],
  ['offset', 'offset-out-of-range', 'the offset range, so +25:00 passes'],
];

const TIMESTAMPS = ['timestamp_from', 'timestamp_to'] as const;

/**
 * For each range check, a server that skips it for both timestamps, and one per timestamp: two
 * timestamps that go through different code let a slip in one leave the other sound.
 */
const dateCheckFaults: Fault[] = [TIMESTAMPS, ...TIMESTAMPS.map((parameter) => [parameter])].flatMap((parameters) =>
  DATE_CHECKS.map(([skipped, key, what]): Fault => ({
    name: `${parameters.join(' and ')} check skips ${skipped}`,
    description:
      parameters.length > 1
        ? `the shared timestamp parser skips ${what}`
        : `${parameters.join()} has its own hand-written parser, which skips ${what}`,
    options: {
      behaviour: {
        parsers: { ...strictParsers, ...Object.fromEntries(parameters.map((parameter) => [parameter, timestampSkipping([skipped])])) },
      },
    },
    caughtBy: parameters.map((parameter) => `reject.${parameter.replace('_', '-')}.${key}`),
    check: 'invalid_request_rejected',
  })),
);

/** A slip in one timestamp's own parser, the other left sound. */
const oneTimestampFaults: Fault[] = [
  {
    name: '5xx on an unreadable timestamp_from',
    description: 'timestamp_from is converted outside the validation try block, so text that is no date raises',
    options: {
      behaviour: {
        parsers: { ...strictParsers, timestamp_from: crashingOn(strictTimestamp, /^[^\d]/, 'ValueError: Invalid isoformat string') },
      },
    },
    caughtBy: ['reject.timestamp-from.garbage'],
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation not enforced: any word in timestamp_to means now',
    description: 'timestamp_to takes "now" for the current time, and reads any other word as now too',
    options: { behaviour: { parsers: { ...strictParsers, timestamp_to: misreading(strictTimestamp, /^[a-z-]+$/i, () => new Date()) } } },
    caughtBy: ['reject.timestamp-to.garbage'],
    check: 'invalid_request_rejected',
  },
];

const MINUTE_MS = 60_000;
const bucketsInWindow = (query: MetricsQuery, unitMs: number): number =>
  (query.to.getTime() - query.from.getTime()) / (Number(query.timeInterval) * unitMs);
const explicitly = (unit: TimeUnit, interval: (value: number) => boolean) => (query: URLSearchParams) =>
  query.get('time_unit') === unit && interval(Number(query.get('time_interval') ?? '1'));

/**
 * Buckets mishandled for one unit and one kind of interval: 1 (the unit's own bucket) or more
 * (several merged). Real servers often split the two paths: a native rollup table for 1, an
 * aggregation for more, so a slip in one path leaves the other sound.
 */
const bucketFaults: Fault[] = [
  {
    name: 'minute buckets capped at 1000',
    description: 'more than 1000 minute buckets in one answer raise, and the default day in 1-minute buckets is 1440',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'minute' && bucketsInWindow(query, MINUTE_MS) > 1000
            ? crash('ValueError: too many buckets')
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.minute'],
    check: 'valid_request_accepted',
  },
  {
    name: 'minute steps from a fixed list',
    description: "time_interval for minutes is looked up in the dashboard's steps (1, 5, 10, 30, 60), so 15 raises KeyError",
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'minute' && ![1n, 5n, 10n, 30n, 60n].includes(query.timeInterval)
            ? crash(`KeyError: ${query.timeInterval}`)
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.minute.interval-15'],
    check: 'valid_request_accepted',
  },
  {
    name: 'hourly rollup status as a code',
    description: 'time_unit=hour&time_interval=1 given explicitly reads the hourly rollup table, which stores status as an integer code',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          explicitly('hour', (interval) => interval === 1),
          withJson((body) => ({ ...body, data: { ...(body.data as JsonObject), status: 1 } })),
        ),
      },
    },
    caughtBy: ['accept.time-unit.hour'],
    check: 'response_schema_conformance',
    at: '$.data.status',
  },
  {
    name: 'hour intervals capped at 5',
    description: 'time_unit=hour refuses a time_interval of 6 or more with "use time_unit=day"',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          explicitly('hour', (interval) => interval >= 6),
          validationError('time_interval', 'less_than', 'Input should be less than 6; use time_unit=day'),
        ),
      },
    },
    caughtBy: ['accept.time-unit.hour.interval-6'],
    check: 'valid_request_accepted',
  },
  {
    name: 'single-day buckets from a misnamed table',
    description: 'time_interval=1 reads the table metrics_{unit}ly, and metrics_dayly does not exist',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'day' && query.timeInterval === 1n
            ? crash('relation "metrics_dayly" does not exist')
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.day'],
    check: 'valid_request_accepted',
  },
  {
    name: 'week-long day buckets from the weekly rollup',
    description:
      'time_unit=day with time_interval 7 or more is served from the weekly rollup, which answers data as a list of daily points',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'day' && query.timeInterval >= 7n
            ? metricsWith((body) => ({ ...body, data: [body.data] }))(query)
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.day.interval-7'],
    check: 'response_schema_conformance',
    at: '$.data',
  },
  {
    name: 'single week bucket not rolled up',
    description:
      'time_unit=week&time_interval=1 asks for the current week alone, which is not rolled up yet: the lookup finds no row and raises',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'week' && query.timeInterval === 1n
            ? crash("TypeError: 'NoneType' object is not subscriptable")
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.week'],
    check: 'valid_request_accepted',
  },
  {
    name: 'multi-week buckets refused',
    description: 'time_unit=week refuses any time_interval above 1: weekly rollups are not merged',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          explicitly('week', (interval) => interval > 1),
          validationError('time_interval', 'less_than_equal', 'Input should be less than or equal to 1'),
        ),
      },
    },
    caughtBy: ['accept.time-unit.week.interval-2'],
    check: 'valid_request_accepted',
  },
  {
    name: 'monthly rollup lag as an average',
    description: 'time_unit=month&time_interval=1 reads the monthly rollup, whose recordsLag is an average (a float)',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'month' && query.timeInterval === 1n
            ? metricsWith((body) => ({ ...body, data: { ...body.data, recordsLag: 12.5 } }))(query)
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.month'],
    check: 'response_schema_conformance',
    at: '$.data.recordsLag',
  },
  {
    name: 'multi-month buckets not implemented',
    description: 'time_unit=month with time_interval above 1 hits an unimplemented branch (NotImplementedError, 500)',
    options: {
      behaviour: {
        metrics: (query) =>
          query.timeUnit === 'month' && query.timeInterval > 1n
            ? crash('NotImplementedError: multi-month buckets')
            : documentedMetrics(query),
      },
    },
    caughtBy: ['accept.time-unit.month.interval-3'],
    check: 'valid_request_accepted',
  },
];

const WEB_UI_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A window as the web UI sends it (whole seconds in Z, the right way round), with hourly buckets. */
const webUiHourlyWindow = (query: URLSearchParams): boolean => {
  const from = query.get('timestamp_from') ?? '';
  const to = query.get('timestamp_to') ?? '';
  // Same-format UTC strings sort as the instants they name.
  const window = WEB_UI_TIMESTAMP.test(from) && WEB_UI_TIMESTAMP.test(to) && from < to;
  return window && (query.get('time_unit') ?? 'hour') === 'hour' && (query.get('time_interval') ?? '1') === '1';
};

const refusedInputFaults: Fault[] = [
  ...(['minute', 'hour', 'day', 'week', 'month'] as const).map((unit): Fault => ({
    name: `valid input refused: time_unit=${unit}`,
    description: `time_unit=${unit} is refused with a 422, as if missing from the enum`,
    options: {
      behaviour: {
        parsers: { ...strictParsers, time_unit: refusing(strictParsers.time_unit, new RegExp(`^${unit}$`), `${unit} is not supported`) },
      },
    },
    // The documentation's example asks for hours too.
    caughtBy: ANSWERED_200.filter(
      (id) =>
        id === `accept.time-unit.${unit}` ||
        id.startsWith(`accept.time-unit.${unit}.interval-`) ||
        (unit === 'hour' && id === 'accept.documentation-example'),
    ),
    check: 'valid_request_accepted',
  })),
  {
    name: 'valid input refused: offsets',
    description: 'only UTC with Z is accepted; any ±HH:MM offset is refused',
    options: { behaviour: { parsers: timestampsParsedBy(refusing(strictTimestamp, /[+-]\d\d:\d\d$/, 'timestamps must be in UTC')) } },
    caughtBy: ['accept.window.positive-offset', 'accept.window.negative-offset'],
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: negative offsets',
    description: 'negative offsets are refused, positive ones accepted',
    options: { behaviour: { parsers: timestampsParsedBy(refusing(strictTimestamp, /-\d\d:\d\d$/, 'negative offsets are not supported')) } },
    caughtBy: ['accept.window.negative-offset'],
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: positive offsets',
    description: 'positive offsets are refused, negative ones accepted',
    options: {
      behaviour: { parsers: timestampsParsedBy(refusing(strictTimestamp, /\+\d\d:\d\d$/, 'positive offsets are not supported')) },
    },
    caughtBy: ['accept.window.positive-offset'],
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: Z designator',
    description: 'only numeric offsets are accepted; a trailing Z is refused',
    options: { behaviour: { parsers: timestampsParsedBy(refusing(strictTimestamp, /[Zz]$/, 'use a numeric offset')) } },
    caughtBy: ZULU_TIMESTAMPS,
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: fractional seconds',
    description: 'timestamps with fractional seconds are refused',
    options: { behaviour: { parsers: timestampsParsedBy(refusing(strictTimestamp, /\.\d+/, 'fractional seconds are not supported')) } },
    caughtBy: ['accept.window.fractional-seconds'],
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: microseconds',
    description: 'fractions of more than three digits are refused',
    options: { behaviour: { parsers: timestampsParsedBy(refusing(strictTimestamp, /\.\d{4,}/, 'at most millisecond precision')) } },
    caughtBy: ['accept.window.fractional-seconds'],
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: non-default time_interval',
    description: 'only time_interval=1 is accepted',
    options: {
      behaviour: { parsers: { ...strictParsers, time_interval: refusing(strictParsers.time_interval, /^(?!1$)/, 'only 1 is supported') } },
    },
    caughtBy: [
      'accept.time-unit.minute.interval-15',
      'accept.time-unit.hour.interval-6',
      'accept.time-unit.day.interval-7',
      'accept.time-unit.week.interval-2',
      'accept.time-unit.month.interval-3',
      'accept.time-interval-only',
      'accept.documentation-example',
    ],
    check: 'valid_request_accepted',
  },
  {
    name: 'hourly UTC window from a float rollup',
    description:
      'a window in the web UI format (whole seconds, Z) with hourly buckets is served from a rollup whose recordsLag is a float average',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          webUiHourlyWindow,
          withJson((body) => ({ ...body, data: { ...(body.data as JsonObject), recordsLag: 7.25 } })),
        ),
      },
    },
    caughtBy: ['accept.window.utc-z'],
    check: 'response_schema_conformance',
    at: '$.data.recordsLag',
  },
  {
    name: 'valid input refused: time_unit with a window',
    description: 'time_unit is taken as a preset range ("the last hour"), so time_unit together with a timestamp is refused',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.has('time_unit') && (query.has('timestamp_from') || query.has('timestamp_to')),
          validationError('time_unit', 'value_error', 'Value error, give time_unit or a window, not both'),
        ),
      },
    },
    caughtBy: ['accept.documentation-example'],
    check: 'valid_request_accepted',
  },
  {
    name: 'defaults not honoured: time_unit',
    description: 'time_unit is required (422 "Field required") instead of defaulting to hour',
    options: { behaviour: { finish: onSuccessWhen(lacks('time_unit'), validationError('time_unit', 'missing', 'Field required')) } },
    caughtBy: NO_TIME_UNIT,
    check: 'valid_request_accepted',
  },
  {
    name: 'defaults not honoured: time_interval',
    description: 'time_interval is required instead of defaulting to 1',
    options: {
      behaviour: { finish: onSuccessWhen(lacks('time_interval'), validationError('time_interval', 'missing', 'Field required')) },
    },
    caughtBy: NO_TIME_UNIT.filter((id) => id !== 'accept.time-interval-only'),
    check: 'valid_request_accepted',
  },
  {
    name: 'defaults not honoured: the window',
    description: 'timestamp_from and timestamp_to are required instead of defaulting to the last 24 hours',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => !query.has('timestamp_from') || !query.has('timestamp_to'),
          validationError('timestamp_from', 'missing', 'Field required'),
        ),
      },
    },
    caughtBy: ANSWERED_200.filter(
      (id) => id.startsWith('accept.time-unit.') || ['accept.defaults', 'accept.time-interval-only', ...ONE_TIMESTAMP_ALONE].includes(id),
    ),
    check: 'valid_request_accepted',
  },
  {
    name: 'defaults not honoured: no parameters at all',
    description: 'a request with no query parameters is refused; any one parameter makes it pass',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.size === 0,
          validationError('time_unit', 'missing', 'Value error, give at least one parameter'),
        ),
      },
    },
    caughtBy: ['accept.defaults'],
    check: 'valid_request_accepted',
  },
  {
    name: 'defaults not honoured: time_interval alone',
    description: 'time_interval is accepted only together with time_unit',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.has('time_interval') && !query.has('time_unit'),
          validationError('time_unit', 'missing', 'Field required'),
        ),
      },
    },
    caughtBy: ['accept.time-interval-only'],
    check: 'valid_request_accepted',
  },
  {
    name: 'valid input refused: one timestamp alone',
    description: 'timestamp_from and timestamp_to are accepted only together',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.has('timestamp_from') !== query.has('timestamp_to'),
          validationError('timestamp_to', 'value_error', 'Value error, give both timestamps or neither'),
        ),
      },
    },
    caughtBy: ONE_TIMESTAMP_ALONE,
    check: 'valid_request_accepted',
  },
];

const authFaults: Fault[] = [
  {
    name: 'auth not enforced: missing header',
    description: 'a request without Authorization gets the metrics',
    options: {
      behaviour: {
        authorize: (authorization, tokens) =>
          authorization === undefined ? 'granted' : referenceBehaviour.authorize(authorization, tokens),
      },
    },
    caughtBy: ['auth.missing'],
    check: 'auth_enforced',
  },
  {
    name: 'auth not enforced: any bearer token',
    description: 'any Bearer token is accepted without verification',
    options: {
      behaviour: {
        authorize: (authorization, tokens) => {
          const token = bearerToken(authorization);
          return token === undefined ? 'unauthenticated' : tokens.isLimited(token) ? 'forbidden' : 'granted';
        },
      },
    },
    caughtBy: ['auth.garbage-token'],
    check: 'auth_enforced',
  },
  {
    name: 'auth not enforced: any scheme',
    description: 'the token is read after whatever scheme comes first, so "Token <real token>" passes',
    options: {
      behaviour: { authorize: (authorization, tokens) => referenceBehaviour.authorize(authorization?.replace(/^\S+/, 'Bearer'), tokens) },
    },
    caughtBy: ['auth.wrong-scheme'],
    check: 'auth_enforced',
  },
  {
    name: 'auth not enforced: permissions',
    description: 'any valid token may read metrics, read:pipeline_metrics or not',
    options: {
      behaviour: {
        authorize: (authorization, tokens) => {
          const token = bearerToken(authorization);
          return token !== undefined && tokens.isValid(token) ? 'granted' : 'unauthenticated';
        },
      },
    },
    caughtBy: ['auth.limited-token'],
    check: 'auth_enforced',
  },
  {
    name: 'auth refusals leak metrics',
    description: '401 and 403 answers carry the metrics alongside detail',
    options: {
      behaviour: {
        finish: onStatus(
          [401, 403],
          withJson((body) => ({
            ...body,
            ...documentedMetrics({ timeUnit: 'hour', timeInterval: 1n, from: new Date(0), to: new Date() }),
          })),
        ),
      },
    },
    caughtBy: [...REFUSED_AUTH, 'auth.limited-token'],
    check: 'no_metrics_leaked',
  },
  {
    name: 'auth refusals leak flattened metrics',
    description: '401 and 403 answers carry latency, recordsLag and status at the top level',
    options: {
      behaviour: {
        finish: onStatus(
          [401, 403],
          withJson((body) => ({ ...body, latency: 41.5, recordsLag: 3, status: 'Active' })),
        ),
      },
    },
    caughtBy: [...REFUSED_AUTH, 'auth.limited-token'],
    check: 'no_metrics_leaked',
  },
  {
    name: 'auth refusal body: detail null',
    description: 'refusals answer {"detail": null}',
    options: {
      behaviour: {
        finish: onStatus(
          [401, 403],
          withJson(() => ({ detail: null })),
        ),
      },
    },
    caughtBy: [...REFUSED_AUTH, 'auth.limited-token'],
    check: 'response_schema_conformance',
    at: '$.detail',
  },
];

const serverErrorFaults: Fault[] = [
  {
    name: '5xx on time_unit=week',
    description: 'the week parser raises, so time_unit=week gets a 500',
    options: { behaviour: { parsers: { ...strictParsers, time_unit: crashingOn(strictParsers.time_unit, /^week$/, 'KeyError: week') } } },
    caughtBy: ['accept.time-unit.week', 'accept.time-unit.week.interval-2'],
    check: 'valid_request_accepted',
  },
  {
    name: '5xx on time_unit=month',
    description: 'the metrics store fails on monthly buckets, so time_unit=month gets a 500',
    options: {
      behaviour: { metrics: (query) => (query.timeUnit === 'month' ? crash('months have no fixed length') : documentedMetrics(query)) },
    },
    caughtBy: ['accept.time-unit.month', 'accept.time-unit.month.interval-3'],
    check: 'valid_request_accepted',
  },
  {
    name: '5xx on time_interval=0',
    description: 'a zero interval divides by zero',
    options: { behaviour: { metrics: (query) => (query.timeInterval === 0n ? crash('ZeroDivisionError') : documentedMetrics(query)) } },
    caughtBy: ['boundary.time-interval.zero'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a negative time_interval',
    description: 'a negative interval makes the bucket loop fail',
    options: { behaviour: { metrics: (query) => (query.timeInterval < 0n ? crash('negative step') : documentedMetrics(query)) } },
    caughtBy: ['boundary.time-interval.negative'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a huge time_interval',
    description: 'a time_interval beyond 64 bits overflows the database driver',
    options: {
      behaviour: {
        parsers: {
          ...strictParsers,
          time_interval: (raw) => {
            const parsed = strictParsers.time_interval(raw);
            return parsed.ok && parsed.value > INT64_MAX ? crash('OverflowError: int too big') : parsed;
          },
        },
      },
    },
    caughtBy: ['boundary.time-interval.huge'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a reversed window',
    description: 'timestamp_from after timestamp_to makes the query builder fail',
    options: { behaviour: { metrics: (query) => (query.from > query.to ? crash('negative range') : documentedMetrics(query)) } },
    caughtBy: ['boundary.window.reversed'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on naive date-times',
    description: 'date-times without an offset are parsed, then compared with aware ones and crash',
    options: {
      behaviour: {
        parsers: timestampsParsedBy(
          crashingOn(lenientTimestamp, NAIVE_DATE_TIME, "TypeError: can't compare offset-naive and offset-aware datetimes"),
        ),
      },
    },
    caughtBy: ['boundary.timestamp-from.no-offset', 'boundary.timestamp-to.no-offset'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a naive timestamp_from',
    description: 'only timestamp_from without an offset crashes the handler',
    options: {
      behaviour: {
        finish: (answer, request) =>
          NAIVE_DATE_TIME.test(request.query.get('timestamp_from') ?? '') ? internalServerError(answer, request) : answer,
      },
    },
    caughtBy: ['boundary.timestamp-from.no-offset'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a naive timestamp_to',
    description: 'only timestamp_to without an offset crashes the handler',
    options: {
      behaviour: {
        finish: (answer, request) =>
          NAIVE_DATE_TIME.test(request.query.get('timestamp_to') ?? '') ? internalServerError(answer, request) : answer,
      },
    },
    caughtBy: ['boundary.timestamp-to.no-offset'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a date-only timestamp',
    description: 'a date without a time is parsed as a date, which the handler cannot subtract from a datetime',
    options: {
      behaviour: {
        parsers: timestampsParsedBy(
          crashingOn(lenientTimestamp, /^\d{4}-\d{2}-\d{2}$/, "TypeError: unsupported operand type(s) for -: 'date' and 'datetime'"),
        ),
      },
    },
    caughtBy: ['boundary.timestamp-from.date-only'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on a space separator',
    description: 'a space for T crashes a hand-written split',
    options: { behaviour: { parsers: timestampsParsedBy(crashingOn(lenientTimestamp, / /, 'IndexError: list index out of range')) } },
    caughtBy: ['boundary.timestamp-from.space-separator'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on unix epoch digits',
    description: 'digits are passed to a date constructor that raises',
    options: {
      behaviour: { parsers: timestampsParsedBy(crashingOn(lenientTimestamp, /^\d+$/, 'ValueError: year 1740899415 is out of range')) },
    },
    caughtBy: ['boundary.timestamp-from.unix-epoch'],
    check: 'not_a_server_error',
  },
  {
    name: '5xx on an unreadable timestamp',
    description: 'garbage text in a timestamp raises instead of being refused',
    options: { behaviour: { parsers: timestampsParsedBy(crashingOn(strictTimestamp, /^[^\d]/, 'ValueError: Invalid isoformat string')) } },
    caughtBy: ['reject.timestamp-from.garbage', 'reject.timestamp-to.garbage'],
    check: 'invalid_request_rejected',
  },
  {
    name: '5xx on letters in time_interval',
    description: 'a time_interval that is not a number raises instead of being refused',
    options: {
      behaviour: {
        parsers: {
          ...strictParsers,
          time_interval: crashingOn(strictParsers.time_interval, /[a-z]/i, "ValueError: invalid literal for int() with base 10: 'abc'"),
        },
      },
    },
    caughtBy: ['reject.time-interval.letters'],
    check: 'invalid_request_rejected',
  },
  ...(
    [
      ['a quote', 'pipeline.hostile.quote', /'/, 'SQL syntax error near "\'"'],
      ['a slash', 'pipeline.hostile.encoded-slash', /\//, 'ObjectId: invalid character "/"'],
      ['non-ASCII', 'pipeline.hostile.non-ascii', /[^\x20-\x7e]/, "UnicodeEncodeError: 'ascii' codec can't encode"],
      ['a very long id', 'pipeline.hostile.very-long', /^.{256,}$/, 'value too long for type character varying(255)'],
    ] as const
  ).map(([what, caseId, trigger, reason]): Fault => ({
    name: `5xx on a pipeline id with ${what}`,
    description: `the pipeline lookup raises on an id with ${what}`,
    options: { behaviour: { pipelineExists: (pipelineId, known) => (trigger.test(pipelineId) ? crash(reason) : pipelineId === known) } },
    caughtBy: [caseId],
    check: 'malformed_id_rejected',
  })),
  {
    name: '5xx on missing auth',
    description: 'the auth dependency reads the header without checking it is there',
    options: {
      behaviour: {
        authorize: (authorization, tokens) =>
          authorization === undefined
            ? crash("AttributeError: 'NoneType' object has no attribute 'split'")
            : referenceBehaviour.authorize(authorization, tokens),
      },
    },
    caughtBy: ['auth.missing'],
    check: 'auth_enforced',
  },
  {
    name: '5xx on timestamp_from alone',
    description: 'timestamp_from without timestamp_to crashes the window builder',
    options: {
      behaviour: { finish: onSuccessWhen((query) => query.has('timestamp_from') && !query.has('timestamp_to'), internalServerError) },
    },
    caughtBy: ['accept.timestamp-from-only'],
    check: 'valid_request_accepted',
  },
  {
    name: '5xx on timestamp_to alone',
    description: 'timestamp_to without timestamp_from crashes the window builder',
    options: {
      behaviour: { finish: onSuccessWhen((query) => query.has('timestamp_to') && !query.has('timestamp_from'), internalServerError) },
    },
    caughtBy: ['accept.timestamp-to-only'],
    check: 'valid_request_accepted',
  },
];

const notFoundFaults: Fault[] = [
  {
    name: 'unknown pipeline answered 200',
    description: 'every pipeline id "exists" and gets metrics',
    options: { behaviour: { pipelineExists: () => true } },
    caughtBy: ['pipeline.missing'],
    check: 'unknown_pipeline_not_found',
  },
  {
    name: 'unknown pipeline answered 500',
    description: 'the lookup of an unknown pipeline raises instead of answering 404',
    options: { behaviour: { pipelineExists: (pipelineId, known) => pipelineId === known || crash('NoneType has no attribute connector') } },
    caughtBy: ['pipeline.missing'],
    check: 'unknown_pipeline_not_found',
  },
  {
    name: 'unknown pipeline answered 403',
    description: 'an unknown pipeline is refused as forbidden instead of not found',
    options: { behaviour: { finish: onStatus(404, withStatus(403)) } },
    caughtBy: ['pipeline.missing'],
    check: 'unknown_pipeline_not_found',
  },
  {
    name: '404 body: HTML',
    description: 'the 404 for an unknown pipeline is an HTML error page under application/json',
    options: { behaviour: { finish: onStatus(404, withBody('<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>')) } },
    caughtBy: ['pipeline.missing'],
    check: 'body_is_json',
  },
  {
    name: '404 body: no detail',
    description: 'the 404 body is {"error": ...} instead of FastAPI\'s {"detail": ...}',
    options: {
      behaviour: {
        finish: onStatus(
          404,
          withJson((body) => ({ error: body.detail })),
        ),
      },
    },
    caughtBy: ['pipeline.missing'],
    check: 'response_schema_conformance',
  },
];

const validationBodyFaults: Fault[] = [
  {
    name: '422 body: a bare list',
    description: 'the 422 body is the list of errors without the {"detail": ...} object',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withJson((body) => body.detail),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
  },
  {
    name: '422 body: a string',
    description: 'the 422 body is a JSON string',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withJson(() => 'Unprocessable Entity'),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
  },
  {
    name: '422 body: detail a string',
    description: 'detail is a message instead of a list of errors',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withJson(() => ({ detail: 'Invalid query parameters' })),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
    at: '$.detail',
  },
  {
    name: '422 body: detail an object',
    description: 'detail is one error object instead of a list',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withJson((body) => ({ detail: (body.detail as unknown[])[0] })),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
    at: '$.detail',
  },
  ...(['msg', 'loc', 'type'] as const).map((field): Fault => ({
    name: `422 body: items lack ${field}`,
    description: `each validation error lacks the required ${field}`,
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withValidationItems(({ [field]: _dropped, ...rest }) => rest),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
  })),
  {
    name: '422 body: loc a dotted string',
    description: 'loc is "query.time_unit" instead of ["query", "time_unit"]',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withValidationItems((item) => ({ ...item, loc: item.loc.join('.') })),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
  },
  {
    name: '422 body: msg an object',
    description: 'msg is an object of translations instead of a string',
    options: {
      behaviour: {
        finish: onStatus(
          422,
          withValidationItems((item) => ({ ...item, msg: { en: item.msg } })),
        ),
      },
    },
    caughtBy: ANSWERED_422,
    check: 'response_schema_conformance',
  },
  {
    name: 'validation errors answered 404',
    description: 'invalid parameters get a 404 that hides what is wrong',
    options: { behaviour: { finish: onStatus(422, withStatus(404)) } },
    caughtBy: MUST_REJECT,
    check: 'invalid_request_rejected',
  },
  {
    name: 'validation errors answered 500',
    description: 'invalid parameters get a 500',
    options: { behaviour: { finish: onStatus(422, withStatus(500)) } },
    caughtBy: MUST_REJECT,
    check: 'invalid_request_rejected',
  },
];

/**
 * Faults whose first answer an earlier preflight blamed on a setting (the base URL's prefix, the
 * token, an outage): the cases must catch them, and the preflight lets them (who-is-to-blame.test.ts).
 */
const blamedOnASettingFaults: Fault[] = [
  {
    name: 'defaults path without a route',
    description: 'the request with no query is answered 404 {"detail":"Not Found"}, as if the path had no route; any query is served',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.size === 0,
          () => jsonAnswer(404, { detail: 'Not Found' }),
        ),
      },
    },
    caughtBy: ['accept.defaults'],
    check: 'valid_request_accepted',
  },
  {
    name: 'defaults path refuses the token',
    description: 'the request with no query is answered 401 to a valid token that any query is granted with',
    options: {
      behaviour: {
        finish: onSuccessWhen(
          (query) => query.size === 0,
          () => jsonAnswer(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' }),
        ),
      },
    },
    caughtBy: ['accept.defaults'],
    check: 'valid_request_accepted',
  },
  {
    name: 'unknown pipelines reset',
    description: 'every request for an unknown pipeline gets its connection reset, while the known one is served',
    options: { behaviour: { finish: onStatus(404, (answer) => ({ ...answer, reset: true })) } },
    caughtBy: ids(unknownPipelines),
    check: 'not_a_server_error',
  },
];

/** Caching that would hand one client's answer to another (RFC 9111 3.5): each request the table sends carries a credential. */
const sharedCachingFaults: Fault[] = [
  {
    name: 'metrics cacheable by shared caches',
    description: 'every 200 answer says Cache-Control: public, max-age=300, so a CDN may serve one token’s metrics to another',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'cache-control': 'public, max-age=300' })) } },
    caughtBy: ANSWERED_200,
    check: 'authenticated_response_not_shared_cacheable',
  },
  {
    name: 's-maxage on every answer',
    description: 'every answer says Cache-Control: s-maxage=60: a shared cache may store even the 401 to one token and the 200 to another',
    options: { behaviour: { finish: withHeaders({ 'cache-control': 's-maxage=60' }) } },
    caughtBy: [...ANSWERED_200, 'auth.garbage-token'],
    check: 'authenticated_response_not_shared_cacheable',
  },
  {
    name: 'daily roll-ups public',
    description:
      'a CDN rule for daily roll-ups: 200 answers to time_unit=day say Cache-Control: public, max-age=3600, every other answer nothing',
    options: {
      behaviour: {
        finish: onSuccessWhen((query) => query.get('time_unit') === 'day', withHeaders({ 'cache-control': 'public, max-age=3600' })),
      },
    },
    caughtBy: ids(mustAccept.filter((c) => c.query?.some(([name, value]) => name === 'time_unit' && value === 'day'))),
    check: 'authenticated_response_not_shared_cacheable',
  },
  {
    name: 'must-revalidate without private',
    description:
      'every 200 says Cache-Control: max-age=60, must-revalidate: must-revalidate, like public, lets a shared cache store an answer to a credential (RFC 9111, 3.5)',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'cache-control': 'max-age=60, must-revalidate' })) } },
    caughtBy: ANSWERED_200,
    check: 'authenticated_response_not_shared_cacheable',
  },
  {
    name: 's-maxage on 401s',
    description:
      'an edge rule caches refusals: 401 answers say Cache-Control: s-maxage=300, so a CDN may hand one token’s refusal to the next client',
    options: { behaviour: { finish: onStatus(401, withHeaders({ 'cache-control': 's-maxage=300' })) } },
    caughtBy: ['auth.garbage-token', 'auth.wrong-scheme'],
    check: 'authenticated_response_not_shared_cacheable',
  },
  {
    name: 'private for Set-Cookie alone',
    description:
      'every 200 says Cache-Control: s-maxage=300, private="Set-Cookie": a private with field names keeps back only those fields, the metrics stay shared (RFC 9111, 5.2.2.7)',
    options: { behaviour: { finish: onStatus(200, withHeaders({ 'cache-control': 's-maxage=300, private="Set-Cookie"' })) } },
    caughtBy: ANSWERED_200,
    check: 'authenticated_response_not_shared_cacheable',
  },
];

/** Rewrites the answers for the second of two pipelines alone: the first's, and what runs once, stay right. */
const onSecondPipeline =
  (rewrite: Rewrite): Rewrite =>
  (answer, request) =>
    request.pipelineId === SECOND_PIPELINE_ID ? rewrite(answer, request) : answer;

/** The must-accept cases run for every pipeline: a fault of one pipeline must fail its copies. */
const ACCEPTED = ids(mustAccept);

/** Faults a run with one pipeline cannot see: each shows on the second of two, and the run must say which. */
const secondPipelineFaults: Fault[] = [
  {
    name: 'second pipeline: metrics malformed',
    description: "the second pipeline's 200 answers carry no metrics; the first pipeline's are right",
    options: { behaviour: { finish: onStatus(200, onSecondPipeline(withJson(() => ({ data: 'not metrics' })))) } },
    secondPipelineOnly: true,
    caughtBy: ACCEPTED,
    check: 'response_schema_conformance',
  },
  {
    name: 'second pipeline: not found',
    description: 'the second pipeline, which exists, is answered 404 to every valid request',
    options: {
      behaviour: {
        finish: onStatus(
          200,
          onSecondPipeline(() => jsonAnswer(404, { detail: `Pipeline ${SECOND_PIPELINE_ID} not found` })),
        ),
      },
    },
    secondPipelineOnly: true,
    caughtBy: ACCEPTED,
    check: 'valid_request_accepted',
  },
  {
    name: "second pipeline: a day's buckets crash",
    description: 'the second pipeline answers 500 to time_unit=day; every other answer is right',
    options: { behaviour: { finish: onSuccessWhen((query) => query.get('time_unit') === 'day', onSecondPipeline(internalServerError)) } },
    secondPipelineOnly: true,
    caughtBy: ids(mustAccept.filter((c) => (c.query ?? []).some(([name, value]) => name === 'time_unit' && value === 'day'))),
    check: 'valid_request_accepted',
  },
];

export const faultyServers: readonly Fault[] = [
  ...bodyFaults,
  ...headerAndStatusFaults,
  ...validationFaults,
  ...dateCheckFaults,
  ...oneTimestampFaults,
  ...refusedInputFaults,
  ...bucketFaults,
  ...authFaults,
  ...serverErrorFaults,
  ...notFoundFaults,
  ...validationBodyFaults,
  ...blamedOnASettingFaults,
  ...sharedCachingFaults,
  ...secondPipelineFaults,
];
