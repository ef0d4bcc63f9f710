import { resolve } from 'node:path';
import { type Contract, loadContract } from '../contract';
import { baselineFromHistory } from '../history/baseline-from-history';
import { type History, readHistory } from '../history/history-file';
import { TAGS } from '../model';
import { buildPlan, type RunPlan } from '../plan';
import { type Baseline, readBaseline } from '../reports/baseline';
import { DEFAULT_GENERATED_REQUESTS, type Settings } from '../settings';
import { SetupError } from '../setup-error';
import type { CliArgs } from './args';

/** A run's settings, plan and memory, before anything is sent. */
export interface PreparedRun {
  settings: Settings;
  contract: Contract;
  plan: RunPlan;
  embedded: boolean;
  kept?: { file: string; history: History; runs: number };
  baseline?: Baseline;
}

/** Everything a run settles before it touches the reports or the target; a SetupError names what to fix. */
export function prepareRun(settings: Settings, args: CliArgs): PreparedRun {
  const tags = args.tags.length > 0 ? args.tags : settings.tags;
  // A mistyped tag beside a good one would otherwise shrink a nightly run without a word.
  const unknown = tags.filter((tag) => !(TAGS as readonly string[]).includes(tag));
  if (unknown.length > 0) {
    throw new SetupError(`The tags ${unknown.join(', ')} select no case. Use one of: ${[...TAGS].sort().join(', ')}.`, 'STREAMKAP_TAGS');
  }
  const contract = loadContract();
  const embedded = settings.baseUrl === undefined;
  const plan = buildPlan({
    contract,
    cases: args.cases,
    pipelineIds: settings.pipelineIds,
    tags,
    limitedTokenConfigured: settings.limitedToken !== undefined || settings.limitedClientId !== undefined || embedded,
    generatedRequests: settings.generatedRequests ?? DEFAULT_GENERATED_REQUESTS[embedded ? 'embedded' : 'target'],
    seed: args.seed ?? settings.seed,
  });
  // A corrupt history stops the run here, before anything is sent; an explicit baseline wins over the history's last run.
  const historyFile = settings.history.file === undefined ? undefined : resolve(settings.history.file);
  const kept =
    historyFile === undefined ? undefined : { file: historyFile, history: readHistory(historyFile), runs: settings.history.runs };
  const baseline =
    settings.baselineReport !== undefined
      ? readBaseline(resolve(settings.baselineReport))
      : kept && baselineFromHistory(kept.history, kept.file);
  return { settings: { ...settings, tags }, contract, plan, embedded, ...(kept && { kept }), ...(baseline && { baseline }) };
}
