import { type Contract, METRICS_PATH, OVERLAY_FILE, SPEC_FILE } from '../contract';
import type { GenerationExercise } from '../generation/exercise-count';
import type { Verdict } from '../model';
import { dereferenceSchema, isJsonObject, type JsonObject, objectAt, type OpenApiDocument, responseSchema } from '../openapi-document';

/**
 * reports/coverage.json: which parts of the contract this run saw the server exercise. Against
 * production, a green night only vouches for what it observed; this says what that was.
 */

interface ParameterCoverage {
  name: string;
  observed: boolean;
  /** Answered requests that sent it. */
  sent: number;
  /** Of those, answered 200. */
  answered200: number;
}

interface EnumValueCoverage extends ParameterCoverage {
  value: string;
}

interface StatusCoverage {
  status: string;
  /** `declared` in the vendored OpenAPI document, or `documented` only in prose (the overlay). */
  kind: 'declared' | 'documented';
  source: string;
  observed: boolean;
  count: number;
}

/** One branch of an anyOf in a response schema, such as `$.data.latency` as `string` in a 200. */
interface AlternativeCoverage {
  status: string;
  path: string;
  type: string;
  observed: boolean;
  /** Values seen at the path that match this branch. */
  count: number;
}

export interface Coverage {
  contract: { spec: string; overlay: string };
  /** Cases that got an answer: only these can observe anything. */
  answeredCases: number;
  parameters: ParameterCoverage[];
  enumValues: EnumValueCoverage[];
  statuses: StatusCoverage[];
  /** Statuses the server sent that no contract file names. */
  undeclaredStatuses: Array<{ status: number; count: number }>;
  alternatives: AlternativeCoverage[];
  /** What the generated tier sent, per parameter and class of value (valid, invalid, disputed). */
  generation?: GenerationExercise;
  totals: Record<'parameters' | 'enumValues' | 'statuses' | 'alternatives', { observed: number; of: number }>;
}


/** A place in a body where the contract allows several JSON types. `*` walks every array item. */
export interface AlternativeSite {
  status: string;
  segments: string[];
  types: string[];
}

export const sitePath = (segments: readonly string[]): string => `$${segments.map((s) => (s === '*' ? '[*]' : `.${s}`)).join('')}`;

/** A schema as the validator and the drift differ read it (openapi-document.ts); one that leads nowhere admits anything. */
const resolve = (schema: unknown, doc: OpenApiDocument): JsonObject => {
  const resolved = dereferenceSchema(doc, schema);
  return resolved.ok ? resolved.node : {};
};

function collectSites(schema: unknown, doc: OpenApiDocument, status: string, segments: string[], sites: AlternativeSite[], depth = 0): void {
  if (depth > 8) return; // the contract's schemas are shallow; a recursive one must not loop
  const resolved = resolve(schema, doc);
  if (Array.isArray(resolved.anyOf)) {
    const branches = resolved.anyOf.map((branch) => resolve(branch, doc));
    const types = branches.map((branch) => branch.type);
    if (types.every((type) => typeof type === 'string')) sites.push({ status, segments, types });
    for (const branch of branches) collectSites(branch, doc, status, segments, sites, depth + 1);
  }
  // Every member of an allOf (a `$ref` with keywords beside it among them) holds at the same place.
  if (Array.isArray(resolved.allOf)) for (const member of resolved.allOf) collectSites(member, doc, status, segments, sites, depth + 1);
  for (const [name, property] of Object.entries(objectAt(resolved, 'properties'))) {
    collectSites(property, doc, status, [...segments, name], sites, depth + 1);
  }
  if (isJsonObject(resolved.items)) collectSites(resolved.items, doc, status, [...segments, '*'], sites, depth + 1);
}

