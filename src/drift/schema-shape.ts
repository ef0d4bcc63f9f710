import { dereference, dereferenceSchema, isJsonObject, type JsonObject } from '../openapi-document';

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

/** A limit on a number: `minimum` (inclusive) or `exclusiveMinimum`, likewise for the maximum. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/**
 * The validation keywords that refuse values of a type: a number's range and `multipleOf`; the
 * size of a string (characters), an array (items) or an object (properties); a string's `pattern`s
 * (all must match, as `allOf` makes them). Undefined: no such limit.
 */
interface Constraints {
  lower?: Bound;
  upper?: Bound;
  multipleOf?: number;
  minSize?: number;
  maxSize?: number;
  patterns?: string[];
}

export interface TypeFacet extends Constraints {
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
    Object.assign(facet, constraintsOf(node, type));
  }
  if (node.not !== undefined && isJsonObject(node.not) && Object.keys(node.not).length === 0) types.clear();
  return types;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const SIZE_KEYWORDS: Partial<Record<JsonType, readonly [string, string]>> = {
  string: ['minLength', 'maxLength'],
  array: ['minItems', 'maxItems'],
  object: ['minProperties', 'maxProperties'],
};

/** A bound from the 3.1 (`exclusiveMinimum: 5`) and 3.0 (`minimum: 5, exclusiveMinimum: true`) spellings; the tighter when both. */
function boundOf(
  node: JsonObject,
  inclusive: 'minimum' | 'maximum',
  exclusive: 'exclusiveMinimum' | 'exclusiveMaximum',
): Bound | undefined {
  const candidates: Bound[] = [];
  if (finite(node[inclusive])) candidates.push({ value: node[inclusive], exclusive: node[exclusive] === true });
  if (finite(node[exclusive])) candidates.push({ value: node[exclusive], exclusive: true });
  const side = inclusive === 'minimum' ? 'lower' : 'upper';
  return candidates.reduce<Bound | undefined>((a, b) => (a === undefined ? b : tighterBound(side, a, b)), undefined);
}

/** An integer's bound as the inclusive integer it amounts to, so `exclusiveMinimum: 0` and `minimum: 1` read the same. */
function integerBound(side: 'lower' | 'upper', bound: Bound | undefined): Bound | undefined {
  if (bound === undefined) return undefined;
  const value =
    side === 'lower'
      ? bound.exclusive
        ? Math.floor(bound.value) + 1
        : Math.ceil(bound.value)
      : bound.exclusive
        ? Math.ceil(bound.value) - 1
        : Math.floor(bound.value);
  return { value, exclusive: false };
}

/** The validation keywords of `node` that apply to values of `type`. */
function constraintsOf(node: JsonObject, type: JsonType): Constraints {
  const out: Constraints = {};
  if (type === 'integer' || type === 'number') {
    const lower = boundOf(node, 'minimum', 'exclusiveMinimum');
    const upper = boundOf(node, 'maximum', 'exclusiveMaximum');
    out.lower = type === 'integer' ? integerBound('lower', lower) : lower;
    out.upper = type === 'integer' ? integerBound('upper', upper) : upper;
    if (finite(node.multipleOf) && node.multipleOf > 0 && !(type === 'integer' && node.multipleOf === 1)) out.multipleOf = node.multipleOf;
  }
  const size = SIZE_KEYWORDS[type];
  if (size) {
    const [min, max] = size;
    if (finite(node[min]) && node[min] > 0) out.minSize = node[min];
    if (finite(node[max])) out.maxSize = node[max];
  }
  if (type === 'string' && typeof node.pattern === 'string') out.patterns = [node.pattern];
  return definedOnly(out);
}

/** -1 when `a` admits less than `b` on that side, 1 when more, 0 when the same. */
export function compareBounds(side: 'lower' | 'upper', a: Bound, b: Bound): -1 | 0 | 1 {
  if (a.value !== b.value) return (side === 'lower' ? a.value > b.value : a.value < b.value) ? -1 : 1;
  if (a.exclusive === b.exclusive) return 0;
  return a.exclusive ? -1 : 1;
}
const tighterBound = (side: 'lower' | 'upper', a: Bound, b: Bound): Bound => (compareBounds(side, a, b) <= 0 ? a : b);
const looserBound = (side: 'lower' | 'upper', a: Bound, b: Bound): Bound => (compareBounds(side, a, b) >= 0 ? a : b);

/** Whether every multiple of `a` is a multiple of `b` (floating point tolerated). */
export const multipleOfMultiple = (a: number, b: number): boolean => {
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
};

const greatestCommonDivisor = (a: number, b: number): number => (b === 0 ? a : greatestCommonDivisor(b, a % b));
/** For integers; for fractions, the product (a common multiple, if not the least). */
const leastCommonMultiple = (a: number, b: number): number =>
  Number.isInteger(a) && Number.isInteger(b) ? (a * b) / greatestCommonDivisor(a, b) : a * b;

