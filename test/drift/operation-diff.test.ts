/**
 * The drift differ on documents built in memory: each kind of difference, found once, with the
 * verdict a client of the vendored contract would reach and the words it would read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { DriftDifference } from '../../src/drift/drift-difference';
import { NotAnOpenApiDocument } from '../../src/openapi-document';
import { diffMetricsOperation } from '../../src/drift/operation-diff';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests reach into untyped documents

const VENDORED: Json = parseYaml(readFileSync(join(__dirname, '..', '..', 'specs', 'streamkap-openapi.yaml'), 'utf8'));
const PATH = '/pipelines/{pipeline_id}/metrics';

/** A copy of the vendored document, changed by `edit`. */
function drifted(edit: (doc: Json, op: Json, schemas: Json) => void): Json {
  const doc = structuredClone(VENDORED);
  edit(doc, doc.paths[PATH].get, doc.components.schemas);
  return doc;
}
const param = (op: Json, name: string): Json => op.parameters.find((p: Json) => p.name === name);
const diff = (live: Json, options = {}): DriftDifference[] => diffMetricsOperation(VENDORED, live, options);
const d = (kind: DriftDifference['kind'], breaking: boolean, location: string, message: string): DriftDifference => ({
  kind,
  breaking,
  location,
  message,
});

describe('no drift', () => {
  test('the vendored document against itself', () => {
    expect(diff(structuredClone(VENDORED))).toEqual([]);
  });

  test('the same contract spelled another way: 3.1 type arrays, 3.0 nullable, $ref chains, renamed schemas and path parameter', () => {
    const live = drifted((doc, op, schemas) => {
      schemas.PipelineLatestMetrics.properties.recordsLag = { type: ['integer', 'string', 'null'], title: 'Recordslag' };
      schemas.PipelineLatestMetrics.properties.status = { type: 'string', nullable: true };
      param(op, 'timestamp_to').schema = { type: ['string', 'null'], format: 'date-time' };
      schemas.Renamed = schemas.PipelineLatestMetricsWithMetadata;
      schemas.Alias = { $ref: '#/components/schemas/Renamed', description: 'a sibling of $ref, as 3.1 allows' };
      op.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Alias' };
      delete schemas.PipelineLatestMetricsWithMetadata;
      doc.paths = { '/pipelines/{id}/metrics': doc.paths[PATH] };
      param(op, 'pipeline_id').name = 'id';
      op.description = 'rewritten prose is no drift';
    });
    expect(diff(live)).toEqual([]);
  });
});

