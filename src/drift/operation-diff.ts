import { code, type DriftDifference, plain } from './drift-difference';
import { asOpenApiDocument, dereference, isJsonObject, type JsonObject, type OpenApiDocument } from '../openapi-document';
import { diffSchemas } from './schema-diff';
import { diffSecurity } from './security-diff';

/** The operation this suite checks, as its path and method appear in an OpenAPI document. */
export const METRICS_OPERATION = { path: '/pipelines/{pipeline_id}/metrics', method: 'get' } as const;

export interface DiffOptions {
  /**
   * Statuses the vendored contract documents outside the OpenAPI document (the overlay's 400,
   * 401, 403, 404, 500): the live document declaring one of them tells a client nothing new.
   */
  documentedStatuses?: readonly string[];
}

interface FoundOperation {
  operation: JsonObject;
  pathItem: JsonObject;
  /** Path parameter names in template order (`pipeline_id`), to match a renamed one. */
  pathParameters: string[];
}

const templateNames = (path: string): string[] => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
const templateShape = (path: string): string => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

/** The operation at `path`, or at a path that differs only in its parameters' names. */
function findOperation(document: OpenApiDocument, path: string, method: string): FoundOperation | undefined {
  const key = Object.hasOwn(document.paths, path)
    ? path
    : Object.keys(document.paths).find((p) => templateShape(p) === templateShape(path));
  if (key === undefined) return undefined;
  const pathItem = dereference(document, document.paths[key]);
  if (!pathItem.ok) return undefined;
  const operation = dereference(document, pathItem.node[method]);
  if (!operation.ok || pathItem.node[method] === undefined) return undefined;
  return { operation: operation.node, pathItem: pathItem.node, pathParameters: templateNames(key) };
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
  /** Declared by `schema`, so sent as text (not by `content`, where JSON could carry a null). */
  serialised: boolean;
}

/** Path-level parameters, overridden by the operation's own (OpenAPI 3, 4.8.9.1), keyed by location and name. */
function parametersOf(document: OpenApiDocument, found: FoundOperation, rename: (name: string) => string): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  const lists = [found.pathItem.parameters, found.operation.parameters];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const resolved = dereference(document, raw);
      if (!resolved.ok) continue;
      const p = resolved.node;
      if (typeof p.name !== 'string' || typeof p.in !== 'string') continue;
      const name = p.in === 'path' ? rename(p.name) : p.name;
      const content = isJsonObject(p.content) ? Object.values(p.content)[0] : undefined;
      const schema = p.schema ?? (isJsonObject(content) ? content.schema : undefined) ?? {};
      const serialised = p.content === undefined;
      out.set(`${p.in}:${name}`, { name, in: p.in, required: p.required === true || p.in === 'path', schema, serialised });
    }
  }
  return out;
}

const responsesOf = (operation: JsonObject): JsonObject => (isJsonObject(operation.responses) ? operation.responses : {});
const contentOf = (document: JsonObject, response: unknown): JsonObject => {
  const resolved = dereference(document, response);
  return resolved.ok && isJsonObject(resolved.node.content) ? resolved.node.content : {};
};
const schemaOf = (media: unknown): unknown => (isJsonObject(media) && Object.hasOwn(media, 'schema') ? media.schema : {});

function diffParameters(
  vendored: OpenApiDocument,
  live: OpenApiDocument,
  before: FoundOperation,
  after: FoundOperation,
): DriftDifference[] {
  const differences: DriftDifference[] = [];
  // A path parameter's name is not on the wire: match them by their place in the template.
  const liveToVendored = new Map(after.pathParameters.map((name, i) => [name, before.pathParameters[i] ?? name]));
  const was = parametersOf(vendored, before, (name) => name);
  const now = parametersOf(live, after, (name) => liveToVendored.get(name) ?? name);
  for (const [key, p] of now) {
    if (was.has(key)) continue;
    differences.push({
      kind: 'parameter-added',
      breaking: p.required,
      location: `parameter ${p.name}`,
      message: p.required
        ? `new required ${plain(p.in)} parameter ${code(p.name)}: requests without it may be refused`
        : `new optional ${plain(p.in)} parameter ${code(p.name)}`,
    });
  }
  for (const [key, p] of was) {
    const counterpart = now.get(key);
    const location = `parameter ${p.name}`;
    if (!counterpart) {
      differences.push({
        kind: 'parameter-removed',
        breaking: true,
        location,
        message: `${code(p.name)} (${plain(p.in)}) is no longer declared: the API may ignore or refuse it`,
      });
      continue;
    }
    if (!p.required && counterpart.required) {
      differences.push({ kind: 'parameter-now-required', breaking: true, location, message: `${code(p.name)} is now required` });
    } else if (p.required && !counterpart.required) {
      differences.push({ kind: 'parameter-now-optional', breaking: false, location, message: `${code(p.name)} is now optional` });
    }
    const subject = {
      direction: 'request' as const,
      where: 'parameter',
      path: p.name,
      nullIsAbsent: p.serialised && counterpart.serialised,
    };
    differences.push(
      ...diffSchemas(subject, { vendoredDocument: vendored, liveDocument: live, vendored: p.schema, live: counterpart.schema }),
    );
  }
  return differences;
}

