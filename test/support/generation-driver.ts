import { type Contract, loadContract } from '../../src/contract';
import { coverageCases } from '../../src/generation/coverage-phase';
import { generatedProperties, type GeneratedProperty, type PropertyName } from '../../src/generation/properties';
import { type PropertyRun, runRandomPhase, type Send } from '../../src/generation/random-phase';
import type { Case, Verdict } from '../../src/model';
import type { ReferenceServer } from '../../src/reference-server/reference-server';
import { createRunContext, planCases, type RunContext, type RunSettings, runCase } from '../../src/runner';
import { settingsFor as settingsForServer } from './run-against';

/**
 * The one place the generation tests touch the runner: if the lead changes createRunContext,
 * planCases or runCase, only this adapter changes.
 */

/** Faster still than run-against's: generation sends many requests. */
const settingsFor = (server: ReferenceServer, overrides: Partial<RunSettings> = {}): RunSettings =>
  settingsForServer(server, { maxRps: 5000, ...overrides });

export interface GenerationSession {
  send: Send;
  close(): void;
}

/** A `send` that drives the engine against `server`, as the CLI will. */
export function openSession(
  server: ReferenceServer,
  options: { contract?: Contract; settings?: Partial<RunSettings> } = {},
): GenerationSession {
  const settings = settingsFor(server, options.settings);
  const context: RunContext = createRunContext(settings, { retryBaseMs: 5, contract: options.contract });
  const limitedTokenConfigured = settings.limitedToken !== undefined;
  const send: Send = (testCase: Case) => {
    const [planned] = planCases([testCase], { tags: [], limitedTokenConfigured });
    return runCase(context, planned as NonNullable<typeof planned>);
  };
  return { send, close: () => context.close() };
}

export interface GenerationRun {
  coverage: Verdict[];
  random: PropertyRun[];
}

export interface GenerationPlan {
  /** Send the coverage phase: all of it, or only the cases with these ids. */
  coverage?: boolean | readonly string[];
  /** Random phase: the seed and total budget over `properties` (all by default). */
  random?: { seed: number; budget: number; properties?: readonly PropertyName[] };
}

/** Runs the generated tier (either phase or both) against a server. */
export async function runGeneration(
  server: ReferenceServer,
  plan: GenerationPlan,
  options: { contract?: Contract; settings?: Partial<RunSettings> } = {},
): Promise<GenerationRun> {
  const contract = options.contract ?? loadContract();
  const session = openSession(server, { ...options, contract });
  try {
    const wanted = plan.coverage;
    const cases =
      wanted === true ? coverageCases(contract) : coverageCases(contract).filter((c) => Array.isArray(wanted) && wanted.includes(c.id));
    const coverage = await Promise.all(cases.map((c) => session.send(c)));
    let random: PropertyRun[] = [];
    if (plan.random) {
      const named = plan.random.properties;
      const properties: GeneratedProperty[] = generatedProperties(contract).filter((p) => named === undefined || named.includes(p.name));
      random = await runRandomPhase(properties, { seed: plan.random.seed, budget: plan.random.budget, send: session.send });
    }
    return { coverage, random };
  } finally {
    session.close();
  }
}

/** Every verdict of a generation run that is not passed or skipped: a failure, or a case that errored. */
export function notPassed(run: GenerationRun): Verdict[] {
  return [...run.coverage, ...run.random.flatMap((r) => r.verdicts)].filter((v) => v.outcome !== 'passed' && v.outcome !== 'skipped');
}