describe('request parameters, for a client that sends them', () => {
  test('a removed enum value is breaking; an added one is not', () => {
    const live = drifted((_doc, op) => {
      param(op, 'time_unit').schema.enum = ['minute', 'hour', 'day', 'month', 'year'];
    });
    expect(diff(live)).toEqual([
      d('enum-value-added', false, 'parameter time_unit', '`time_unit` now also accepts `year`'),
      d('enum-value-removed', true, 'parameter time_unit', '`time_unit` no longer accepts `week`'),
    ]);
  });

  test('a new required parameter is breaking; a new optional one is not', () => {
    const live = drifted((_doc, op) => {
      op.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
      op.parameters.push({ name: 'verbose', in: 'query', schema: { type: 'boolean' } });
    });
    expect(diff(live)).toEqual([
      d('parameter-added', true, 'parameter region', 'new required query parameter `region`: requests without it may be refused'),
      d('parameter-added', false, 'parameter verbose', 'new optional query parameter `verbose`'),
    ]);
  });

  test('a removed parameter is breaking: the API may now ignore or refuse what the client sends', () => {
    const live = drifted((_doc, op) => {
      op.parameters = op.parameters.filter((p: Json) => p.name !== 'timestamp_to');
    });
    expect(diff(live)).toEqual([
      d(
        'parameter-removed',
        true,
        'parameter timestamp_to',
        '`timestamp_to` (query) is no longer declared: the API may ignore or refuse it',
      ),
    ]);
  });

  test('a parameter made required is breaking; made optional is not', () => {
    const required = drifted((_doc, op) => {
      param(op, 'time_interval').required = true;
    });
    expect(diff(required)).toEqual([d('parameter-now-required', true, 'parameter time_interval', '`time_interval` is now required')]);
    const vendoredRequiring = drifted((_doc, op) => {
      param(op, 'time_interval').required = true;
    });
    expect(diffMetricsOperation(vendoredRequiring, VENDORED)).toEqual([
      d('parameter-now-optional', false, 'parameter time_interval', '`time_interval` is now optional'),
    ]);
  });

  test('a retyped parameter: what it no longer accepts is breaking, what it now also accepts is not', () => {
    const live = drifted((_doc, op) => {
      param(op, 'time_interval').schema.type = 'string';
    });
    expect(diff(live)).toEqual([
      d('type-added', false, 'parameter time_interval', '`time_interval` now also accepts a string'),
      d('type-removed', true, 'parameter time_interval', '`time_interval` no longer accepts an integer'),
    ]);
    const widened = drifted((_doc, op) => {
      param(op, 'time_interval').schema.type = 'number';
    });
    expect(diff(widened)).toEqual([
      d('type-added', false, 'parameter time_interval', '`time_interval` now also accepts a number with a fraction, not only an integer'),
    ]);
  });

  test('a changed format is breaking, a dropped one is not', () => {
    const changed = drifted((_doc, op) => {
      param(op, 'timestamp_from').schema.anyOf[0].format = 'date';
    });
    expect(diff(changed)).toEqual([
      d('format-changed', true, 'parameter timestamp_from', '`timestamp_from` as a string changed format from `date-time` to `date`'),
    ]);
    const dropped = drifted((_doc, op) => {
      delete param(op, 'timestamp_from').schema.anyOf[0].format;
    });
    expect(diff(dropped)).toEqual([
      d('format-changed', false, 'parameter timestamp_from', '`timestamp_from` no longer requires the format `date-time` of a string'),
    ]);
  });

  test('a changed or dropped default is breaking: a client that omits the parameter gets something else', () => {
    const changed = drifted((_doc, op) => {
      param(op, 'time_unit').schema.default = 'day';
      delete param(op, 'time_interval').schema.default;
    });
    expect(diff(changed)).toEqual([
      d('default-changed', true, 'parameter time_interval', '`time_interval` no longer declares its default `1`'),
      d('default-changed', true, 'parameter time_unit', '`time_unit` now defaults to `day` instead of `hour`'),
    ]);
  });

  test('an enum added to a free parameter is breaking; an enum dropped is not', () => {
    const live = drifted((_doc, op) => {
      param(op, 'pipeline_id').schema.enum = ['only-this-one'];
      delete param(op, 'time_unit').schema.enum;
    });
    expect(diff(live)).toEqual([
      d('enum-added', true, 'parameter pipeline_id', '`pipeline_id` now accepts only `only-this-one`'),
      d(
        'enum-removed',
        false,
        'parameter time_unit',
        '`time_unit` now accepts any value as a string, not only `minute`, `hour`, `day`, `week`, `month`',
      ),
    ]);
  });
});

