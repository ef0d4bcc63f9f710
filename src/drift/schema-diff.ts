import { code, type DriftDifference, type DriftKind } from './drift-difference';
import { dereference, type JsonObject } from '../openapi-document';
import {
  type AdditionalProperties,
  type Bound,
  compareBounds,
  covers,
  hasValue,
  JSON_TYPES,
  type JsonType,
  multipleOfMultiple,
  schemaShape,
  type TypeFacet,
} from './schema-shape';

/**
 * Compares one schema in the vendored document with its counterpart in the live one. Each change
 * is first described by its effect on the set of values the schema admits, and only then judged:
 * a client sends requests (the live API must admit at least what the vendored contract allowed)
 * and reads responses (the live API must send no more than the vendored contract promised).
 */

type Direction = 'request' | 'response';

/**
 * `widens`: the live schema admits values the vendored one did not. `narrows`: the reverse.
 * `alters`: both at once, or a change of meaning (a default). `annotates`: neither.
 */
type Effect = 'widens' | 'narrows' | 'alters' | 'annotates';

const isBreaking = (direction: Direction, effect: Effect): boolean =>
  effect === 'alters' || (direction === 'response' ? effect === 'widens' : effect === 'narrows');

export interface SchemaSubject {
  direction: Direction;
  /** Put before the path in a location: `parameter`, `response 200`. */
  where: string;
  /** The path within: a parameter's name, or a JSON path such as `$.data.recordsLag`. */
  path: string;
  /** How a message names the whole body (`the 200 body`), for the path `$`. */
  rootName?: string;
  /**
   * A parameter serialised into the URL, a header or a cookie: no value there is null (OpenAPI
   * 3.1.1 reads a null as an absent value), so a `null` type is neither accepted nor refused.
   */
  nullIsAbsent?: boolean;
}

export interface SchemaPair {
  vendoredDocument: JsonObject;
  liveDocument: JsonObject;
  vendored: unknown;
  live: unknown;
}

const ARTICLE: Record<JsonType, string> = {
  null: 'null',
  boolean: 'a boolean',
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  array: 'an array',
  object: 'an object',
};

const codes = (values: readonly unknown[]): string => values.map(code).join(', ');
const typeList = (types: Iterable<JsonType>): string => {
  const names = [...types].map((t) => ARTICLE[t]);
  return names.length <= 1 ? (names[0] ?? 'nothing') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
};
const isAnything = (types: ReadonlyMap<JsonType, unknown>, universe: readonly JsonType[]): boolean =>
  universe.every((t) => covers(types, t));
const SENDABLE_WITHOUT_NULL = JSON_TYPES.filter((t) => t !== 'null');

