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
  baseline?: Baseline;
}

/** STREAMKAP_HISTORY_FILE, read: the runs before this one. */
export interface KeptHistory {
  file: string;
  history: History;
  runs: number;
}

/** Reads the history before anything else touches it; a corrupt one is a setting error (exit 2) that names the file. */
export function readKeptHistory(settings: { file: string; runs: number } | undefined): KeptHistory | undefined {
  if (settings === undefined) return undefined;
  const file = resolve(settings.file);
  return { file, history: readHistory(file), runs: settings.runs };
}

/** A run of cases chosen by id (--case, the command each failure prints): a rerun, which never stands in for a full run. */
export const rerunsChosenCases = (args: Pick<CliArgs, 'cases'>): boolean => args.cases.length > 0;

/** Everything a run settles before it touches the reports or the target; a SetupError names what to fix. */
export function prepareRun(settings: Settings, args: CliArgs, kept: KeptHistory | undefined): PreparedRun {
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
  // An explicit baseline wins over the history's last run of this target.
  const baseline =
    settings.baselineReport !== undefined
      ? readBaseline(resolve(settings.baselineReport))
      : kept && baselineFromHistory(kept.history, kept.file, settings.baseUrl, rerunsChosenCases(args));
  return { settings, contract, plan, embedded, ...(baseline && { baseline }) };
}