describe('constraints on request parameters, judged by direction', () => {
  test.each<[string, (op: Json) => void, string, string]>([
    ['a minimum', (op) => (param(op, 'time_interval').schema.minimum = 1), 'time_interval', '`time_interval` must now be at least `1`'],
    [
      'a maximum',
      (op) => (param(op, 'time_interval').schema.maximum = 1000),
      'time_interval',
      '`time_interval` must now be at most `1000`',
    ],
    [
      'an exclusiveMinimum (3.1, a number)',
      (op) => (param(op, 'time_interval').schema.exclusiveMinimum = 0),
      'time_interval',
      '`time_interval` must now be at least `1`',
    ],
    [
      'an exclusiveMaximum (3.0, a flag beside maximum)',
      (op) => Object.assign(param(op, 'time_interval').schema, { maximum: 100, exclusiveMaximum: true }),
      'time_interval',
      '`time_interval` must now be at most `99`',
    ],
    [
      'a multipleOf',
      (op) => (param(op, 'time_interval').schema.multipleOf = 5),
      'time_interval',
      '`time_interval` must now be a multiple of `5`',
    ],
    [
      'a pattern on the path parameter',
      (op) => (param(op, 'pipeline_id').schema.pattern = '^[0-9a-f]{24}$'),
      'pipeline_id',
      '`pipeline_id` must now match `^[0-9a-f]{24}$`',
    ],
    [
      'a maxLength on the path parameter',
      (op) => (param(op, 'pipeline_id').schema.maxLength = 24),
      'pipeline_id',
      '`pipeline_id` must now have at most `24` characters',
    ],
    [
      'a minLength on the path parameter',
      (op) => (param(op, 'pipeline_id').schema.minLength = 24),
      'pipeline_id',
      '`pipeline_id` must now have at least `24` characters',
    ],
    [
      'a pattern on a branch of anyOf',
      (op) => (param(op, 'timestamp_from').schema.anyOf[0].pattern = 'Z$'),
      'timestamp_from',
      '`timestamp_from` must now match `Z$`',
    ],
  ])('%s added to a parameter refuses values the vendored contract allowed: breaking', (_name, edit, name, message) => {
    const live = drifted((_doc, op) => edit(op));
    expect(diff(live)).toEqual([d('constraint-added', true, `parameter ${name}`, message)]);
    // The same keyword taken away again is the reverse: compatible.
    expect(diffMetricsOperation(live, VENDORED)).toEqual([
      expect.objectContaining({ kind: 'constraint-removed', breaking: false, location: `parameter ${name}` }),
    ]);
  });

  test('a bound tightened or a multipleOf made stricter is breaking; loosened is not; an unrelated multipleOf is both', () => {
    const limited = drifted((_doc, op) => Object.assign(param(op, 'time_interval').schema, { minimum: 1, maximum: 100, multipleOf: 2 }));
    const tighter = structuredClone(limited);
    Object.assign(param(tighter.paths[PATH].get, 'time_interval').schema, { minimum: 2, maximum: 50, multipleOf: 4 });
    expect(diffMetricsOperation(limited, tighter)).toEqual([
      d('constraint-changed', true, 'parameter time_interval', '`time_interval` must now be at least `2` instead of at least `1`'),
      d('constraint-changed', true, 'parameter time_interval', '`time_interval` must now be at most `50` instead of at most `100`'),
      d(
        'constraint-changed',
        true,
        'parameter time_interval',
        '`time_interval` must now be a multiple of `4` instead of a multiple of `2`',
      ),
    ]);
    expect(diffMetricsOperation(tighter, limited).map((x) => [x.kind, x.breaking])).toEqual([
      ['constraint-changed', false],
      ['constraint-changed', false],
      ['constraint-changed', false],
    ]);
    const unrelated = structuredClone(limited);
    param(unrelated.paths[PATH].get, 'time_interval').schema.multipleOf = 3;
    expect(diffMetricsOperation(limited, unrelated)).toEqual([
      d(
        'constraint-changed',
        true,
        'parameter time_interval',
        '`time_interval` must now be a multiple of `3` instead of a multiple of `2`',
      ),
    ]);
  });

  test('on an enum, a limit decides which members remain: one all members meet is no drift, one that refuses `minute` removes it', () => {
    const met = drifted((_doc, op) => Object.assign(param(op, 'time_unit').schema, { minLength: 3, pattern: '^[a-z]+$' }));
    expect(diff(met)).toEqual([]);
    const refusing = drifted((_doc, op) => (param(op, 'time_unit').schema.maxLength = 5));
    expect(diff(refusing)).toEqual([d('enum-value-removed', true, 'parameter time_unit', '`time_unit` no longer accepts `minute`')]);
  });

  test('the same limits spelled another way are no drift: 3.0 and 3.1 exclusive bounds, an integer bound, allOf', () => {
    const written = drifted((_doc, op) => Object.assign(param(op, 'time_interval').schema, { minimum: 1, maximum: 99 }));
    const respelled = drifted((_doc, op) => {
      const { default: byDefault, ...schema } = param(op, 'time_interval').schema;
      param(op, 'time_interval').schema = {
        default: byDefault,
        allOf: [
          { ...schema, exclusiveMinimum: 0 },
          { maximum: 100, exclusiveMaximum: true },
        ],
      };
    });
    expect(diffMetricsOperation(written, respelled)).toEqual([]);
  });
});

