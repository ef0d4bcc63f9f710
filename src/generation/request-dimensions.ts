import {
  type AuthMode,
  type Case,
  CLIENT_PROFILES,
  CREDENTIAL_VARIANTS,
  PIPELINE_NEIGHBOURS,
  type QueryPairs,
  QUERY_SPELLINGS,
  type QuerySpelling,
  type QuerySyntax,
  type Resending,
  type Tag,
} from '../model';
import { CREDENTIAL_VARIANT_SPECS } from '../credential-variants';
import { describeQuery, type Exchange } from './exchange';
import { generatedCase } from './generated-case';
import { type ParameterSpace, spacesOfKind } from './parameter-space';
import { asProfile } from './profiles-in-turn';
import { WINDOW } from './tier-rule';

/**
 * The parts of a request other than its parameters' values, each a fixed list of coverage rows
 * derived from the configuration (the run's token and pipeline id) at send time: the credential
 * altered or respelled, the query's shape and spelling, the pipeline id's neighbours, the same
 * request sent again (with another credential between, as HEAD, or with its answer's validators
 * sent back), instants at the ends of the calendar, the contract's freedoms (refusal order,
 * capacity), how the query is put together (a name without `=`, empty pairs, `;`), requests
 * large on purpose, and the headers each client sends. Their tiers come from the one rule.
 */

const ID_PREFIX = 'generated.coverage.';

interface Row {
  slug: string;
  title: string;
  request: Exchange;
  tags: readonly Tag[];
}

interface Names {
  unit: string;
  interval: string;
}

function namesOf(spaces: readonly ParameterSpace[]): Names {
  return {
    unit: spacesOfKind(spaces, 'enum')[0]?.name ?? 'time_unit',
    interval: spacesOfKind(spaces, 'integer')[0]?.name ?? 'time_interval',
  };
}

/** The documentation's example request, with its window in a positive offset so that `:` and `+` are in it. */
const exampleQuery = (names: Names, interval = '2'): QueryPairs => [
  [names.interval, interval],
  [names.unit, 'hour'],
  [WINDOW.from, '2025-03-02T12:40:15+05:30'],
  [WINDOW.to, '2025-03-04T12:40:15+05:30'],
];

const credentialRows = (): Row[] =>
  CREDENTIAL_VARIANTS.map((variant) => ({
    slug: `credential.${variant}`,
    title: `the run's token as ${CREDENTIAL_VARIANT_SPECS[variant].what}`,
    request: { auth: variant },
    tags: ['auth'],
  }));

const SPELLINGS = QUERY_SPELLINGS.filter((spelling): spelling is Exclude<QuerySpelling, 'plain'> => spelling !== 'plain');

