import { allCases } from '../cases';
import type { Contract } from './contract';
import { coverageCases } from './generation/coverage-phase';
import { generatedProperties } from './generation/properties';
import { newSeed, splitBudget } from './generation/random-phase';
import type { Case } from './model';
import { type PlannedCase, planCases } from './runner';

/** What a run will send: the case tables, the coverage phase's boundary values, and the random phase's properties. */
export interface RunPlan {
  planned: PlannedCase[];
  /** Every case the run knows, selected or not: the vocabulary `--tag` and `--case` choose from. */
  known: readonly Case[];
  seed: number;
  /** The random phase's budget, split over the properties. */
  generatedRequests: number;
}

export interface PlanOptions {
  contract: Contract;
  tags: readonly string[];
  limitedTokenConfigured: boolean;
  generatedRequests: number;
  seed?: number;
}

const propertyId = (name: string): string => `generated.property.${name}`;

export function buildPlan(options: PlanOptions): RunPlan {
  const seed = options.seed ?? newSeed();
  const properties = options.generatedRequests > 0 ? generatedProperties(options.contract) : [];
  const budgets = splitBudget(
    options.generatedRequests,
    properties.map((p) => p.name),
  );
  const propertyCases: Case[] = properties.map((p) => ({
    id: propertyId(p.name),
    title: `${p.rule} (${budgets.get(p.name) ?? 0} generated requests)`,
    tier: 'boundary',
    tags: ['generated'],
  }));
  const known = [...allCases, ...coverageCases(options.contract), ...propertyCases];
  const planned = planCases(known, { tags: options.tags, limitedTokenConfigured: options.limitedTokenConfigured }).map((entry) => {
    const property = properties.find((p) => propertyId(p.name) === entry.testCase.id);
    return property ? { ...entry, property: { property, numRuns: budgets.get(property.name) ?? 0, seed } } : entry;
  });
  return { planned, known, seed, generatedRequests: options.generatedRequests };
}
