import { type Contract, loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';
import type { ReferenceServer } from '../../src/reference-server/reference-server';
import { runAgainst } from '../support/run-against';
import { ServerRuns } from './server-runs';
import type { ServerVariant } from './server-variant';

/**
 * The whole case table through the engine against server variants, each run shared by the tests
 * that ask for it. One contract for all runs: compiling its validators is the costliest part of a
 * run's set-up.
 */
export function tableRuns(
  options: { contract?: Contract; serversAtOnce?: number; twoPipelines?: ReadonlySet<string> } = {},
): ServerRuns<ServerVariant, Verdict[]> {
  const contract = options.contract ?? loadContract();
  return new ServerRuns(
    (server: ReferenceServer, variant: ServerVariant) => runAgainst(server, { settings: variant.settings, context: { contract } }),
    options,
  );
}
