/**
 * Contract drift end to end over loopback: a reference server publishes a contract at
 * /openapi.json (the vendored one, a drifted one, none, or garbage), the run's own HTTP client
 * fetches it, and the drift report says what a client of the vendored contract should know.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify as toYaml } from 'yaml';
import { SPEC_FILE } from '../../src/contract';
import type { DriftDifference } from '../../src/drift/drift-difference';
import { buildDriftReport, type DriftReport, driftHeadline } from '../../src/drift/drift-report';
import { fetchLiveSpec } from '../../src/drift/live-spec';
import { liveSpecGetter } from '../../src/drift/live-spec-get';
import { createHttpClient, type HttpClient } from '../../src/http/http-client';
import { RateGate } from '../../src/http/rate-gate';
import { type ServedContract, startReferenceServer, vendoredContract } from '../../src/reference-server/reference-server';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests reach into untyped documents

const PATH = '/pipelines/{pipeline_id}/metrics';
const OVERLAY_STATUSES = ['400', '401', '403', '404', '500'];

function drifted(edit: (op: Json, schemas: Json, doc: Json) => void, base: unknown = vendoredContract()): Json {
  const doc = structuredClone(base) as Json;
  edit(doc.paths[PATH].get, doc.components.schemas, doc);
  return doc;
}

let client: HttpClient;
beforeAll(() => {
  client = createHttpClient({ timeoutMs: 2000, retries: 0, gate: new RateGate(1000) });
});
afterAll(() => client.close());

/**
 * Starts a server publishing `contract`, runs drift against it as the run would, and stops it.
 * `vendoredDocument` stands in for specs/ where a case needs a limit the vendored contract lacks.
 */
async function driftAgainst(
  contract: ServedContract,
  prefix = '',
  vendoredDocument: unknown = vendoredContract(),
): Promise<{ report: DriftReport; served: string[] }> {
  const server = await startReferenceServer({ contract, prefix });
  try {
    const liveSpecUrl = `${server.baseUrl}/openapi.json`;
    const live = await fetchLiveSpec(liveSpecUrl, liveSpecGetter(client));
    const report = buildDriftReport({
      liveSpecUrl,
      vendoredSpec: SPEC_FILE,
      vendoredDocument,
      live,
      options: { documentedStatuses: OVERLAY_STATUSES },
    });
    return { report, served: server.requests.map((r) => `${r.method} ${r.url}`) };
  } finally {
    await server.close();
  }
}

const d = (kind: DriftDifference['kind'], breaking: boolean, location: string, message: string): DriftDifference => ({
  kind,
  breaking,
  location,
  message,
});

test('the reference server publishes the vendored contract, and the embedded run shows no drift', async () => {
  const { report, served } = await driftAgainst({ kind: 'vendored' }, '/api');
  expect(served).toEqual(['GET /api/openapi.json']);
  expect(report).toMatchObject({
    status: 'no-drift',
    differences: [],
    breaking: 0,
    nonBreaking: 0,
    vendoredSpec: 'specs/streamkap-openapi.yaml',
  });
  expect(report.liveSpecUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/openapi\.json$/);
  expect(driftHeadline(report)).toBe(`Contract drift: none; GET ${PATH} at ${report.liveSpecUrl} matches specs/streamkap-openapi.yaml.`);
});

test('/openapi.json is the vendored document unchanged, as JSON', async () => {
  const server = await startReferenceServer();
  try {
    const result = await client.get(`${server.baseUrl}/openapi.json`, {});
    expect(result.response?.status).toBe(200);
    expect(result.response?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(result.response?.body ?? '')).toEqual(vendoredContract());
  } finally {
    await server.close();
  }
});

test('a contract published as YAML is read as well', async () => {
  const { report } = await driftAgainst({ kind: 'raw', contentType: 'application/yaml', body: toYaml(vendoredContract()) });
  expect(report.status).toBe('no-drift');
});