function queryShapeRows(names: Names): Row[] {
  const shape = (slug: string, title: string, query: QueryPairs): Row => ({
    slug: `query-shape.${slug}`,
    title: `${title}: ${describeQuery(query)}`,
    request: { query },
    tags: ['validation'],
  });
  return [
    shape('repeated-unit', 'time_unit given twice', [
      [names.unit, 'hour'],
      [names.unit, 'day'],
    ]),
    shape('repeated-unit-invalid-first', 'time_unit given twice, the first invalid', [
      [names.unit, 'fortnight'],
      [names.unit, 'hour'],
    ]),
    shape('repeated-interval', 'time_interval given twice', [
      [names.interval, '2'],
      [names.interval, '3'],
    ]),
    shape('repeated-timestamp', 'timestamp_from given twice', [
      [WINDOW.from, '2025-03-02T07:10:15Z'],
      [WINDOW.from, '2025-03-03T07:10:15Z'],
      [WINDOW.to, '2025-03-04T07:10:15Z'],
    ]),
    shape('cache-buster', 'a cache-buster parameter with a valid query', [...exampleQuery(names), ['_', '1741000000000']]),
    shape('unknown-parameter-alone', 'a parameter the contract does not name, alone', [['pipeline_metrics', 'true']]),
    shape('two-invalid', 'two invalid parameters', [
      [names.unit, 'fortnight'],
      [names.interval, 'abc'],
    ]),
    shape('all-invalid', 'every parameter invalid', [
      [names.interval, 'abc'],
      [names.unit, 'fortnight'],
      [WINDOW.from, 'not-a-date'],
      [WINDOW.to, '2025-02-30T10:00:00Z'],
    ]),
    shape('invalid-and-unknown', 'one invalid parameter beside an unknown one', [
      [names.unit, 'fortnight'],
      ['_', '1741000000000'],
    ]),
    shape('repeated-invalid', 'time_unit given twice, both invalid', [
      [names.unit, 'fortnight'],
      [names.unit, 'weekly'],
    ]),
    ...SPELLINGS.map((spelling): Row => ({
      slug: `query-spelling.${spelling}`,
      title: `the documentation's example, written ${spelling}: the same values`,
      request: { query: exampleQuery(names), querySpelling: spelling },
      tags: ['validation', 'dates'],
    })),
    {
      slug: 'query-spelling.encoded-unreserved-invalid',
      title: 'time_unit=fortnight with every character percent-encoded: still invalid',
      request: { query: [[names.unit, 'fortnight']], querySpelling: 'encoded-unreserved' },
      tags: ['validation'],
    },
  ];
}

const neighbourRows = (): Row[] =>
  PIPELINE_NEIGHBOURS.map((of) => ({
    slug: `pipeline-id.${of}`,
    title: `the configured pipeline id, ${of.replace(/-/g, ' ')}`,
    request: { pipeline: { kind: 'neighbour', of } },
    tags: ['pipelines'],
  }));

/**
 * The same request again: judged like the first (a cache hit is still an answer), and a refusal
 * still a refusal after the same query was granted. Each row has its own time_interval, so no two
 * rows (sent concurrently) share a URL.
 */
function repetitionRows(names: Names): Row[] {
  const again = (slug: string, title: string, interval: string, first: AuthMode, then: readonly AuthMode[], query?: QueryPairs): Row => ({
    slug: `repeat.${slug}`,
    title: `${title}, each with ${describeQuery(query ?? exampleQuery(names, interval))}`,
    request: { query: query ?? exampleQuery(names, interval), auth: first, then },
    tags: ['auth'],
  });
  return [
    again('valid-twice', 'a valid request sent twice', '11', 'token', ['token']),
    again(
      'disputed-twice',
      'a disputed request sent twice',
      '12',
      'token',
      ['token'],
      [
        [names.interval, '12'],
        [WINDOW.from, '2025-03-02'],
      ],
    ),
    again(
      'invalid-twice',
      'an invalid request sent twice',
      '13',
      'token',
      ['token'],
      [
        [names.interval, '13'],
        [names.unit, 'fortnight'],
      ],
    ),
    again('limited-around-granted', 'the limited token, the run token, the limited token again', '14', 'limited-token', [
      'token',
      'limited-token',
    ]),
    again('none-around-granted', 'no credential, the run token, no credential again', '15', 'none', ['token', 'none']),
    again('other-case-after-granted', 'the run token, then the token in the other case', '16', 'token', ['token-other-case']),
    again('granted-around-garbage', 'the run token, a garbage token, the run token again', '17', 'token', ['garbage-token', 'token']),
  ];
}

/**
 * HEAD after the GET it mirrors, with the same credential: the same status and Content-Type
 * without content, or 405 with Allow; refused wherever the GET is. Intervals 21 to 25.
 */
