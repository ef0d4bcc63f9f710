import { join } from 'node:path';
import OpenAPIResponseValidator from 'openapi-response-validator';
import type { SchemaError } from './model';
import {
  conjoinRefSiblingsThroughout,
  isJsonObject,
  type JsonObject,
  objectAt,
  type OpenApiDocument,
  readOpenApiFile,
  responseSchema,
} from './openapi-document';

export const SPEC_FILE = 'specs/streamkap-openapi.yaml';
export const OVERLAY_FILE = 'specs/documented-errors.overlay.yaml';
export const METRICS_PATH = '/pipelines/{pipeline_id}/metrics';

interface ResponseDeclaration {
  status: string;
  /** The repository-relative file that declares this status. */
  source: string;
  description: string;
  mediaTypes: string[];
}

export interface QueryParameter {
  name: string;
  schema: Record<string, unknown>;
  enumValues?: string[];
  /** The schema's `anyOf` branches, or the schema itself when it has none (`{type: 'null'}` included). */
  alternatives: Record<string, unknown>[];
  default?: unknown;
}

export interface BodyValidation {
  source: string;
  errors: SchemaError[];
}

export interface Contract {
  /** The parsed contract files, read once a run: the vendored document and the overlay, by file. */
  documents: ReadonlyMap<typeof SPEC_FILE | typeof OVERLAY_FILE, OpenApiDocument>;
  responses: ReadonlyMap<string, ResponseDeclaration>;
  queryParameters: readonly QueryParameter[];
  /** Undefined when no contract file declares the status. */
  validateBody(status: number, body: unknown): BodyValidation | undefined;
}

function metricsOperation(doc: OpenApiDocument, file: string): JsonObject {
  const operation = objectAt(doc.paths, METRICS_PATH).get;
  if (!isJsonObject(operation)) throw new Error(`${file} declares no GET ${METRICS_PATH}`);
  return operation;
}

/** openapi-response-validator reports `data/recordsLag`; people read `$.data.recordsLag`. */
export function toJsonPath(validatorPath: string | undefined): string {
  if (!validatorPath || validatorPath === 'response' || validatorPath === 'instance') return '$';
  return (
    '$' +
    validatorPath
      .split('/')
      .filter((part) => part !== '')
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
      .join('')
  );
}

interface ValidatorError {
  path?: string;
  message: string;
}

const ANY_OF_FAILED = 'must match a schema in anyOf';

/** Ajv reports each failed anyOf branch apart; one line per path reads better ("must be integer, string or null"). */
function toSchemaErrors(raw: readonly ValidatorError[]): SchemaError[] {
  const errors = raw.map((error) => ({ path: toJsonPath(error.path), message: error.message }));
  const anyOfPaths = new Set(errors.filter((e) => e.message === ANY_OF_FAILED).map((e) => e.path));
  const merged: SchemaError[] = [];
  for (const path of anyOfPaths) {
    const branches = errors
      .filter((e) => e.path === path && e.message.startsWith('must be '))
      .map((e) => e.message.slice('must be '.length));
    const expected = branches.length > 1 ? `${branches.slice(0, -1).join(', ')} or ${branches[branches.length - 1]}` : branches[0];
    merged.push({ path, message: expected ? `must be ${expected}` : ANY_OF_FAILED });
  }
  const rest = errors.filter((e) => !(anyOfPaths.has(e.path) && (e.message === ANY_OF_FAILED || e.message.startsWith('must be '))));
  return [...merged, ...rest];
}

type ValidatorArgs = ConstructorParameters<typeof OpenAPIResponseValidator>[0];

/**
 * One validator per contract file, so each verdict can say which file judged it. Every schema goes
 * through the reading the drift differ uses (conjoinRefSiblings), so both read a `$ref` alike.
 */
