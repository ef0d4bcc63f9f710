import { type Contract, loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';
import { type GenerationPlan, type GenerationRun, runGeneration } from '../support/generation-driver';
import { runAgainst } from '../support/run-against';
import { ServerRuns } from './server-runs';
import type { ServerVariant } from './server-variant';

export interface VariantGeneration {
  /** The case tables' verdicts, when asked for. */
  tables: Verdict[];
  /** One run per plan, in the order of the plans. */
  generations: GenerationRun[];
}

/**
 * The generated tier (and the case tables, when `withTables`) against server variants, each run
 * shared by the tests that ask for it, as run-variants.ts does for the tables.
 */
export function generationRuns<V extends ServerVariant>(
  /** The plans to run against the variant, one after the other on the same server. */
  plansOf: (variant: V) => readonly GenerationPlan[],
  options: { withTables: boolean; contract?: Contract; twoPipelines?: ReadonlySet<string> },
): ServerRuns<V, VariantGeneration> {
  const contract = options.contract ?? loadContract();
  return new ServerRuns(async (server, variant: V) => {
    const tables = options.withTables ? await runAgainst(server, { settings: variant.settings, context: { contract } }) : [];
    const generations: GenerationRun[] = [];
    for (const plan of plansOf(variant)) generations.push(await runGeneration(server, plan, { contract, settings: variant.settings }));
    return { tables, generations };
  }, options);
}
