/**
 * An OpenAPI document as the drift differ reads it: untyped JSON, checked only as far as the
 * differ needs (an `openapi` 3.x version and a `paths` object), with local `$ref`s resolved.
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
 * Follows `$ref` chains from `node`. In OpenAPI 3.1 a `$ref` may have siblings; they are laid over
 * the target (a `description` beside a `$ref` is common, a constraint rare but legal).
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
