import { ConcurrencyLimit } from '../../src/concurrency-limit';
import { loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { type GenerationPlan, type GenerationRun, runGeneration } from '../support/generation-driver';
import { runAgainst } from '../support/run-against';
import type { ServerVariant } from './server-variant';

export interface VariantGeneration {
  /** The case tables' verdicts, when asked for. */
  tables: Verdict[];
  /** One run per plan, in the order of the plans. */
  generations: GenerationRun[];
}

/**
 * Runs the generated tier (and the case tables, when `withTables`) against each server variant,
 * a few servers at a time, as run-variants.ts does for the tables. Each server is stopped before
 * the next starts in its slot.
 */
export async function runGenerationVariants<V extends ServerVariant>(
  variants: readonly V[],
  /** The plans to run against the variant, one after the other on the same server. */
  plansOf: (variant: V) => readonly GenerationPlan[],
  options: { serversAtOnce: number; withTables: boolean },
): Promise<Map<string, VariantGeneration>> {
  const limit = new ConcurrencyLimit(options.serversAtOnce);
  const contract = loadContract();
  const runs = variants.map((variant) =>
    limit.run(async () => {
      const server = await startReferenceServer(variant.options);
      try {
        const tables = options.withTables ? await runAgainst(server, { settings: variant.settings, context: { contract } }) : [];
        const generations: GenerationRun[] = [];
        for (const plan of plansOf(variant)) generations.push(await runGeneration(server, plan, { contract, settings: variant.settings }));
        return [variant.name, { tables, generations }] as const;
      } finally {
        await server.close();
      }
    }),
  );
  return new Map(await Promise.all(runs));
}