describe('a null branch of a parameter is nothing a client can send', () => {
  test('dropping `{type: null}` from a query parameter, or adding one, is no drift (a query string has no null)', () => {
    const dropped = drifted((_doc, op) => {
      param(op, 'timestamp_from').schema.anyOf = [{ type: 'string', format: 'date-time' }];
      param(op, 'timestamp_to').schema = { type: 'string', format: 'date-time', title: 'End Time' };
    });
    expect(diff(dropped)).toEqual([]);
    const added = drifted((_doc, op) => {
      param(op, 'time_interval').schema.type = ['integer', 'null'];
    });
    expect(diff(added)).toEqual([]);
  });

  test('a parameter that would take only null now refuses every value a client sends; null in a JSON `content` parameter still counts', () => {
    const onlyNull = drifted((_doc, op) => {
      param(op, 'timestamp_from').schema = { type: 'null' };
    });
    expect(diff(onlyNull)).toEqual([d('type-removed', true, 'parameter timestamp_from', '`timestamp_from` no longer accepts a string')]);
    const asJson = (schema: Json) =>
      drifted((_doc, op) => {
        const p = param(op, 'timestamp_from');
        delete p.schema;
        p.content = { 'application/json': { schema } };
      });
    expect(diffMetricsOperation(asJson({ type: ['string', 'null'] }), asJson({ type: 'string' }))).toEqual([
      d('type-removed', true, 'parameter timestamp_from', '`timestamp_from` no longer accepts null'),
    ]);
  });

  test('a null dropped from a response value is still judged: the value can no longer be null, which no client minds', () => {
    const live = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetrics.properties.status.anyOf = [{ type: 'string' }];
    });
    expect(diff(live)).toEqual([d('type-removed', false, 'response 200 $.data.status', '`$.data.status` can no longer be null')]);
  });
});