/** Every anyOf of JSON types in the metrics responses, from the vendored spec and the overlay (the spec wins a status both declare). */
export function schemaAlternatives(contract: Contract): AlternativeSite[] {
  const byStatus = new Map<string, AlternativeSite[]>();
  for (const file of [OVERLAY_FILE, SPEC_FILE] as const) {
    const doc = contract.documents.get(file);
    if (doc === undefined) continue;
    const operation = objectAt(objectAt(doc.paths, METRICS_PATH), 'get');
    for (const [status, response] of Object.entries(objectAt(operation, 'responses'))) {
      const schema = responseSchema(response);
      const sites: AlternativeSite[] = [];
      if (schema) collectSites(schema, doc, status, [], sites);
      byStatus.set(status, sites);
    }
  }
  return [...byStatus.entries()].sort(([a], [b]) => Number(a) - Number(b)).flatMap(([, sites]) => sites);
}

/** The values at a site's path; `*` fans out over arrays. A missing property yields nothing. */
function valuesAt(value: unknown, segments: readonly string[]): unknown[] {
  if (segments.length === 0) return [value];
  const [head, ...rest] = segments;
  if (head === '*') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, head as string)) return [];
  return valuesAt((value as Record<string, unknown>)[head as string], rest);
}

/** JSON Schema's type test: an integer is a number too. */
function hasJsonType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    default: return false;
  }
}

type Answered = Verdict & { response: NonNullable<Verdict['response']> };

function parsedBody(verdict: Answered): { ok: true; value: unknown } | { ok: false } {
  if (verdict.response.bodyTruncated) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(verdict.response.body) as unknown };
  } catch {
    return { ok: false };
  }
}

const tally = <T extends { observed: boolean }>(rows: readonly T[]) => ({ observed: rows.filter((r) => r.observed).length, of: rows.length });

export function buildCoverage(contract: Contract, verdicts: readonly Verdict[], sites: readonly AlternativeSite[] = schemaAlternatives(contract)): Coverage {
  const answered = verdicts.filter((v): v is Answered => v.response !== undefined);
  const sending = (name: string, value?: string) => answered.filter((v) => v.request.query.some(([n, val]) => n === name && (value === undefined || val === value)));
  const usage = (name: string, value?: string) => {
    const sent = sending(name, value);
    return { observed: sent.length > 0, sent: sent.length, answered200: sent.filter((v) => v.response.status === 200).length };
  };

  const parameters = contract.queryParameters.map((p) => ({ name: p.name, ...usage(p.name) }));
  const enumValues = contract.queryParameters.flatMap((p) => (p.enumValues ?? []).map((value) => ({ name: p.name, value, ...usage(p.name, value) })));

  const statusCount = (status: number) => answered.filter((v) => v.response.status === status).length;
  const statuses = [...contract.responses.values()]
    .sort((a, b) => Number(a.status) - Number(b.status))
    .map((declaration): StatusCoverage => {
      const count = statusCount(Number(declaration.status));
      return { status: declaration.status, kind: declaration.source === SPEC_FILE ? 'declared' : 'documented', source: declaration.source, observed: count > 0, count };
    });
  const undeclared = [...new Set(answered.map((v) => v.response.status))].filter((s) => !contract.responses.has(String(s))).sort((a, b) => a - b);

  const bodies = answered.map((v) => ({ status: String(v.response.status), body: parsedBody(v) }));
  const alternatives = sites.flatMap((site) => {
    const values = bodies.filter((b) => b.status === site.status && b.body.ok).flatMap((b) => (b.body.ok ? valuesAt(b.body.value, site.segments) : []));
    return site.types.map((type): AlternativeCoverage => {
      const count = values.filter((value) => hasJsonType(value, type)).length;
      return { status: site.status, path: sitePath(site.segments), type, observed: count > 0, count };
    });
  });

  return {
    contract: { spec: SPEC_FILE, overlay: OVERLAY_FILE },
    answeredCases: answered.length,
    parameters,
    enumValues,
    statuses,
    undeclaredStatuses: undeclared.map((status) => ({ status, count: statusCount(status) })),
    alternatives,
    totals: { parameters: tally(parameters), enumValues: tally(enumValues), statuses: tally(statuses), alternatives: tally(alternatives) },
  };
}