function headRows(names: Names): Row[] {
  const head = (slug: string, title: string, auth: AuthMode, query: QueryPairs): Row => ({
    slug: `head.${slug}`,
    title: `${title}, then the same as HEAD, each with ${describeQuery(query)}`,
    request: { query, auth, then: [{ auth, as: 'head' }] },
    tags: auth === 'token' ? [] : ['auth'],
  });
  return [
    head('granted', 'a valid request', 'token', exampleQuery(names, '21')),
    head('no-credential', 'no credential', 'none', exampleQuery(names, '22')),
    head('garbage-token', 'a garbage token', 'garbage-token', exampleQuery(names, '23')),
    head('limited-token', 'the limited token', 'limited-token', exampleQuery(names, '24')),
    head('invalid-query', 'an invalid request', 'token', [
      [names.interval, '25'],
      [names.unit, 'fortnight'],
    ]),
  ];
}

/**
 * A valid request, then again with its answer's validators sent back: matching (304 or the full
 * 200), not matching (the full 200), and matching without a grant (refused as without them).
 * Without the validator a row needs, it is skipped and says why. Intervals 31 to 37.
 */
function conditionalRows(names: Names): Row[] {
  // A refused conditional request follows the same request refused without its validator: a 304 is a
  // precondition evaluated before authentication only where that one is refused; where it is served,
  // the fault is the missing authentication, and the refusal step says so as the auth rows do.
  const conditional = (slug: string, title: string, interval: string, auth: AuthMode, as: Resending): Row => ({
    slug: `conditional.${slug}`,
    title: `${title}, each with ${describeQuery(exampleQuery(names, interval))}`,
    request: { query: exampleQuery(names, interval), then: auth === 'token' ? [{ auth, as }] : [auth, { auth, as }] },
    tags: auth === 'token' ? [] : ['auth'],
  });
  return [
    conditional('if-none-match', 'a valid request, then with its ETag in If-None-Match', '31', 'token', 'if-none-match'),
    conditional('if-none-match-other', 'a valid request, then with another ETag in If-None-Match', '32', 'token', 'if-none-match-other'),
    conditional(
      'if-none-match-no-credential',
      'a valid request, then without a credential, then with its ETag but no credential',
      '33',
      'none',
      'if-none-match',
    ),
    conditional(
      'if-none-match-garbage-token',
      'a valid request, then with a garbage token, then with its ETag and the garbage token',
      '34',
      'garbage-token',
      'if-none-match',
    ),
    conditional(
      'if-modified-since',
      'a valid request, then with its Last-Modified in If-Modified-Since',
      '35',
      'token',
      'if-modified-since',
    ),
    conditional(
      'if-modified-since-earlier',
      'a valid request, then with a day before its Last-Modified in If-Modified-Since',
      '36',
      'token',
      'if-modified-since-earlier',
    ),
    conditional(
      'if-modified-since-no-credential',
      'a valid request, then without a credential, then with its Last-Modified but no credential',
      '37',
      'none',
      'if-modified-since',
    ),
  ];
}

/** Instants at the ends of Python's calendar in offsets that take their UTC reading past it. */
function extremeInstantRows(names: Names): Row[] {
  const extreme = (slug: string, query: QueryPairs): Row => ({
    slug: `extreme-instant.${slug}`,
    title: describeQuery(query),
    request: { query },
    tags: ['dates'],
  });
  return [
    extreme('year-1-plus-01-00', [[WINDOW.from, '0001-01-01T00:00:00+01:00']]),
    extreme('year-1-plus-23-59', [[WINDOW.to, '0001-01-01T00:00:00+23:59']]),
    extreme('year-9999-minus-01-00', [[WINDOW.to, '9999-12-31T23:59:59-01:00']]),
    extreme('year-9999-minus-23-59', [[WINDOW.from, '9999-12-31T23:59:59-23:59']]),
    extreme('window-year-1-to-9999', [
      [WINDOW.from, '0001-01-01T00:00:00+01:00'],
      [WINDOW.to, '9999-12-31T23:59:59-01:00'],
    ]),
    extreme('window-year-1-to-9999-by-minute', [
      [names.unit, 'minute'],
      [WINDOW.from, '0001-01-01T00:00:00+14:00'],
      [WINDOW.to, '9999-12-31T23:59:59-12:00'],
    ]),
  ];
}