describe('security, by what each requirement resolves to', () => {
  const scheme = (doc: Json): Json => doc.components.securitySchemes.FronteggHTTPAuthentication;

  test('a scheme renamed, moved to the document level or spelled `Bearer` is no drift', () => {
    const live = drifted((doc, op) => {
      doc.components.securitySchemes = { AccessToken: { type: 'http', scheme: 'Bearer', description: 'renamed' } };
      delete op.security;
      doc.security = [{ AccessToken: [] }];
    });
    expect(diff(live)).toEqual([]);
  });

  test.each<[string, Json, string]>([
    [
      'an API key in a header',
      { type: 'apiKey', in: 'header', name: 'Authorization' },
      'an API key in the `Authorization` header (`FronteggHTTPAuthentication`)',
    ],
    ['HTTP Basic', { type: 'http', scheme: 'basic' }, 'HTTP Basic credentials (`FronteggHTTPAuthentication`)'],
    [
      'an API key in the query',
      { type: 'apiKey', in: 'query', name: 'token' },
      'an API key in the `token` query parameter (`FronteggHTTPAuthentication`)',
    ],
  ])('the same scheme name turned into %s is breaking', (_name, replacement, asked) => {
    const live = drifted((doc) => {
      doc.components.securitySchemes.FronteggHTTPAuthentication = replacement;
    });
    expect(diff(live)).toEqual([
      d(
        'security-requirement-unmet',
        true,
        'security',
        `the API no longer accepts an HTTP bearer token (\`FronteggHTTPAuthentication\`): it now asks for ${asked}`,
      ),
    ]);
  });

  test('credentials now required where none were is breaking; a scheme the live document does not define is too', () => {
    const open = drifted((_doc, op) => {
      op.security = [];
    });
    expect(diffMetricsOperation(open, VENDORED)).toEqual([
      d(
        'security-requirement-unmet',
        true,
        'security',
        'the API now requires credentials: an HTTP bearer token (`FronteggHTTPAuthentication`)',
      ),
    ]);
    expect(diff(open)).toEqual([
      d('security-alternative-added', false, 'security', 'the API now also accepts requests without credentials'),
    ]);
    const undefinedScheme = drifted((_doc, op) => {
      op.security = [{ Missing: [] }];
    });
    expect(diff(undefinedScheme)).toEqual([
      d(
        'security-requirement-unmet',
        true,
        'security',
        'the API no longer accepts an HTTP bearer token (`FronteggHTTPAuthentication`): it now asks for the undefined scheme `Missing` (`Missing`)',
      ),
    ]);
  });

  test('a scope now required is breaking; another way to authenticate and a new bearer format are not', () => {
    const scoped = drifted((_doc, op) => {
      op.security = [{ FronteggHTTPAuthentication: ['read:pipeline_metrics'] }];
    });
    expect(diff(scoped)).toEqual([
      d(
        'security-requirement-unmet',
        true,
        'security',
        'the API no longer accepts an HTTP bearer token (`FronteggHTTPAuthentication`): it now asks for an HTTP bearer token (`FronteggHTTPAuthentication`, scopes `read:pipeline_metrics`)',
      ),
    ]);
    const more = drifted((doc, op) => {
      doc.components.securitySchemes.ApiKey = { type: 'apiKey', in: 'header', name: 'X-API-Key' };
      op.security.push({ ApiKey: [] });
      scheme(doc).bearerFormat = 'JWT';
    });
    expect(diff(more)).toEqual([
      d('security-alternative-added', false, 'security', 'the API now also accepts an API key in the `X-API-Key` header (`ApiKey`)'),
      d('security-bearer-format-changed', false, 'security', "the bearer token's documented format is now `JWT` instead of none"),
    ]);
  });
});

