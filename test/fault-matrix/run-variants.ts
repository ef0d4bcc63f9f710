import { ConcurrencyLimit } from '../../src/concurrency-limit';
import { loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { runAgainst } from '../support/run-against';
import type { ServerVariant } from './server-variant';

/**
 * Runs the whole case table through the engine against each server variant, a few servers at a
 * time (each run is already concurrent inside). Every server is stopped before the next starts
 * in its slot. Returns the verdicts by variant name.
 */
export async function runVariants(variants: readonly ServerVariant[], serversAtOnce: number): Promise<Map<string, Verdict[]>> {
  const limit = new ConcurrencyLimit(serversAtOnce);
  // One contract for all runs: compiling its validators is the costliest part of a run's set-up.
  const contract = loadContract();
  const runs = variants.map((variant) =>
    limit.run(async () => {
      const server = await startReferenceServer(variant.options);
      try {
        return [variant.name, await runAgainst(server, { settings: variant.settings, context: { contract } })] as const;
      } finally {
        await server.close();
      }
    }),
  );
  return new Map(await Promise.all(runs));
}
