import type { Contract } from '../contract';
import type { QueryPairs } from '../model';
import { parameterSpaces } from './parameter-space';
import { judgeValue, type ValueClass } from './value-oracle';

/**
 * For coverage.json: what generation exercised, per query parameter: how many values it sent of
 * each class (valid, invalid, disputed, as the oracle judges them), how many were distinct, and
 * how often each enum member went out.
 */

interface ParameterExercise {
  name: string;
  /** Requests that sent the parameter. */
  sent: number;
  distinct: number;
  byClass: Record<ValueClass, number>;
}

export interface GenerationExercise {
  requests: number;
  parameters: ParameterExercise[];
  enumMembers: Array<{ parameter: string; value: string; sent: number }>;
}

/** Counts the queries generated requests sent (`verdict.request.query`, so templates are resolved). */
export function countExercised(queries: readonly QueryPairs[], contract: Contract): GenerationExercise {
  const spaces = parameterSpaces(contract);
  const parameters = spaces.map((space) => ({ space, sent: 0, values: new Set<string>(), byClass: { valid: 0, invalid: 0, disputed: 0 } }));
  const members = new Map<string, number>();
  for (const query of queries) {
    for (const [name, raw] of query) {
      const entry = parameters.find((p) => p.space.name === name);
      if (entry === undefined) continue;
      entry.sent += 1;
      entry.values.add(raw);
      entry.byClass[judgeValue(entry.space, raw).class] += 1;
      if (entry.space.members.includes(raw)) members.set(`${name}\u0000${raw}`, (members.get(`${name}\u0000${raw}`) ?? 0) + 1);
    }
  }
  return {
    requests: queries.length,
    parameters: parameters.map(({ space, sent, values, byClass }) => ({ name: space.name, sent, distinct: values.size, byClass })),
    enumMembers: spaces.flatMap((space) =>
      space.members.map((value) => ({ parameter: space.name, value, sent: members.get(`${space.name}\u0000${value}`) ?? 0 })),
    ),
  };
}