function diffResponses(
  vendored: OpenApiDocument,
  live: OpenApiDocument,
  before: FoundOperation,
  after: FoundOperation,
  options: DiffOptions,
): DriftDifference[] {
  const differences: DriftDifference[] = [];
  const was = responsesOf(before.operation);
  const now = responsesOf(after.operation);
  const documented = new Set(options.documentedStatuses ?? []);
  for (const status of Object.keys(now)) {
    if (Object.hasOwn(was, status)) continue;
    const known = documented.has(status);
    differences.push({
      kind: 'status-added',
      breaking: !known,
      location: `response ${plain(status)}`,
      message: known
        ? `the live contract now declares ${plain(status)}, which the vendored contract documented only in prose`
        : `the API may now answer ${plain(status)}, which the vendored contract does not declare`,
    });
  }
  for (const status of Object.keys(was)) {
    const location = `response ${plain(status)}`;
    if (!Object.hasOwn(now, status)) {
      const success = /^2/.test(status);
      differences.push({
        kind: 'status-removed',
        breaking: success,
        location,
        message: success
          ? `the live contract no longer declares ${plain(status)}, the answer a client expects`
          : `the live contract no longer declares ${plain(status)}`,
      });
      continue;
    }
    const wasContent = contentOf(vendored, was[status]);
    const nowContent = contentOf(live, now[status]);
    for (const media of Object.keys(nowContent)) {
      if (!Object.hasOwn(wasContent, media)) {
        differences.push({
          kind: 'media-type-added',
          breaking: false,
          location,
          message: `${plain(status)} may now come as ${code(media)}`,
        });
      }
    }
    for (const media of Object.keys(wasContent)) {
      if (!Object.hasOwn(nowContent, media)) {
        differences.push({
          kind: 'media-type-removed',
          breaking: true,
          location,
          message: `${plain(status)} no longer comes as ${code(media)}`,
        });
        continue;
      }
      const where = media === 'application/json' ? location : `${location} ${media}`;
      const subject = { direction: 'response' as const, where, path: '$', rootName: `the ${plain(status)} body` };
      const pair = {
        vendoredDocument: vendored,
        liveDocument: live,
        vendored: schemaOf(wasContent[media]),
        live: schemaOf(nowContent[media]),
      };
      differences.push(...diffSchemas(subject, pair));
    }
  }
  return differences;
}

/**
 * The differences between the metrics operation in the vendored document and in the live one,
 * each judged breaking or not for a client written against the vendored contract.
 * @throws NotAnOpenApiDocument when either document is no OpenAPI 3.x document.
 */
export function diffMetricsOperation(vendored: unknown, live: unknown, options: DiffOptions = {}): DriftDifference[] {
  const vendoredDocument = asOpenApiDocument(vendored, 'vendored');
  const liveDocument = asOpenApiDocument(live, 'live');
  const { path, method } = METRICS_OPERATION;
  const before = findOperation(vendoredDocument, path, method);
  if (!before) throw new Error(`The vendored document declares no ${method.toUpperCase()} ${path}`);
  const after = findOperation(liveDocument, path, method);
  if (!after) {
    return [
      {
        kind: 'operation-missing',
        breaking: true,
        location: 'operation',
        message: `the live contract no longer declares ${method.toUpperCase()} ${path}`,
      },
    ];
  }
  return [
    ...diffParameters(vendoredDocument, liveDocument, before, after),
    ...diffSecurity(vendoredDocument, liveDocument, before.operation, after.operation),
    ...diffResponses(vendoredDocument, liveDocument, before, after, options),
  ];
}
