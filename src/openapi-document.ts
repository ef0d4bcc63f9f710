import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * An OpenAPI document as this suite reads it, whoever reads it: the contract files and their
 * validator (contract.ts), their coverage (reports/contract-coverage.ts) and the drift differ,
 * which also reads the target's live document. Untyped JSON, checked only as far as they need
 * (an `openapi` 3.x version and a `paths` object), with local `$ref`s followed.
 */

export type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths: JsonObject;
}

export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Thrown when a document handed to the differ is no OpenAPI 3.x document; `reason` says what it is instead. */
export class NotAnOpenApiDocument extends Error {
  constructor(
    readonly which: 'vendored' | 'live',
    readonly reason: string,
  ) {
    super(`The ${which} document is not an OpenAPI document: ${reason}.`);
    this.name = 'NotAnOpenApiDocument';
  }
}

/** Why `value` is not an OpenAPI 3.x document, or undefined when it is one. */
export function notOpenApiReason(value: unknown): string | undefined {
  if (!isJsonObject(value))
    return `it is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not an object`;
  if (typeof value.swagger === 'string') return `it is a Swagger ${value.swagger} document; only OpenAPI 3.x can be compared`;
  if (typeof value.openapi !== 'string') return 'it has no `openapi` version field';
  if (!/^3\.\d+/.test(value.openapi))
    return `its \`openapi\` version is ${JSON.stringify(value.openapi)}; only OpenAPI 3.x can be compared`;
  if (!isJsonObject(value.paths)) return 'it has no `paths` object';
  return undefined;
}

/** @throws NotAnOpenApiDocument */
export function asOpenApiDocument(value: unknown, which: 'vendored' | 'live'): OpenApiDocument {
  const reason = notOpenApiReason(value);
  if (reason !== undefined) throw new NotAnOpenApiDocument(which, reason);
  return value as OpenApiDocument;
}

/** Reads a contract file of this repository, `file` relative to `root` (YAML; JSON is YAML too). @throws NotAnOpenApiDocument */
export function readOpenApiFile(root: string, file: string): OpenApiDocument {
  const parsed: unknown = parseYaml(readFileSync(join(root, file), 'utf8'));
  const reason = notOpenApiReason(parsed);
  if (reason !== undefined) throw new NotAnOpenApiDocument('vendored', `${file}: ${reason}`);
  return parsed as OpenApiDocument;
}

/** The object at `key` of `node`, or an empty one: where a document leaves a part out, there is nothing in it. */
export const objectAt = (node: JsonObject, key: string): JsonObject => {
  const value = node[key];
  return isJsonObject(value) ? value : {};
};

/** A response's body schema: its first media type's (the contract's responses have one each); undefined when it has none. */
export function responseSchema(response: unknown): JsonObject | undefined {
  const [media] = Object.values(isJsonObject(response) ? objectAt(response, 'content') : {});
  return isJsonObject(media) && isJsonObject(media.schema) ? media.schema : undefined;
}

/** The value a local reference (`#/components/schemas/X`) points at, or undefined. */
function resolvePointer(document: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  if (ref === '#' || ref === '#/') return document;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isJsonObject(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

export type Dereferenced = { ok: true; node: JsonObject; refs: readonly string[] } | { ok: false; ref: string };

/**
 * Follows `$ref` chains from a Reference Object (a parameter, a response, a path item, a security
 * scheme). Its siblings (`summary`, `description` in OpenAPI 3.1) override the target's. What a
 * Schema Object admits is read otherwise, by `dereferenceSchema`; this one still names the
 * references a schema passes through, and the default nearest it.
 */
export function dereference(document: JsonObject, node: unknown): Dereferenced {
  const refs: string[] = [];
  let current: unknown = node;
  let siblings: JsonObject = {};
  while (isJsonObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (refs.includes(ref)) return { ok: false, ref };
    refs.push(ref);
    const rest = { ...current };
    delete rest.$ref;
    siblings = { ...rest, ...siblings };
    current = resolvePointer(document, ref);
    if (current === undefined) return { ok: false, ref };
  }
  if (current === true || current === undefined) return { ok: true, node: { ...siblings }, refs };
  if (current === false) return { ok: true, node: { not: {}, ...siblings }, refs };
  if (!isJsonObject(current)) return { ok: true, node: { ...siblings }, refs };
  return { ok: true, node: { ...current, ...siblings }, refs };
}

/**
 * The one reading of keywords beside a Schema Object's `$ref`, for the response validator and the
 * drift differ alike. In OpenAPI 3.1 (JSON Schema 2020-12) they apply together with the schema
 * referred to, as `allOf` makes them: `{$ref: X, maximum: 5}` admits what X admits, up to 5, and
 * never more than X does; a `nullable: true` there adds no null (it needs a `type` beside it).
 */
export function conjoinRefSiblings(schema: unknown): unknown {
  if (!isJsonObject(schema) || typeof schema.$ref !== 'string') return schema;
  const { $ref, ...siblings } = schema;
  return Object.keys(siblings).length === 0 ? schema : { allOf: [{ $ref }, siblings] };
}

/** Keywords whose value is a schema, or an array of schemas (`items` in a tuple), or a map of them. */
const SCHEMA_KEYWORDS = new Set([
  'not',
  'items',
  'additionalItems',
  'additionalProperties',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'prefixItems',
]);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

const mapValues = (map: JsonObject, f: (value: unknown) => unknown): JsonObject =>
  Object.fromEntries(Object.entries(map).map(([key, value]) => [key, f(value)]));

/** `schema` with every `$ref` in it, at any depth, read by `conjoinRefSiblings`: for a validator that reads the whole tree at once. */
export function conjoinRefSiblingsThroughout(schema: unknown): unknown {
  const node = conjoinRefSiblings(schema);
  if (!isJsonObject(node)) return node;
  return Object.fromEntries(Object.entries(node).map(([keyword, value]) => [keyword, subschemasRead(keyword, value)]));
}

/** A keyword's value with the schemas in it read throughout; any other keyword's value (an `enum`, a `default`) as it is. */
function subschemasRead(keyword: string, value: unknown): unknown {
  if (SCHEMA_KEYWORDS.has(keyword))
    return Array.isArray(value) ? value.map(conjoinRefSiblingsThroughout) : conjoinRefSiblingsThroughout(value);
  if (SCHEMA_MAP_KEYWORDS.has(keyword) && isJsonObject(value)) return mapValues(value, conjoinRefSiblingsThroughout);
  return value;
}

/**
 * Follows a Schema Object's `$ref` chain while each link is a `$ref` alone; one with keywords
 * beside it stops there, read by `conjoinRefSiblings` (whose `allOf` the caller reads on).
 */
export function dereferenceSchema(document: JsonObject, schema: unknown): Dereferenced {
  const refs: string[] = [];
  let current = conjoinRefSiblings(schema);
  while (isJsonObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (refs.includes(ref)) return { ok: false, ref };
    refs.push(ref);
    current = conjoinRefSiblings(resolvePointer(document, ref));
    if (current === undefined) return { ok: false, ref };
  }
  if (current === true || current === undefined) return { ok: true, node: {}, refs };
  if (current === false) return { ok: true, node: { not: {} }, refs };
  return { ok: true, node: isJsonObject(current) ? current : {}, refs };
}