function buildValidator(doc: OpenApiDocument, operation: JsonObject): OpenAPIResponseValidator {
  const responses = Object.fromEntries(
    Object.entries(objectAt(operation, 'responses')).map(([status, response]) => {
      const schema = responseSchema(response);
      return [status, { schema: schema === undefined ? { type: 'null' } : conjoinRefSiblingsThroughout(schema) }];
    }),
  );
  const components = objectAt(doc, 'components');
  const schemas = Object.fromEntries(
    Object.entries(objectAt(components, 'schemas')).map(([name, s]) => [name, conjoinRefSiblingsThroughout(s)]),
  );
  // The library types its arguments as OpenAPI 3.0 objects; these are the same JSON, read as 3.1.
  return new OpenAPIResponseValidator({
    responses: responses as ValidatorArgs['responses'],
    components: { ...components, schemas } as ValidatorArgs['components'],
  });
}

function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** Contracts read so far, by the folder they were read from. */
const loaded = new Map<string, Contract>();

/**
 * Reads the vendored contract and the project's overlay of prose-only statuses, once per folder
 * and process: the files do not change while it runs, and building the validators costs tens of
 * milliseconds that every run context (hundreds in the project's own tests) would pay again.
 * The upstream file wins where both declare a status.
 */
export function loadContract(root = join(__dirname, '..')): Contract {
  const known = loaded.get(root) ?? readContract(root);
  loaded.set(root, known);
  return known;
}

function readContract(root: string): Contract {
  const upstream = readOpenApiFile(root, SPEC_FILE);
  const overlay = readOpenApiFile(root, OVERLAY_FILE);
  const upstreamOperation = metricsOperation(upstream, SPEC_FILE);
  const overlayOperation = metricsOperation(overlay, OVERLAY_FILE);
  // Built when a body is first judged against the file: compiling the schemas is most of what reading
  // the contract costs, and many readers (the plan, the tiers, the reports) never judge a body.
  const validators = new Map<string, () => OpenAPIResponseValidator>([
    [SPEC_FILE, once(() => buildValidator(upstream, upstreamOperation))],
    [OVERLAY_FILE, once(() => buildValidator(overlay, overlayOperation))],
  ]);

  const responses = new Map<string, ResponseDeclaration>();
  for (const [source, operation] of [
    [OVERLAY_FILE, overlayOperation],
    [SPEC_FILE, upstreamOperation],
  ] as const) {
    for (const [status, response] of Object.entries(objectAt(operation, 'responses'))) {
      const declared = isJsonObject(response) ? response : {};
      responses.set(status, {
        status,
        source,
        description: typeof declared.description === 'string' ? declared.description : '',
        mediaTypes: Object.keys(objectAt(declared, 'content')),
      });
    }
  }

  const parameters = Array.isArray(upstreamOperation.parameters) ? upstreamOperation.parameters.filter(isJsonObject) : [];
  const queryParameters = parameters
    .filter((parameter): parameter is JsonObject & { name: string } => parameter.in === 'query' && typeof parameter.name === 'string')
    .map((parameter) => {
      const schema = objectAt(parameter, 'schema');
      const enumValues = Array.isArray(schema.enum) ? schema.enum.filter((v): v is string => typeof v === 'string') : undefined;
      const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isJsonObject) : [schema];
      return { name: parameter.name, schema, enumValues, alternatives, ...('default' in schema && { default: schema.default }) };
    });

  return {
    documents: new Map([
      [SPEC_FILE, upstream],
      [OVERLAY_FILE, overlay],
    ]),
    responses,
    queryParameters,
    validateBody(status, body) {
      const declaration = responses.get(String(status));
      if (!declaration) return undefined;
      const validator = validators.get(declaration.source)?.();
      if (!validator) return undefined;
      // The validator applies schema defaults to what it checks; keep the caller's body intact.
      const copy: unknown = body === undefined ? undefined : structuredClone(body);
      const result = validator.validateResponse(String(status), copy);
      return { source: declaration.source, errors: toSchemaErrors((result?.errors ?? []) as ValidatorError[]) };
    },
  };
}
