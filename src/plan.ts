import { allCases } from '../cases';
import type { Contract } from './contract';
import { coverageCases } from './generation/coverage-phase';
import { type GeneratedProperty, generatedProperties } from './generation/properties';
import { newSeed, splitBudget } from './generation/random-phase';
import type { Case } from './model';
import { SetupError } from './setup-error';
import { closestNames } from './settings/closest-name';
import { shownWord } from './settings/shown-value';

export interface PlannedCase {
  testCase: Case;
  /** Set when the case cannot run here; it is reported as skipped, never as passed. */
  skipReason?: string;
  /** Set on a generated property's row: many requests, drawn by fast-check, judged as one verdict. */
  property?: PlannedProperty;
}

export interface PlannedProperty {
  property: GeneratedProperty;
  /** With several pipelines: the configured pipeline its requests read. */
  pipelineId?: string;
  /** Requests this property may send, shrinking included. */
  numRuns: number;
  seed: number;
}

/** The cases a run sends: those with any of `tags` (all when none), each marked runnable or not. */
export function planCases(cases: readonly Case[], options: { tags: readonly string[]; limitedTokenConfigured: boolean }): PlannedCase[] {
  const selected = options.tags.length === 0 ? cases : cases.filter((c) => c.tags.some((tag) => options.tags.includes(tag)));
  return selected.map((testCase) => ({
    testCase,
    skipReason:
      [testCase.auth, ...(testCase.then ?? []).map((step) => step.auth)].includes('limited-token') && !options.limitedTokenConfigured
        ? 'no limited credentials: set STREAMKAP_LIMITED_CLIENT_ID and STREAMKAP_LIMITED_SECRET (or STREAMKAP_LIMITED_TOKEN) to a client or token that lacks read:pipeline_metrics to run this case'
        : undefined,
  }));
}

/** What a run will send: the case tables, the coverage phase's boundary values, and the random phase's properties. */
export interface RunPlan {
  planned: PlannedCase[];
  /** Every case the run knows, selected or not: the vocabulary `--tag` and `--case` choose from. */
  known: readonly Case[];
  seed: number;
  /** What the random phase will send: the budget of the properties the selection kept (none under `--tag auth`). */
  generatedRequests: number;
}

export interface PlanOptions {
  contract: Contract;
  /** The configured pipelines; with more than one, what depends on a pipeline's data runs for each. */
  pipelineIds?: readonly string[];
  /** `--case`: exactly these cases, whatever the tags say. */
  cases?: readonly string[];
  tags: readonly string[];
  limitedTokenConfigured: boolean;
  generatedRequests: number;
  seed?: number;
}

/** A property's case id: what `--case` names to run it, as its rerun command says. */
export const propertyCaseId = (name: string): string => `generated.property.${name}`;

/**
 * What a pipeline's own data decides, the answers to valid requests, runs for every pipeline: the
 * must-accept cases, and the property of generated valid requests. The rest (validation, auth,
 * unknown pipelines) does not depend on which pipeline is asked, and runs once, with the first.
 */
function dependsOnPipelineData(c: Case): boolean {
  return c.tier === 'accept' || c.id === propertyCaseId('valid-requests-accepted');
}

/** With several pipelines every case names the one it runs with, so that each report and metric can say which. */
export function forEachPipeline(cases: readonly Case[], pipelines: readonly string[]): Case[] {
  const [first] = pipelines;
  if (first === undefined || pipelines.length === 1) return [...cases];
  return cases.flatMap((c) => (dependsOnPipelineData(c) ? pipelines : [first]).map((pipelineId) => ({ ...c, pipelineId })));
}

/** How many case ids a misspelt `--case` is offered. */
const NEAREST_CASES = 3;

/** The cases `--case` names, in the plan's order; an id that is no case stops the run, with the nearest ones. */
function chooseCases(known: readonly Case[], ids: readonly string[]): Case[] {
  const knownIds = new Set(known.map((c) => c.id));
  const unknown = ids.filter((id) => !knownIds.has(id));
  if (unknown.length > 0) {
    const ids = [...knownIds];
    const near = [...new Set(unknown.flatMap((typed) => closestNames(typed, ids, NEAREST_CASES)))];
    const guess = near.length > 0 ? ` Did you mean ${near.slice(0, -1).join(', ')}${near.length > 1 ? ' or ' : ''}${near.at(-1)}?` : '';
    throw new SetupError(
      `--case ${unknown.map(shownWord).join(', ')} names no case.${guess} Run with --list to see every case id.`,
      '--case',
    );
  }
  const chosen = new Set(ids);
  return known.filter((c) => chosen.has(c.id));
}

export function buildPlan(options: PlanOptions): RunPlan {
  const seed = options.seed ?? newSeed();
  const properties = options.generatedRequests > 0 ? generatedProperties(options.contract) : [];
  const budgets = splitBudget(
    options.generatedRequests,
    properties.map((p) => p.name),
  );
  const propertyCases: Case[] = properties.map((p) => ({
    id: propertyCaseId(p.name),
    origin: 'property',
    title: `${p.rule} (${budgets.get(p.name) ?? 0} generated requests)`,
    tier: 'boundary',
    tags: ['generated'],
  }));
  const pipelines = options.pipelineIds ?? [];
  const known = forEachPipeline([...allCases, ...coverageCases(options.contract), ...propertyCases], pipelines);
  const chosen = options.cases && options.cases.length > 0 ? chooseCases(known, options.cases) : known;
  const tags = options.cases && options.cases.length > 0 ? [] : options.tags;
  const planned = planCases(chosen, { tags, limitedTokenConfigured: options.limitedTokenConfigured }).map((entry) => {
    const property =
      entry.testCase.origin === 'property' ? properties.find((p) => propertyCaseId(p.name) === entry.testCase.id) : undefined;
    if (!property) return entry;
    const pipelineId = entry.testCase.pipelineId;
    return {
      ...entry,
      property: { property, numRuns: budgets.get(property.name) ?? 0, seed, ...(pipelineId !== undefined && { pipelineId }) },
    };
  });
  const generatedRequests = planned.reduce((sum, entry) => sum + (entry.property?.numRuns ?? 0), 0);
  return { planned, known, seed, generatedRequests };
}