/** What either of two facets admits; a limit only one of them has is dropped. */
function uniteConstraints(a: Constraints, b: Constraints): Constraints {
  const both = <T>(x: T | undefined, y: T | undefined, pick: (x: T, y: T) => T): T | undefined =>
    x !== undefined && y !== undefined ? pick(x, y) : undefined;
  const samePatterns = JSON.stringify([...(a.patterns ?? [])].sort()) === JSON.stringify([...(b.patterns ?? [])].sort());
  return {
    lower: both(a.lower, b.lower, (x, y) => looserBound('lower', x, y)),
    upper: both(a.upper, b.upper, (x, y) => looserBound('upper', x, y)),
    multipleOf: both(a.multipleOf, b.multipleOf, (x, y) => (multipleOfMultiple(x, y) ? y : multipleOfMultiple(y, x) ? x : Number.NaN)),
    minSize: both(a.minSize, b.minSize, Math.min),
    maxSize: both(a.maxSize, b.maxSize, Math.max),
    patterns: samePatterns ? a.patterns : undefined,
  };
}

/** What both of two facets admit. */
function intersectConstraints(a: Constraints, b: Constraints): Constraints {
  const either = <T>(x: T | undefined, y: T | undefined, pick: (x: T, y: T) => T): T | undefined =>
    x !== undefined && y !== undefined ? pick(x, y) : (x ?? y);
  const patterns = [...new Set([...(a.patterns ?? []), ...(b.patterns ?? [])])];
  return {
    lower: either(a.lower, b.lower, (x, y) => tighterBound('lower', x, y)),
    upper: either(a.upper, b.upper, (x, y) => tighterBound('upper', x, y)),
    multipleOf: either(a.multipleOf, b.multipleOf, (x, y) =>
      multipleOfMultiple(x, y) ? x : multipleOfMultiple(y, x) ? y : leastCommonMultiple(x, y),
    ),
    minSize: either(a.minSize, b.minSize, Math.max),
    maxSize: either(a.maxSize, b.maxSize, Math.min),
    patterns: patterns.length > 0 ? patterns : undefined,
  };
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
    ...definedOnly(uniteConstraints(a, b)),
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
    ...definedOnly(intersectConstraints(a, b)),
  };
}

/** Drops unset limits (and a `multipleOf` two unrelated ones could not unite into), so facets compare by their keys. */
function definedOnly(constraints: Constraints): Constraints {
  return Object.fromEntries(Object.entries(constraints).filter(([, v]) => v !== undefined && !Number.isNaN(v))) as Constraints;
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
    const both = intersectFacets(facet, other);
    // A number's bound met by an integer: `maximum: 100, exclusiveMaximum: true` admits integers up to 99.
    if (kept === 'integer')
      Object.assign(both, definedOnly({ lower: integerBound('lower', both.lower), upper: integerBound('upper', both.upper) }));
    out.set(kept, both);
  }
  return out;
}

const MAX_DEPTH = 32;

/** The shape of `schema` within `document`, following local `$ref`s. */
export function schemaShape(document: JsonObject, schema: unknown, depth = 0): SchemaShape {
  const unresolved: string[] = [];
  const types = typesOf(document, schema, unresolved, depth);
  // A default is an annotation: the one nearest the property wins, beside a `$ref` or at its end.
  const resolved = dereference(document, schema);
  const shape: SchemaShape = { types, unresolved };
  if (resolved.ok && Object.hasOwn(resolved.node, 'default')) shape.default = { value: resolved.node.default };
  return shape;
}

function typesOf(document: JsonObject, schema: unknown, unresolved: string[], depth: number): Map<JsonType, TypeFacet> {
  const resolved = dereferenceSchema(document, schema);
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
  return settleValues(types);
}

/**
 * Where the values are listed (`enum`, `const`), the limits only decide which of them remain: an
 * enum with a limit every member meets is the same enum, and one that refuses `day` has lost it.
 */
function settleValues(types: Map<JsonType, TypeFacet>): Map<JsonType, TypeFacet> {
  for (const [type, facet] of types) {
    if (facet.values === undefined) continue;
    const { lower, upper, multipleOf, minSize, maxSize, patterns, ...rest } = facet;
    const limits: Constraints = { lower, upper, multipleOf, minSize, maxSize, patterns };
    types.set(type, { ...rest, values: facet.values.filter((value) => meets(value, limits)) });
  }
  return types;
}

/** Whether a listed value meets the limits; a pattern this engine cannot compile refuses nothing. */
function meets(value: unknown, limits: Constraints): boolean {
  const { lower, upper, multipleOf, minSize, maxSize, patterns = [] } = limits;
  if (typeof value === 'number') {
    if (lower && (value < lower.value || (lower.exclusive && value === lower.value))) return false;
    if (upper && (value > upper.value || (upper.exclusive && value === upper.value))) return false;
    return multipleOf === undefined || multipleOfMultiple(value, multipleOf);
  }
  const size =
    typeof value === 'string'
      ? [...value].length
      : Array.isArray(value)
        ? value.length
        : isJsonObject(value)
          ? Object.keys(value).length
          : undefined;
  if (size === undefined) return true;
  if ((minSize !== undefined && size < minSize) || (maxSize !== undefined && size > maxSize)) return false;
  return typeof value !== 'string' || patterns.every((pattern) => matches(pattern, value));
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}
