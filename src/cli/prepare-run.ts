import { resolve } from 'node:path';
import { type Contract, loadContract } from '../contract';
import { baselineFromHistory } from '../history/baseline-from-history';
import { type History, readHistory } from '../history/history-file';
import { buildPlan, type RunPlan } from '../plan';
import { type Baseline, readBaseline } from '../reports/baseline';
import type { Settings } from '../settings';
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
  const contract = loadContract();
  const embedded = settings.baseUrl === undefined;
  const plan = buildPlan({
    contract,
    cases: args.cases,
    pipelineIds: settings.pipelineIds,
    tags: settings.tags,
    limitedTokenConfigured: settings.limitedToken !== undefined || settings.limitedClientId !== undefined || embedded,
    generatedRequests: settings.generatedRequests,
    seed: settings.seed,
  });
  // A corrupt history stops the run here, before anything is sent; an explicit baseline wins over the history's last run.
  const historyFile = settings.history.file === undefined ? undefined : resolve(settings.history.file);
  const kept =
    historyFile === undefined ? undefined : { file: historyFile, history: readHistory(historyFile), runs: settings.history.runs };
  const baseline =
    settings.baselineReport !== undefined
      ? readBaseline(resolve(settings.baselineReport))
      : kept && baselineFromHistory(kept.history, kept.file);
  return { settings, contract, plan, embedded, ...(kept && { kept }), ...(baseline && { baseline }) };
}