describe('responses, for a client that reads them', () => {
  test('a status the vendored contract does not name is breaking, unless it documents it in prose; removing 422 is not, removing 200 is', () => {
    const live = drifted((_doc, op) => {
      op.responses['409'] = { description: 'Conflict' };
      op.responses['404'] = { description: 'Not Found' };
      delete op.responses['422'];
    });
    expect(diff(live, { documentedStatuses: ['404'] })).toEqual([
      d('status-added', false, 'response 404', 'the live contract now declares 404, which the vendored contract documented only in prose'),
      d('status-added', true, 'response 409', 'the API may now answer 409, which the vendored contract does not declare'),
      d('status-removed', false, 'response 422', 'the live contract no longer declares 422'),
    ]);
    const noSuccess = drifted((_doc, op) => {
      delete op.responses['200'];
    });
    expect(diff(noSuccess)).toEqual([
      d('status-removed', true, 'response 200', 'the live contract no longer declares 200, the answer a client expects'),
    ]);
  });

  test('a response value that may now carry a new type is breaking, one that carries fewer is not (through $refs)', () => {
    const live = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetrics.properties.recordsLag.anyOf.push({ type: 'boolean' });
      schemas.PipelineLatestMetrics.properties.latency.anyOf = [{ type: 'number' }, { type: 'null' }];
    });
    expect(diff(live)).toEqual([
      d('type-removed', false, 'response 200 $.data.latency', '`$.data.latency` can no longer be a string'),
      d('type-added', true, 'response 200 $.data.recordsLag', '`$.data.recordsLag` may now be a boolean'),
    ]);
  });

  test('a removed property is breaking (it may be absent or hold anything), an added one is not', () => {
    const live = drifted((_doc, _op, schemas) => {
      delete schemas.PipelineLatestMetrics.properties.status;
      schemas.PipelineLatestMetrics.properties.health = { type: 'string' };
    });
    expect(diff(live)).toEqual([
      d('property-added', false, 'response 200 $.data.health', '`$.data.health` is a new property'),
      d('property-removed', true, 'response 200 $.data.status', '`$.data.status` is no longer declared: it may be absent or hold anything'),
    ]);
  });

  test('required: a property that may now be absent is breaking, one now always present is not (422 items, nested $refs)', () => {
    const live = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetricsWithMetadata.required = ['data'];
      schemas.ValidationError.required = ['loc', 'msg', 'type', 'input'];
    });
    expect(diff(live)).toEqual([
      d('property-now-optional', true, 'response 200 $.metadata', '`$.metadata` may now be absent'),
      d('property-now-required', false, 'response 422 $.detail[*].input', '`$.detail[*].input` is now always present'),
    ]);
  });

  test('additionalProperties: tightened is no harm to a reader, loosened is breaking', () => {
    const live = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetrics.additionalProperties = false;
      schemas.PipelineLatestMetricsWithMetadata.properties.metadata.additionalProperties.additionalProperties = true;
    });
    expect(diff(live)).toEqual([
      d('additional-properties-tightened', false, 'response 200 $.data', '`$.data` no longer allows properties beyond those declared'),
      d(
        'additional-properties-loosened',
        true,
        'response 200 $.metadata.*',
        '`$.metadata.*` may now carry undeclared properties of any type',
      ),
    ]);
  });

  test('a schema under additionalProperties is compared too ($.metadata.*.*)', () => {
    const live = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetricsWithMetadata.properties.metadata.additionalProperties.additionalProperties = {
        type: ['string', 'number'],
      };
    });
    expect(diff(live)).toEqual([d('type-added', true, 'response 200 $.metadata.*.*', '`$.metadata.*.*` may now be a number')]);
  });

  test('a limit removed or loosened in a response is breaking (the value may now exceed it); added or tightened is not', () => {
    const limited = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetrics.properties.recordsLag.anyOf[0].minimum = 0;
      schemas.PipelineLatestMetrics.properties.status.anyOf[0].maxLength = 32;
      schemas.ValidationError.properties.loc.minItems = 1;
    });
    const loosened = structuredClone(limited);
    delete loosened.components.schemas.PipelineLatestMetrics.properties.recordsLag.anyOf[0].minimum;
    loosened.components.schemas.PipelineLatestMetrics.properties.status.anyOf[0].maxLength = 64;
    expect(diffMetricsOperation(limited, loosened)).toEqual([
      d('constraint-removed', true, 'response 200 $.data.recordsLag', '`$.data.recordsLag` is no longer promised to be at least `0`'),
      d(
        'constraint-changed',
        true,
        'response 200 $.data.status',
        '`$.data.status` is now promised to have at most `64` characters instead of at most `32` characters',
      ),
    ]);
    expect(diffMetricsOperation(loosened, limited).map((x) => [x.kind, x.breaking])).toEqual([
      ['constraint-added', false],
      ['constraint-changed', false],
    ]);
    expect(diffMetricsOperation(limited, VENDORED)).toContainEqual(
      d('constraint-removed', true, 'response 422 $.detail[*].loc', '`$.detail[*].loc` is no longer promised to have at least `1` items'),
    );
  });

  test('a response value whose enum grows is breaking, one that loses a value is not', () => {
    const withEnum = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetrics.properties.status = { type: 'string', enum: ['Active', 'Paused'] };
    });
    const grown = structuredClone(withEnum);
    grown.components.schemas.PipelineLatestMetrics.properties.status.enum = ['Active', 'Failed'];
    expect(diffMetricsOperation(withEnum, grown)).toEqual([
      d('enum-value-added', true, 'response 200 $.data.status', '`$.data.status` may now be `Failed`'),
      d('enum-value-removed', false, 'response 200 $.data.status', '`$.data.status` will no longer be `Paused`'),
    ]);
  });

  test('a whole body retyped, and an untyped value that becomes typed', () => {
    const live = drifted((_doc, op, schemas) => {
      op.responses['200'].content['application/json'].schema = {
        anyOf: [{ $ref: '#/components/schemas/PipelineLatestMetricsWithMetadata' }, { type: 'null' }],
      };
      schemas.ValidationError.properties.input = { type: 'string' };
    });
    expect(diff(live)).toEqual([
      d('type-added', true, 'response 200 $', 'the 200 body may now be null'),
      d('type-removed', false, 'response 422 $.detail[*].input', '`$.detail[*].input` is now always a string'),
    ]);
  });

  test('a media type gone is breaking, a new one is not', () => {
    const live = drifted((_doc, op) => {
      op.responses['200'].content = { 'application/x-ndjson': op.responses['200'].content['application/json'] };
    });
    expect(diff(live)).toEqual([
      d('media-type-added', false, 'response 200', '200 may now come as `application/x-ndjson`'),
      d('media-type-removed', true, 'response 200', '200 no longer comes as `application/json`'),
    ]);
  });

  test('a $ref that leads nowhere is breaking, and a recursive schema is compared without looping', () => {
    const live = drifted((_doc, _op, schemas) => {
      schemas.PipelineLatestMetrics.properties.latency = { $ref: '#/components/schemas/Nowhere' };
      schemas.ValidationError.properties.ctx = { $ref: '#/components/schemas/Tree' };
      schemas.Tree = { type: 'object', properties: { child: { $ref: '#/components/schemas/Tree' } } };
    });
    const differences = diff(live);
    expect(differences).toContainEqual(
      d(
        'reference-unresolved',
        true,
        'response 200 $.data.latency',
        '`$.data.latency` refers to `#/components/schemas/Nowhere`, which the live document does not define',
      ),
    );
    expect(differences).toContainEqual(
      d('property-added', false, 'response 422 $.detail[*].ctx.child', '`$.detail[*].ctx.child` is a new property'),
    );
  });
});

