import { type Contract, loadContract } from '../../src/contract';
import type { RunEvent } from '../../src/engine/events';
import type { DrawnPart } from '../../src/generation/exchange-arbitrary';
import { generatedProperties, type PropertyName } from '../../src/generation/properties';
import type { CaseOrigin, Verdict } from '../../src/model';
import { buildPlan, propertyCaseId } from '../../src/plan';
import type { ReferenceServer } from '../../src/reference-server/reference-server';
import type { RunSettings } from '../../src/engine/run-context';
import { runPlanAgainst } from './run-against';

/**
 * The generated tier as a user runs it: a plan chosen as `--case`, `--seed` and
 * STREAMKAP_GENERATED_REQUESTS choose it, through the engine's one entry point.
 */
export interface GenerationPlan {
  /** `--case`: exactly these cases; absent, the whole generated tier (`--tag generated`). */
  cases?: readonly string[];
  /** `--seed`, and STREAMKAP_GENERATED_REQUESTS (split over every property, whichever `cases` keeps); absent, no random phase. */
  random?: { seed: number; generatedRequests: number };
}

export interface GenerationRun {
  /** One verdict per case, in plan order: each coverage row's, and each property's own (its failures shrunk). */
  verdicts: Verdict[];
  /** Every request the properties generated, judged, in the order they finished. */
  generated: Verdict[];
}

/** `--case` for the random phase alone: every property. */
export const propertyCases = (contract: Contract): string[] => generatedProperties(contract).map((p) => propertyCaseId(p.name));

/**
 * `--case` for one property, with `share` requests of its own at `seed`: STREAMKAP_GENERATED_REQUESTS
 * is split equally over every property, even those `--case` leaves out.
 */
export const oneProperty = (contract: Contract, property: PropertyName, seed: number, share: number): GenerationPlan => ({
  cases: [propertyCaseId(property)],
  random: { seed, generatedRequests: share * generatedProperties(contract).length },
});

/** Faster than run-against's: generation sends many requests. */
const GENERATION_SETTINGS: Partial<RunSettings> = { maxRps: 5000 };

/** Runs a plan of the generated tier against a server; the generated requests are read from the run's events. */
export async function runGeneration(
  server: ReferenceServer,
  plan: GenerationPlan,
  options: {
    contract?: Contract;
    settings?: Partial<RunSettings>;
    /** Parts of the exchange the random phase does not draw: each stays what the suite sent before it drew them. */
    held?: ReadonlySet<DrawnPart>;
  } = {},
): Promise<GenerationRun> {
  // `--case` with no case chooses nothing, and the plan would be the whole suite.
  if (plan.cases?.length === 0) throw new Error('a generation plan names its cases, or none to run the whole generated tier');
  const contract = options.contract ?? loadContract();
  const generated: Verdict[] = [];
  const emit = async (event: RunEvent) => {
    if (event.type === 'generated-request-finished') generated.push(event.verdict);
  };
  const held = options.held === undefined ? undefined : new Map(generatedProperties(contract, options.held).map((p) => [p.name, p]));
  const run = await runPlanAgainst(
    server,
    (settings) => {
      const built = buildPlan({
        contract,
        cases: plan.cases,
        pipelineIds: settings.pipelineIds,
        tags: plan.cases === undefined ? ['generated'] : [],
        limitedTokenConfigured: settings.limitedToken !== undefined,
        generatedRequests: plan.random?.generatedRequests ?? 0,
        seed: plan.random?.seed,
      });
      if (held === undefined) return built;
      // The same plan, seed and budgets; only what each property draws differs.
      const planned = built.planned.map((entry) =>
        entry.property === undefined
          ? entry
          : { ...entry, property: { ...entry.property, property: held.get(entry.property.property.name) ?? entry.property.property } },
      );
      return { ...built, planned };
    },
    { settings: { ...GENERATION_SETTINGS, ...options.settings }, context: { contract }, emit },
  );
  return { verdicts: [...run.verdicts], generated };
}

/** The requests the random phase sent, as its properties count them: an exchange's follow-ups (HEAD, validators sent back) count. */
export const generatedRequestsOf = (run: GenerationRun): number =>
  run.verdicts.filter((v) => v.origin === 'property').reduce((sum, v) => sum + (v.generated?.requests ?? 0), 0);

/** The run's verdicts of one origin: the coverage rows, or the properties. */
export const ofOrigin = (run: GenerationRun, origin: CaseOrigin): Verdict[] => run.verdicts.filter((v) => v.origin === origin);

/**
 * Every verdict of a generation run, a case's or a generated request's, that did not pass: a
 * skipped one too, since the run is configured for every case and a stop leaves the rest skipped.
 */
export function notPassed(run: GenerationRun): Verdict[] {
  return [...run.verdicts, ...run.generated].filter((v) => v.outcome !== 'passed');
}
