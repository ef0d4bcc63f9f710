import { dereference, isJsonObject, type JsonObject } from './openapi-document';

/**
 * A JSON Schema reduced to what drift compares: which JSON types it admits and, per type, the
 * format, the allowed values, an object's properties and an array's items. `anyOf`/`oneOf` unite
 * branches and `allOf` intersects them, so `anyOf: [{type: string}, {type: 'null'}]` (OpenAPI 3.1),
 * `type: [string, 'null']` (3.1) and `type: string, nullable: true` (3.0) all read the same.
 */

export const JSON_TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** What an object admits beyond its declared properties. */
export type AdditionalProperties = { kind: 'any' } | { kind: 'none' } | { kind: 'schema'; schema: unknown };

interface ObjectFacet {
  /** Property schemas as written (still with their `$ref`s), compared when both sides have them. */
  properties: Map<string, unknown>;
  required: Set<string>;
  additional: AdditionalProperties;
}

export interface TypeFacet {
  /** Undefined: any format. */
  format?: string;
  /** The values an `enum` or `const` allows for this type; undefined: any value. */
  values?: unknown[];
  object?: ObjectFacet;
  /** An array's `items` schema as written; undefined: any items. */
  items?: unknown;
}

export interface SchemaShape {
  types: Map<JsonType, TypeFacet>;
  default?: { value: unknown };
  /** `$ref`s that lead nowhere in the document. */
  unresolved: string[];
}

const valueType = (value: unknown): JsonType =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : typeof value === 'object'
          ? 'object'
          : (typeof value as JsonType);

const isJsonType = (value: unknown): value is JsonType => typeof value === 'string' && (JSON_TYPES as readonly string[]).includes(value);

/** `integer` is a kind of `number`: a set holding `number` covers it. */
export const covers = (types: ReadonlyMap<JsonType, unknown> | ReadonlySet<JsonType>, type: JsonType): boolean =>
  types.has(type) || (type === 'integer' && types.has('number'));

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
export const hasValue = (values: readonly unknown[], value: unknown): boolean => values.some((v) => sameValue(v, value));

function everything(): Map<JsonType, TypeFacet> {
  return new Map(JSON_TYPES.filter((t) => t !== 'integer').map((t) => [t, {}]));
}

/** The shape of a schema node with no combinators. */
function plainShape(node: JsonObject): Map<JsonType, TypeFacet> {
  const declared = Array.isArray(node.type) ? node.type.filter(isJsonType) : isJsonType(node.type) ? [node.type] : undefined;
  const values = Array.isArray(node.enum) ? node.enum : Object.hasOwn(node, 'const') ? [node.const] : undefined;
  let types: Map<JsonType, TypeFacet>;
  if (declared) {
    types = new Map(declared.map((t) => [t, {}]));
    if (node.nullable === true) types.set('null', {});
  } else if (values) {
    types = new Map(values.map((v) => [valueType(v), {}]));
  } else {
    types = everything();
  }
  if (types.has('number')) types.delete('integer');
  for (const [type, facet] of types) {
    if (values) {
      const own = values.filter((v) => valueType(v) === type || (type === 'number' && valueType(v) === 'integer'));
      if (own.length === 0 && !(type === 'null' && node.nullable === true)) {
        types.delete(type);
        continue;
      }
      if (type !== 'null') facet.values = own;
    }
    if (typeof node.format === 'string' && type !== 'null' && type !== 'boolean') facet.format = node.format;
    if (
      type === 'object' &&
      (isJsonObject(node.properties) || Array.isArray(node.required) || Object.hasOwn(node, 'additionalProperties'))
    ) {
      facet.object = {
        properties: new Map(Object.entries(isJsonObject(node.properties) ? node.properties : {})),
        required: new Set(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : []),
        additional: additionalOf(node.additionalProperties),
      };
    }
    if (type === 'array' && Object.hasOwn(node, 'items')) facet.items = node.items;
  }
  if (node.not !== undefined && isJsonObject(node.not) && Object.keys(node.not).length === 0) types.clear();
  return types;
}