describe('drifted contracts: each difference found and judged for a client of the vendored contract', () => {
  test.each<[string, Json, DriftDifference[]]>([
    [
      'time_unit loses week, gains year',
      drifted((op) => {
        op.parameters[2].schema.enum = ['minute', 'hour', 'day', 'month', 'year'];
      }),
      [
        d('enum-value-removed', true, 'parameter time_unit', '`time_unit` no longer accepts `week`'),
        d('enum-value-added', false, 'parameter time_unit', '`time_unit` now also accepts `year`'),
      ],
    ],
    [
      'a new required and a new optional parameter',
      drifted((op) => {
        op.parameters.push(
          { name: 'region', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'page', in: 'query', schema: { type: 'integer' } },
        );
      }),
      [
        d('parameter-added', true, 'parameter region', 'new required query parameter `region`: requests without it may be refused'),
        d('parameter-added', false, 'parameter page', 'new optional query parameter `page`'),
      ],
    ],
    [
      'timestamp_to removed, time_interval made required with another default',
      drifted((op) => {
        op.parameters = op.parameters.filter((p: Json) => p.name !== 'timestamp_to');
        op.parameters[1].required = true;
        op.parameters[1].schema.default = 5;
      }),
      [
        d('parameter-now-required', true, 'parameter time_interval', '`time_interval` is now required'),
        d('default-changed', true, 'parameter time_interval', '`time_interval` now defaults to `5` instead of `1`'),
        d(
          'parameter-removed',
          true,
          'parameter timestamp_to',
          '`timestamp_to` (query) is no longer declared: the API may ignore or refuse it',
        ),
      ],
    ],
    [
      'timestamp_from now a date, time_interval now a string',
      drifted((op) => {
        op.parameters[3].schema.anyOf[0].format = 'date';
        op.parameters[1].schema = { type: 'string', default: '1' };
      }),
      [
        d('default-changed', true, 'parameter time_interval', '`time_interval` now defaults to `"1"` instead of `1`'),
        d('type-removed', true, 'parameter time_interval', '`time_interval` no longer accepts an integer'),
        d('format-changed', true, 'parameter timestamp_from', '`timestamp_from` as a string changed format from `date-time` to `date`'),
        d('type-added', false, 'parameter time_interval', '`time_interval` now also accepts a string'),
      ],
    ],
    [
      'statuses: 409 new, 404 now declared (documented in prose), 422 gone',
      drifted((op) => {
        op.responses['409'] = { description: 'Conflict' };
        op.responses['404'] = { description: 'Not Found' };
        delete op.responses['422'];
      }),
      [
        d('status-added', true, 'response 409', 'the API may now answer 409, which the vendored contract does not declare'),
        d(
          'status-added',
          false,
          'response 404',
          'the live contract now declares 404, which the vendored contract documented only in prose',
        ),
        d('status-removed', false, 'response 422', 'the live contract no longer declares 422'),
      ],
    ],
    [
      '200: recordsLag may be a boolean, status gone, health new, data closed',
      drifted((_op, schemas) => {
        schemas.PipelineLatestMetrics.properties.recordsLag.anyOf.push({ type: 'boolean' });
        delete schemas.PipelineLatestMetrics.properties.status;
        schemas.PipelineLatestMetrics.properties.health = { type: 'string' };
        schemas.PipelineLatestMetrics.additionalProperties = false;
      }),
      [
        d('type-added', true, 'response 200 $.data.recordsLag', '`$.data.recordsLag` may now be a boolean'),
        d('property-removed', false, 'response 200 $.data.status', '`$.data.status` is no longer declared: the live contract rules it out'),
        d('property-added', false, 'response 200 $.data.health', '`$.data.health` is a new property'),
        d('additional-properties-tightened', false, 'response 200 $.data', '`$.data` no longer allows properties beyond those declared'),
      ],
    ],
    [
      '422: msg no longer required, loc items may be null',
      drifted((_op, schemas) => {
        schemas.ValidationError.required = ['loc', 'type'];
        schemas.ValidationError.properties.loc.items.anyOf.push({ type: 'null' });
      }),
      [
        d('type-added', true, 'response 422 $.detail[*].loc[*]', '`$.detail[*].loc[*]` may now be null'),
        d('property-now-optional', true, 'response 422 $.detail[*].msg', '`$.detail[*].msg` may now be absent'),
      ],
    ],
    [
      'the bearer scheme, same name, now an API key header',
      drifted((_op, _schemas, doc) => {
        doc.components.securitySchemes.FronteggHTTPAuthentication = { type: 'apiKey', in: 'header', name: 'X-API-Key' };
      }),
      [
        d(
          'security-requirement-unmet',
          true,
          'security',
          'the API no longer accepts an HTTP bearer token (`FronteggHTTPAuthentication`): it now asks for an API key in the `X-API-Key` header (`FronteggHTTPAuthentication`)',
        ),
      ],
    ],
    [
      'the bearer scheme, same name, now HTTP Basic',
      drifted((_op, _schemas, doc) => {
        doc.components.securitySchemes.FronteggHTTPAuthentication = { type: 'http', scheme: 'basic' };
      }),
      [
        d(
          'security-requirement-unmet',
          true,
          'security',
          'the API no longer accepts an HTTP bearer token (`FronteggHTTPAuthentication`): it now asks for HTTP Basic credentials (`FronteggHTTPAuthentication`)',
        ),
      ],
    ],
    [
      'limits added to request parameters: time_interval at least 1, pipeline_id an ObjectId',
      drifted((op) => {
        op.parameters[1].schema.minimum = 1;
        op.parameters[0].schema.pattern = '^[0-9a-f]{24}$';
      }),
      [
        d('constraint-added', true, 'parameter time_interval', '`time_interval` must now be at least `1`'),
        d('constraint-added', true, 'parameter pipeline_id', '`pipeline_id` must now match `^[0-9a-f]{24}$`'),
      ],
    ],
    [
      'a limit added to a response value: recordsLag at least 0',
      drifted((_op, schemas) => {
        schemas.PipelineLatestMetrics.properties.recordsLag.anyOf[0].minimum = 0;
      }),
      [d('constraint-added', false, 'response 200 $.data.recordsLag', '`$.data.recordsLag` will now always be at least `0`')],
    ],
    [
      'the operation gone',
      drifted((_op, _schemas, doc) => {
        doc.paths = { '/pipelines/{pipeline_id}/metrics/latest': doc.paths[PATH] };
      }),
      [d('operation-missing', true, 'operation', `the live contract no longer declares GET ${PATH}`)],
    ],
  ])('%s', async (_name, document, expected) => {
    const { report } = await driftAgainst({ kind: 'document', document });
    expect(report.status).toBe('drift');
    expect(report.differences).toEqual(expect.arrayContaining(expected));
    expect(report.differences).toHaveLength(expected.length);
    expect(report.breaking).toBe(expected.filter((x) => x.breaking).length);
    expect(report.nonBreaking).toBe(expected.filter((x) => !x.breaking).length);
    // Breaking differences come first.
    expect(report.differences.map((x) => x.breaking)).toEqual(
      [...report.differences.map((x) => x.breaking)].sort((a, b) => Number(b) - Number(a)),
    );
  });
});

