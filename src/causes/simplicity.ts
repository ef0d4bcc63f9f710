import type { Contract } from '../contract';
import type { QueryPairs } from '../model';

/**
 * How far a request is from the one a person would try first: the canonical request, which sends
 * no query at all and lets the contract's defaults apply. A request with fewer parameters is
 * simpler; among those, one whose values are nearer each parameter's default or example.
 */

/** Per query parameter, the values a person would write: the contract's default and its examples. */
export type CanonicalValues = ReadonlyMap<string, readonly string[]>;

export function canonicalValues(contract: Pick<Contract, 'queryParameters'>): CanonicalValues {
  return new Map(
    contract.queryParameters.map((parameter) => {
      const examples = Array.isArray(parameter.schema.examples) ? (parameter.schema.examples as unknown[]) : [];
      const values = [parameter.default, ...examples].filter((v) => v !== undefined && v !== null).map(String);
      return [parameter.name, values] as const;
    }),
  );
}

const INTEGER = /^[+-]?\d+$/;

/** 0 for a canonical value, else 1 plus how far it is, in [0, 1): numbers and instants by magnitude, text by length. */
function valueDistance(value: string, canonical: readonly string[]): number {
  if (canonical.includes(value)) return 0;
  const [nearest] = canonical;
  if (nearest === undefined) return 1 + Math.min(0.99, value.length / 100);
  if (INTEGER.test(value) && INTEGER.test(nearest)) {
    return 1 + Math.min(0.99, Math.log10(1 + Math.abs(Number(value) - Number(nearest))) / 25);
  }
  const at = Date.parse(value);
  const from = Date.parse(nearest);
  if (!Number.isNaN(at) && !Number.isNaN(from)) {
    // Seconds apart on a log scale, and a spelling longer than the example's (fractions, offsets) a little further.
    const apart = Math.log10(1 + Math.abs(at - from) / 1000) / 15;
    const longer = Math.max(0, value.length - nearest.length) / 400;
    return 1 + Math.min(0.99, apart + longer);
  }
  // Not a value of the parameter's kind at all: further than any that is.
  return 1.5 + Math.min(0.49, Math.abs(value.length - nearest.length) / 200);
}

/** A request's distance from the canonical one: parameters sent, then how far their values are. */
export interface Simplicity {
  parameters: number;
  distance: number;
  /** The last tie-breaker: the shorter request. */
  length: number;
}

export function simplicityOf(query: QueryPairs, canonical: CanonicalValues): Simplicity {
  return {
    parameters: query.length,
    distance: query.reduce((sum, [name, value]) => sum + valueDistance(value, canonical.get(name) ?? []), 0),
    length: query.reduce((sum, [name, value]) => sum + name.length + value.length + 2, 0),
  };
}

/** Negative when `a` is the simpler request. */
export function compareSimplicity(a: Simplicity, b: Simplicity): number {
  return a.parameters - b.parameters || a.distance - b.distance || a.length - b.length;
}