function additionalOf(value: unknown): AdditionalProperties {
  if (value === undefined || value === true) return { kind: 'any' };
  if (value === false) return { kind: 'none' };
  if (isJsonObject(value) && Object.keys(value).length === 0) return { kind: 'any' };
  return { kind: 'schema', schema: value };
}

function uniteFacets(a: TypeFacet, b: TypeFacet): TypeFacet {
  return {
    format: a.format === b.format ? a.format : undefined,
    values: a.values && b.values ? [...a.values, ...b.values.filter((v) => !hasValue(a.values ?? [], v))] : undefined,
    object:
      a.object && b.object
        ? {
            properties: new Map([...b.object.properties, ...a.object.properties]),
            required: new Set([...a.object.required].filter((r) => b.object?.required.has(r))),
            additional: a.object.additional.kind === 'none' ? b.object.additional : a.object.additional,
          }
        : undefined,
    items: a.items !== undefined && b.items !== undefined ? a.items : undefined,
  };
}

function intersectFacets(a: TypeFacet, b: TypeFacet): TypeFacet {
  const tighter = (x: AdditionalProperties, y: AdditionalProperties) => (x.kind === 'none' || y.kind === 'any' ? x : y);
  return {
    format: a.format ?? b.format,
    values: a.values && b.values ? a.values.filter((v) => hasValue(b.values ?? [], v)) : (a.values ?? b.values),
    object:
      a.object && b.object
        ? {
            properties: new Map([...a.object.properties, ...b.object.properties]),
            required: new Set([...a.object.required, ...b.object.required]),
            additional: tighter(a.object.additional, b.object.additional),
          }
        : (a.object ?? b.object),
    items: a.items ?? b.items,
  };
}

function unite(a: Map<JsonType, TypeFacet>, b: Map<JsonType, TypeFacet>): Map<JsonType, TypeFacet> {
  const out = new Map(a);
  for (const [type, facet] of b) {
    const mine = out.get(type);
    out.set(type, mine ? uniteFacets(mine, facet) : facet);
  }
  if (out.has('number')) out.delete('integer');
  return out;
}

function intersect(a: Map<JsonType, TypeFacet>, b: Map<JsonType, TypeFacet>): Map<JsonType, TypeFacet> {
  const out = new Map<JsonType, TypeFacet>();
  for (const [type, facet] of a) {
    const other = b.get(type) ?? (type === 'number' ? b.get('integer') : type === 'integer' ? b.get('number') : undefined);
    if (!other) continue;
    const kept: JsonType = type === 'number' && b.has('integer') ? 'integer' : type;
    out.set(kept, intersectFacets(facet, other));
  }
  return out;
}

const MAX_DEPTH = 32;

/** The shape of `schema` within `document`, following local `$ref`s. */
export function schemaShape(document: JsonObject, schema: unknown, depth = 0): SchemaShape {
  const unresolved: string[] = [];
  const types = typesOf(document, schema, unresolved, depth);
  const resolved = dereference(document, schema);
  const shape: SchemaShape = { types, unresolved };
  if (resolved.ok && Object.hasOwn(resolved.node, 'default')) shape.default = { value: resolved.node.default };
  return shape;
}

function typesOf(document: JsonObject, schema: unknown, unresolved: string[], depth: number): Map<JsonType, TypeFacet> {
  const resolved = dereference(document, schema);
  if (!resolved.ok) {
    unresolved.push(resolved.ref);
    return everything();
  }
  if (depth > MAX_DEPTH) return everything();
  const node = resolved.node;
  const { anyOf, oneOf, allOf, ...base } = node;
  let types = plainShape(base);
  const branches = (list: unknown): Map<JsonType, TypeFacet>[] =>
    Array.isArray(list) ? list.map((branch) => typesOf(document, branch, unresolved, depth + 1)) : [];
  for (const list of [anyOf, oneOf]) {
    const alternatives = branches(list);
    if (alternatives.length > 0) types = intersect(types, alternatives.reduce(unite));
  }
  for (const member of branches(allOf)) types = intersect(types, member);
  return types;
}