test('a limit the vendored contract promised for a response, gone from the live one, is breaking', async () => {
  const promised = drifted((_op, schemas) => {
    schemas.PipelineLatestMetrics.properties.recordsLag.anyOf[0].minimum = 0;
  });
  const { report } = await driftAgainst({ kind: 'document', document: vendoredContract() }, '', promised);
  expect(report).toMatchObject({ status: 'drift', breaking: 1, nonBreaking: 0 });
  expect(report.differences).toEqual([
    d('constraint-removed', true, 'response 200 $.data.recordsLag', '`$.data.recordsLag` is no longer promised to be at least `0`'),
  ]);
});

describe('rewrites a client cannot tell apart are no drift', () => {
  test.each<[string, Json]>([
    [
      'the bearer scheme renamed, and required at the document level',
      drifted((op, _schemas, doc) => {
        doc.components.securitySchemes = { BearerToken: { type: 'http', scheme: 'Bearer' } };
        delete op.security;
        doc.security = [{ BearerToken: [] }];
      }),
    ],
    [
      "the null branch dropped from timestamp_from's anyOf (a query string has no null)",
      drifted((op) => {
        op.parameters[3].schema.anyOf = [{ type: 'string', format: 'date-time' }];
      }),
    ],
  ])('%s', async (_name, document) => {
    const { report } = await driftAgainst({ kind: 'document', document });
    expect(report).toMatchObject({ status: 'no-drift', differences: [], breaking: 0, nonBreaking: 0 });
  });
});