describe('the operation, and documents that are none', () => {
  test('the operation missing from the live document is one breaking difference', () => {
    const live = drifted((doc) => {
      doc.paths = { '/pipelines/{pipeline_id}': doc.paths[PATH] };
    });
    expect(diff(live)).toEqual([
      d('operation-missing', true, 'operation', 'the live contract no longer declares GET /pipelines/{pipeline_id}/metrics'),
    ]);
  });

  test.each([
    ['an HTML page parsed as a string', '<html>hello</html>', 'it is a string, not an object'],
    ['null', null, 'it is null, not an object'],
    ['an array', [1, 2], 'it is an array, not an object'],
    ['JSON that is no contract', { detail: 'Not Found' }, 'it has no `openapi` version field'],
    ['Swagger 2.0', { swagger: '2.0', paths: {} }, 'it is a Swagger 2.0 document; only OpenAPI 3.x can be compared'],
    ['OpenAPI without paths', { openapi: '3.1.0' }, 'it has no `paths` object'],
  ])('a live document that is not an OpenAPI document (%s) is a typed error', (_name, live, reason) => {
    let caught: unknown;
    try {
      diffMetricsOperation(VENDORED, live);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotAnOpenApiDocument);
    expect(caught).toMatchObject({ which: 'live', reason });
  });
});