/** What the contract leaves to the server: which refusal comes first, and how much it serves at once. */
function freedomRows(names: Names): Row[] {
  return [
    {
      slug: 'refusal-order.unknown-pipeline-unauthorised',
      title: 'no credential for an unknown pipeline: 401, 403 or 404',
      request: { auth: 'none', pipeline: { kind: 'missing' } },
      tags: ['auth', 'pipelines'],
    },
    {
      slug: 'refusal-order.invalid-query-unknown-pipeline-unauthorised',
      title: 'no credential, an unknown pipeline and time_unit=fortnight: any of the three refusals',
      request: { auth: 'none', pipeline: { kind: 'missing' }, query: [[names.unit, 'fortnight']] },
      tags: ['auth', 'pipelines'],
    },
    {
      slug: 'capacity.month-long-window',
      title: 'a window of 31 days: served, or refused as too long',
      request: {
        query: [
          [WINDOW.from, '2025-02-01T00:00:00Z'],
          [WINDOW.to, '2025-03-04T00:00:00Z'],
        ],
      },
      tags: ['dates'],
    },
    {
      slug: 'capacity.dense-minutes',
      title: 'three days at one-minute buckets (4320 points): served, or refused as too many',
      request: {
        query: [
          [names.unit, 'minute'],
          [names.interval, '1'],
          [WINDOW.from, '2025-03-01T07:10:15Z'],
          [WINDOW.to, '2025-03-04T07:10:15Z'],
        ],
      },
      tags: ['dates', 'time-units'],
    },
    {
      slug: 'capacity.day-by-minute',
      title: 'a day at one-minute buckets (1440 points): served',
      request: {
        query: [
          [names.unit, 'minute'],
          [names.interval, '1'],
          [WINDOW.from, '2025-03-03T07:10:15Z'],
          [WINDOW.to, '2025-03-04T07:10:15Z'],
        ],
      },
      tags: ['dates', 'time-units'],
    },
  ];
}

/**
 * How a query is put together where frameworks differ (model.ts, QuerySyntax): a name without `=`,
 * empty values, empty pairs, `;` between pairs, names in another case or percent-encoded. The
 * tier rule says which must be accepted (empty pairs, encoded names: every framework reads them
 * alike), which must be refused (an invalid value stays invalid), and which are boundary.
 */
function querySyntaxRows(names: Names): Row[] {
  const row = (slug: string, title: string, query: QueryPairs, querySyntax?: QuerySyntax): Row => ({
    slug: `query-syntax.${slug}`,
    title: `${title}: ${describeQuery(query)}${querySyntax === undefined ? '' : ` (${querySyntax})`}`,
    request: { query, ...(querySyntax !== undefined && { querySyntax }) },
    tags: ['validation'],
  });
  return [
    row(
      'bare-unit',
      'time_unit without `=` beside a valid time_interval',
      [
        [names.unit, ''],
        [names.interval, '2'],
      ],
      'bare-names',
    ),
    row(
      'bare-interval-invalid-unit',
      'time_interval without `=` beside an invalid time_unit',
      [
        [names.interval, ''],
        [names.unit, 'fortnight'],
      ],
      'bare-names',
    ),
    row('empty-every', 'every parameter with an empty value', [
      [names.interval, ''],
      [names.unit, ''],
      [WINDOW.from, ''],
      [WINDOW.to, ''],
    ]),
    row('empty-pairs', "the documentation's example with empty pairs around and between its pairs", exampleQuery(names), 'empty-pairs'),
    row('separators-alone', 'a query of `&&` alone: no parameters, the documented defaults', [], 'empty-pairs'),
    row(
      'semicolons',
      'valid pairs joined by `;`',
      [
        [names.unit, 'hour'],
        [names.interval, '2'],
      ],
      'semicolons',
    ),
    row('name-upper-case', 'time_unit named in capitals, with an invalid value: another name', [[names.unit.toUpperCase(), 'fortnight']]),
    row(
      'encoded-names',
      "the documentation's example with every character of each name percent-encoded",
      exampleQuery(names),
      'encoded-names',
    ),
    row(
      'encoded-names-invalid',
      'time_unit=fortnight with its name percent-encoded: still invalid',
      [[names.unit, 'fortnight']],
      'encoded-names',
    ),
  ];
}

