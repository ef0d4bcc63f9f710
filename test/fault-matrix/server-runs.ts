import { ConcurrencyLimit } from '../../src/concurrency-limit';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import type { ServerVariant } from './server-variant';

/** The second pipeline a server serves when its run checks two. */
export const SECOND_PIPELINE_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** One server in this many runs with two pipelines: several pipelines proven across the matrix, at a third of the cost of all. */
const TWO_PIPELINES_EVERY = 3;

/**
 * The servers of a table that run with two pipelines: every third, by their place in the table, and
 * every fault that shows on the second pipeline alone. The rest run with one, as most users do.
 */
export function twoPipelineShare(table: readonly (ServerVariant & { secondPipelineOnly?: true })[]): ReadonlySet<string> {
  return new Set(
    table.filter((variant, i) => variant.secondPipelineOnly || i % TWO_PIPELINES_EVERY === TWO_PIPELINES_EVERY - 1).map((v) => v.name),
  );
}

/** Two cores: a few servers at once keeps both busy without starving the event loop. */
const SERVERS_AT_ONCE = 4;

/**
 * A jest timeout for one server's test that only a hang reaches, never a busy machine: the matrix
 * proves what is caught, and how fast it runs is `npm run bench`'s business.
 */
export const SERVER_TEST_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs against server variants, shared by the tests of one file: each variant's server is started
 * on first asking, a few at a time, run against once, and stopped; every test that needs the
 * outcome awaits the same run. So each server gets a test of its own, judged on its own outcome.
 */
export class ServerRuns<V extends ServerVariant, T> {
  private readonly runs = new Map<string, Promise<T>>();
  private readonly limit: ConcurrencyLimit;
  /** The names of the variants whose server serves a second pipeline. */
  private readonly twoPipelines: ReadonlySet<string>;
  /** The outcomes of the runs that have finished, by variant name: for the closing tallies. */
  readonly finished = new Map<string, T>();

  constructor(
    private readonly runOn: (server: ReferenceServer, variant: V) => Promise<T>,
    options: { serversAtOnce?: number; twoPipelines?: ReadonlySet<string> } = {},
  ) {
    this.limit = new ConcurrencyLimit(options.serversAtOnce ?? SERVERS_AT_ONCE);
    this.twoPipelines = options.twoPipelines ?? new Set();
  }

  /** Whether the variant's server serves a second pipeline, and its run checks both. */
  hasSecondPipeline(variant: V): boolean {
    return this.twoPipelines.has(variant.name);
  }

  of(variant: V): Promise<T> {
    let run = this.runs.get(variant.name);
    if (run === undefined) {
      run = this.limit.run(async () => {
        // A server that serves a second pipeline is run against both (test/support/run-against.ts).
        const second = this.hasSecondPipeline(variant) ? { otherPipelineIds: [SECOND_PIPELINE_ID] } : {};
        const server = await startReferenceServer({ ...variant.options, ...second });
        try {
          const outcome = await this.runOn(server, variant);
          this.finished.set(variant.name, outcome);
          return outcome;
        } finally {
          await server.close();
        }
      });
      this.runs.set(variant.name, run);
    }
    return run;
  }

  /** Every variant's outcome, by name, running those no test has asked for yet. */
  async all(variants: readonly V[]): Promise<Map<string, T>> {
    return new Map(await Promise.all(variants.map(async (variant) => [variant.name, await this.of(variant)] as const)));
  }
}