const propertyPath = (path: string, name: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;

const MAX_DEPTH = 32;

class SchemaComparison {
  readonly differences: DriftDifference[] = [];
  /** Pairs of `$ref`s being compared further up: a recursive schema is compared once. */
  private readonly onStack = new Set<string>();

  constructor(private readonly documents: { vendored: JsonObject; live: JsonObject }) {}

  private add(subject: SchemaSubject, kind: DriftKind, effect: Effect, message: string): void {
    this.differences.push({ kind, breaking: isBreaking(subject.direction, effect), location: `${subject.where} ${subject.path}`, message });
  }

  private name(subject: SchemaSubject): string {
    return subject.path === '$' && subject.rootName ? subject.rootName : code(subject.path);
  }

  compare(subject: SchemaSubject, vendored: unknown, live: unknown, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    const v = dereference(this.documents.vendored, vendored);
    const l = dereference(this.documents.live, live);
    const pair = v.ok && l.ok && v.refs.length > 0 && l.refs.length > 0 ? `${v.refs.join('>')}|${l.refs.join('>')}` : undefined;
    if (pair !== undefined && this.onStack.has(pair)) return;
    if (pair !== undefined) this.onStack.add(pair);
    try {
      this.compareResolved(subject, vendored, live, depth);
    } finally {
      if (pair !== undefined) this.onStack.delete(pair);
    }
  }

  private compareResolved(subject: SchemaSubject, vendored: unknown, live: unknown, depth: number): void {
    const before = schemaShape(this.documents.vendored, vendored);
    const after = schemaShape(this.documents.live, live);
    if (subject.nullIsAbsent) {
      before.types.delete('null');
      after.types.delete('null');
    }
    const name = this.name(subject);
    for (const ref of after.unresolved) {
      if (!before.unresolved.includes(ref)) {
        this.add(subject, 'reference-unresolved', 'alters', `${name} refers to ${code(ref)}, which the live document does not define`);
      }
    }
    if (subject.direction === 'request') this.compareDefaults(subject, before.default, after.default);
    this.compareTypes(subject, before.types, after.types);
    for (const [type, facet] of before.types) {
      const counterpart = after.types.get(type);
      if (counterpart) this.compareFacets(subject, type, facet, counterpart, depth);
    }
  }

  private compareDefaults(subject: SchemaSubject, before?: { value: unknown }, after?: { value: unknown }): void {
    const name = this.name(subject);
    if (before && after && JSON.stringify(before.value) !== JSON.stringify(after.value)) {
      // `"1"` and `1` read alike as code unless a string keeps its quotes.
      const shown = (value: unknown) => code(typeof before.value !== typeof after.value ? JSON.stringify(value) : value);
      this.add(subject, 'default-changed', 'alters', `${name} now defaults to ${shown(after.value)} instead of ${shown(before.value)}`);
    } else if (before && !after) {
      this.add(subject, 'default-changed', 'alters', `${name} no longer declares its default ${code(before.value)}`);
    } else if (!before && after) {
      this.add(subject, 'default-changed', 'annotates', `${name} now declares the default ${code(after.value)}`);
    }
  }

  private compareTypes(subject: SchemaSubject, before: Map<JsonType, TypeFacet>, after: Map<JsonType, TypeFacet>): void {
    const name = this.name(subject);
    const request = subject.direction === 'request';
    const added = [...after.keys()].filter((t) => !covers(before, t));
    const removed = [...before.keys()].filter((t) => !covers(after, t));
    const universe = subject.nullIsAbsent ? SENDABLE_WITHOUT_NULL : JSON_TYPES;
    if (added.length > 0 && isAnything(after, universe)) {
      this.add(
        subject,
        'type-added',
        'widens',
        request ? `${name} now accepts any type` : `${name} is no longer typed: it may now be anything`,
      );
    } else {
      for (const type of added) {
        const fraction = type === 'number' && before.has('integer');
        const what = fraction ? 'a number with a fraction, not only an integer' : ARTICLE[type];
        this.add(subject, 'type-added', 'widens', request ? `${name} now also accepts ${what}` : `${name} may now be ${what}`);
      }
    }
    if (removed.length > 0 && isAnything(before, universe)) {
      const only = typeList(after.keys());
      this.add(subject, 'type-removed', 'narrows', request ? `${name} now accepts only ${only}` : `${name} is now always ${only}`);
    } else {
      for (const type of removed) {
        this.add(
          subject,
          'type-removed',
          'narrows',
          request ? `${name} no longer accepts ${ARTICLE[type]}` : `${name} can no longer be ${ARTICLE[type]}`,
        );
      }
    }
  }

  private compareFacets(subject: SchemaSubject, type: JsonType, before: TypeFacet, after: TypeFacet, depth: number): void {
    const name = this.name(subject);
    const request = subject.direction === 'request';
    const as = ARTICLE[type];
    if (before.format !== after.format) {
      if (after.format === undefined) {
        const message = request
          ? `${name} no longer requires the format ${code(before.format)} of ${as}`
          : `${name} as ${as} is no longer promised in the format ${code(before.format)}`;
        this.add(subject, 'format-changed', 'widens', message);
      } else if (before.format === undefined) {
        const message = request
          ? `${name} now requires the format ${code(after.format)} of ${as}`
          : `${name} as ${as} now has the format ${code(after.format)}`;
        this.add(subject, 'format-changed', 'narrows', message);
      } else {
        this.add(
          subject,
          'format-changed',
          'alters',
          `${name} as ${as} changed format from ${code(before.format)} to ${code(after.format)}`,
        );
      }
    }
    this.compareValues(subject, as, before.values, after.values);
    this.compareConstraints(subject, type, before, after);
    if (type === 'object') this.compareObjects(subject, before, after, depth);
    if (type === 'array' && (before.items !== undefined || after.items !== undefined)) {
      this.compare({ ...subject, path: `${subject.path}[*]` }, before.items ?? {}, after.items ?? {}, depth + 1);
    }
  }

  private compareValues(subject: SchemaSubject, as: string, before?: unknown[], after?: unknown[]): void {
    const name = this.name(subject);
    const request = subject.direction === 'request';
    if (before && !after) {
      const message = request
        ? `${name} now accepts any value as ${as}, not only ${codes(before)}`
        : `${name} may now be any value as ${as}, not only ${codes(before)}`;
      this.add(subject, 'enum-removed', 'widens', message);
    } else if (!before && after) {
      this.add(
        subject,
        'enum-added',
        'narrows',
        request ? `${name} now accepts only ${codes(after)}` : `${name} is now limited to ${codes(after)}`,
      );
    } else if (before && after) {
      for (const value of after.filter((v) => !hasValue(before, v))) {
        this.add(
          subject,
          'enum-value-added',
          'widens',
          request ? `${name} now also accepts ${code(value)}` : `${name} may now be ${code(value)}`,
        );
      }
      for (const value of before.filter((v) => !hasValue(after, v))) {
        this.add(
          subject,
          'enum-value-removed',
          'narrows',
          request ? `${name} no longer accepts ${code(value)}` : `${name} will no longer be ${code(value)}`,
        );
      }
    }
  }

  /** Each limit judged like a type: a tighter one narrows what the schema admits, a looser one widens it. */
  private compareConstraints(subject: SchemaSubject, type: JsonType, before: TypeFacet, after: TypeFacet): void {
    const limits: LimitChange[] = [
      boundChange('lower', before.lower, after.lower),
      boundChange('upper', before.upper, after.upper),
      sizeChange(type, 'min', before.minSize, after.minSize),
      sizeChange(type, 'max', before.maxSize, after.maxSize),
      {
        was: before.multipleOf === undefined ? undefined : { verb: 'be', what: `a multiple of ${code(before.multipleOf)}` },
        now: after.multipleOf === undefined ? undefined : { verb: 'be', what: `a multiple of ${code(after.multipleOf)}` },
        effect: () => multipleOfEffect(before.multipleOf ?? 0, after.multipleOf ?? 0),
      },
      patternChange(before.patterns ?? [], after.patterns ?? []),
    ];
    const name = this.name(subject);
    const request = subject.direction === 'request';
    for (const { was, now, effect } of limits) {
      if (was === undefined && now === undefined) continue;
      if (was !== undefined && now !== undefined && was.what === now.what) continue;
      if (was === undefined && now !== undefined) {
        const message = request ? `${name} must now ${now.verb} ${now.what}` : `${name} will now always ${now.verb} ${now.what}`;
        this.add(subject, 'constraint-added', 'narrows', message);
      } else if (was !== undefined && now === undefined) {
        const message = request
          ? `${name} no longer has to ${was.verb} ${was.what}`
          : `${name} is no longer promised to ${was.verb} ${was.what}`;
        this.add(subject, 'constraint-removed', 'widens', message);
      } else if (was !== undefined && now !== undefined) {
        const message = request
          ? `${name} must now ${now.verb} ${now.what} instead of ${was.what}`
          : `${name} is now promised to ${now.verb} ${now.what} instead of ${was.what}`;
        this.add(subject, 'constraint-changed', effect(), message);
      }
    }
  }

  private compareObjects(subject: SchemaSubject, beforeFacet: TypeFacet, afterFacet: TypeFacet, depth: number): void {
    const anyObject = {
      properties: new Map<string, unknown>(),
      required: new Set<string>(),
      additional: { kind: 'any' } as AdditionalProperties,
    };
    const before = beforeFacet.object ?? anyObject;
    const after = afterFacet.object ?? anyObject;
    const name = this.name(subject);
    const request = subject.direction === 'request';
    for (const [property, schema] of after.properties) {
      const path = propertyPath(subject.path, property);
      const child = { ...subject, path };
      if (before.properties.has(property)) {
        this.compare(child, before.properties.get(property), schema, depth + 1);
        continue;
      }
      const required = after.required.has(property) ? 'required ' : '';
      if (before.additional.kind === 'none') {
        const message = request
          ? `${name} now accepts a ${required}property ${code(property)} it used to refuse`
          : `${name} may now carry ${code(property)}, which the vendored contract ruled out`;
        this.add(child, 'property-added', after.required.has(property) ? 'alters' : 'widens', message);
        continue;
      }
      const message = request ? `${name} has a new ${required}property ${code(property)}` : `${code(path)} is a new ${required}property`;
      this.add(child, 'property-added', 'narrows', message);
      if (before.additional.kind === 'schema') this.compare(child, before.additional.schema, schema, depth + 1);
    }
    for (const [property, schema] of before.properties) {
      if (after.properties.has(property)) continue;
      const path = propertyPath(subject.path, property);
      const child = { ...subject, path };
      const wasRequired = before.required.has(property);
      if (after.additional.kind === 'none') {
        const message = request
          ? `${code(path)} is no longer declared, and ${name} now refuses undeclared properties`
          : `${code(path)} is no longer declared: the live contract rules it out`;
        this.add(child, 'property-removed', wasRequired ? 'alters' : 'narrows', message);
      } else if (after.additional.kind === 'any') {
        const message = request
          ? `${code(path)} is no longer declared: the API may ignore it`
          : `${code(path)} is no longer declared: it may be absent or hold anything`;
        this.add(child, 'property-removed', 'widens', message);
      } else {
        const message = request
          ? `${code(path)} is no longer declared on its own`
          : `${code(path)} is no longer declared on its own${wasRequired ? ' and may be absent' : ''}`;
        this.add(child, 'property-removed', wasRequired ? 'widens' : 'annotates', message);
        this.compare(child, schema, after.additional.schema, depth + 1);
      }
    }
    for (const property of before.properties.keys()) {
      if (!after.properties.has(property)) continue;
      const child = { ...subject, path: propertyPath(subject.path, property) };
      const label = code(child.path);
      if (before.required.has(property) && !after.required.has(property)) {
        this.add(child, 'property-now-optional', 'widens', request ? `${label} is now optional` : `${label} may now be absent`);
      } else if (!before.required.has(property) && after.required.has(property)) {
        this.add(child, 'property-now-required', 'narrows', request ? `${label} is now required` : `${label} is now always present`);
      }
    }
    this.compareAdditional(subject, before.additional, after.additional, depth);
  }

  private compareAdditional(subject: SchemaSubject, before: AdditionalProperties, after: AdditionalProperties, depth: number): void {
    const name = this.name(subject);
    const tighter = { any: 0, schema: 1, none: 2 } as const;
    if (before.kind === 'schema' && after.kind === 'schema') {
      this.compare({ ...subject, path: `${subject.path}.*` }, before.schema, after.schema, depth + 1);
    } else if (tighter[after.kind] > tighter[before.kind]) {
      const message =
        after.kind === 'none'
          ? `${name} no longer allows properties beyond those declared`
          : `${name} now constrains the properties it does not declare`;
      this.add(subject, 'additional-properties-tightened', 'narrows', message);
    } else if (tighter[after.kind] < tighter[before.kind]) {
      const message =
        after.kind === 'any'
          ? `${name} may now carry undeclared properties of any type`
          : `${name} may now carry undeclared properties (within a schema)`;
      this.add(subject, 'additional-properties-loosened', 'widens', message);
    }
  }
}

/** A limit in words: `be` `at least 1`, `match` `^[0-9a-f]{24}$`. */
interface Limit {
  verb: string;
  what: string;
}

/** Only consulted when both sides have the limit and they differ. */
type LimitChange = { was?: Limit; now?: Limit; effect: () => Effect };

function boundWords(side: 'lower' | 'upper', bound: Bound | undefined): Limit | undefined {
  if (bound === undefined) return undefined;
  const words = side === 'lower' ? (bound.exclusive ? 'more than' : 'at least') : bound.exclusive ? 'less than' : 'at most';
  return { verb: 'be', what: `${words} ${code(bound.value)}` };
}

function boundChange(side: 'lower' | 'upper', before?: Bound, after?: Bound): LimitChange {
  return {
    was: boundWords(side, before),
    now: boundWords(side, after),
    effect: () => (before && after && compareBounds(side, after, before) < 0 ? 'narrows' : 'widens'),
  };
}

const SIZE_UNIT: Partial<Record<JsonType, string>> = { string: 'characters', array: 'items', object: 'properties' };

function sizeChange(type: JsonType, side: 'min' | 'max', before?: number, after?: number): LimitChange {
  const unit = SIZE_UNIT[type] ?? 'elements';
  const words = (size: number | undefined): Limit | undefined =>
    size === undefined ? undefined : { verb: 'have', what: `${side === 'min' ? 'at least' : 'at most'} ${code(size)} ${unit}` };
  const tighter = (b: number, a: number) => (side === 'min' ? a > b : a < b);
  return { was: words(before), now: words(after), effect: () => (tighter(before ?? 0, after ?? 0) ? 'narrows' : 'widens') };
}

/** Multiples of 4 are multiples of 2: from 2 to 4 narrows, from 4 to 2 widens, from 2 to 3 does both. */
function multipleOfEffect(before: number, after: number): Effect {
  if (multipleOfMultiple(after, before)) return 'narrows';
  if (multipleOfMultiple(before, after)) return 'widens';
  return 'alters';
}

/** Patterns are compared as text: whether one regular expression admits all that another does is not decidable here. */
function patternChange(before: readonly string[], after: readonly string[]): LimitChange {
  const words = (patterns: readonly string[]): Limit | undefined =>
    patterns.length === 0 ? undefined : { verb: 'match', what: [...patterns].sort().map(code).join(' and ') };
  const added = after.some((p) => !before.includes(p));
  const removed = before.some((p) => !after.includes(p));
  return { was: words(before), now: words(after), effect: () => (added && removed ? 'alters' : added ? 'narrows' : 'widens') };
}

/** Every difference between the two schemas of `pair`, as a client reading or sending them would judge it. */
export function diffSchemas(subject: SchemaSubject, pair: SchemaPair): DriftDifference[] {
  const comparison = new SchemaComparison({ vendored: pair.vendoredDocument, live: pair.liveDocument });
  comparison.compare(subject, pair.vendored, pair.live);
  return comparison.differences;
}