/** Beyond RFC 9110 (4.1)'s recommended minimum of 8000 octets for a URI: a server may answer 414. */
const LONG = 10_000;
/** Four values this long echoed in a 422's `input`: an answer over 8 KB, under a server's header limit. */
const LONGISH = 2_500;

/**
 * Requests that provoke long answers on purpose (a 422 echoes every invalid value, a 404 its id),
 * so that a fault past a size shows: a body cut short, a connection dropped or reset.
 */
function sizeRows(names: Names): Row[] {
  const garbage = (length: number, seed: string): string => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
  const row = (slug: string, title: string, request: Exchange, tags: readonly Tag[] = ['validation']): Row => ({
    slug: `size.${slug}`,
    title,
    request,
    tags,
  });
  return [
    row(`unit-${LONG}-characters`, `time_unit of ${LONG} characters of garbage: refused (414 allowed), never served`, {
      query: [[names.unit, garbage(LONG, 'fortnight-')]],
    }),
    row(`every-parameter-${LONGISH}-characters`, `every parameter invalid, each ${LONGISH} characters long: a 422 over 8 KB`, {
      query: [
        [names.interval, garbage(LONGISH, 'abc')],
        [names.unit, garbage(LONGISH, 'weekly')],
        [WINDOW.from, garbage(LONGISH, 'not-a-date')],
        [WINDOW.to, garbage(LONGISH, '2025-02-30')],
      ],
    }),
    row(`unknown-parameter-${LONG}-characters`, `the documentation's example beside an unknown parameter of ${LONG} characters`, {
      query: [...exampleQuery(names), ['_', garbage(LONG, '0123456789')]],
    }),
    row(
      `pipeline-id-${LONG}-characters`,
      `a pipeline id of ${LONG} hex digits: refused, never served`,
      { pipeline: { kind: 'raw', segment: garbage(LONG, '0123456789abcdef') } },
      ['pipelines'],
    ),
  ];
}

/**
 * The documentation's example as each client sends it (its Accept, Accept-Encoding and
 * User-Agent), and with an Accept that admits no JSON, where 406 is as fine as the JSON itself.
 */
function profileRows(names: Names): Row[] {
  return [
    ...CLIENT_PROFILES.map((profile): Row => ({
      slug: `profile.${profile}`,
      title: `the documentation's example ${asProfile(profile)} sends it`,
      request: { query: exampleQuery(names), profile },
      tags: [],
    })),
    {
      slug: 'negotiation.accept-html-only',
      title: "the documentation's example with Accept: text/html alone: 406, or the JSON labelled as JSON",
      request: { query: exampleQuery(names), profile: 'browser-navigation', accept: 'text/html' },
      tags: [],
    },
  ];
}

/** Every row of the request dimensions, in a stable order. */
export function requestDimensionCases(spaces: readonly ParameterSpace[]): Case[] {
  const names = namesOf(spaces);
  const rows = [
    ...credentialRows(),
    ...queryShapeRows(names),
    ...neighbourRows(),
    ...repetitionRows(names),
    ...headRows(names),
    ...conditionalRows(names),
    ...extremeInstantRows(names),
    ...freedomRows(names),
    ...querySyntaxRows(names),
    ...sizeRows(names),
    ...profileRows(names),
  ];
  return rows.map((row) => generatedCase(`${ID_PREFIX}${row.slug}`, row.title, row.request, spaces, row.tags));
}