test('no document at /openapi.json: drift is skipped, with the reason', async () => {
  const { report } = await driftAgainst({ kind: 'none' });
  expect(report).toMatchObject({ status: 'skipped', differences: [], breaking: 0 });
  expect(report.reason).toBe(`the target answered 404: it publishes no OpenAPI document at ${report.liveSpecUrl}`);
  expect(driftHeadline(report)).toContain('Contract drift: skipped, the target answered 404');
});

describe('garbage at /openapi.json is a clear warning, never a crash', () => {
  test.each<[string, ServedContract, RegExp]>([
    [
      'an HTML page',
      { kind: 'raw', contentType: 'text/html', body: '<!doctype html><title>Welcome</title><h1>It works</h1>' },
      /^it is an HTML or XML page, not an OpenAPI document \(text\/html\): "<!doctype html>/,
    ],
    [
      'HTML sent as JSON',
      { kind: 'raw', contentType: 'application/json', body: '<html><body>502 Bad Gateway</body></html>' },
      /^it is an HTML or XML page/,
    ],
    [
      'broken JSON',
      { kind: 'raw', contentType: 'application/json', body: '{"openapi": "3.1.0", "paths": {' },
      /^the body is neither JSON nor YAML: "\{\\"openapi\\"/,
    ],
    [
      'plain text',
      { kind: 'raw', contentType: 'text/plain', body: 'hello world' },
      /^the body is not an OpenAPI document: it is a string, not an object$/,
    ],
    [
      'JSON that is no contract',
      { kind: 'document', document: { detail: 'Not here' } },
      /^the body is not an OpenAPI document: it has no `openapi` version field$/,
    ],
    [
      'Swagger 2.0',
      { kind: 'document', document: { swagger: '2.0', paths: {} } },
      /Swagger 2\.0 document; only OpenAPI 3\.x can be compared$/,
    ],
    ['an empty body', { kind: 'raw', contentType: 'application/json', body: '' }, /^the body is empty$/],
    [
      'a server error',
      { kind: 'raw', contentType: 'application/json', body: '{"detail":"boom"}', status: 500 },
      /^the target answered 500 instead of 200$/,
    ],
    [
      'a demand for credentials',
      { kind: 'raw', contentType: 'application/json', body: '{"detail":"Not authenticated"}', status: 401 },
      /^the target answered 401: the document needs credentials/,
    ],
  ])('%s', async (_name, contract, reason) => {
    const { report } = await driftAgainst(contract);
    expect(report.status).toBe('unusable');
    expect(report.differences).toEqual([]);
    expect(report.reason).toMatch(reason);
    expect(driftHeadline(report)).toMatch(
      /^Contract drift: not checked, the live document at http:\/\/127\.0\.0\.1:\d+\/openapi\.json is unusable: /,
    );
  });

  test('nothing listening: the transport error is the reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const live = await fetchLiveSpec(`http://127.0.0.1:${port}/openapi.json`, liveSpecGetter(client));
    expect(live).toEqual({ kind: 'unusable', reason: expect.stringMatching(/^fetching it failed: ECONNREFUSED/) });
  });

  test('a GET that throws is caught too', async () => {
    const live = await fetchLiveSpec('http://127.0.0.1:9/openapi.json', () => Promise.reject(new Error('socket hang up')));
    expect(live).toEqual({ kind: 'unusable', reason: 'fetching it failed: socket hang up' });
  });
});
