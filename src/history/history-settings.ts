import { SetupError } from '../setup-error';

/** The history's settings, as src/settings.ts will list them. */
export const HISTORY_SETTING_NAMES = ['STREAMKAP_HISTORY_FILE', 'STREAMKAP_HISTORY_RUNS'] as const;

export const DEFAULT_HISTORY_RUNS = 30;
/** Enough for three months of nightly runs; more makes report.html's trend strip unreadable. */
export const MAX_HISTORY_RUNS = 100;

export interface HistorySettings {
  /** Where the history lives; undefined keeps none. */
  file?: string;
  /** How many runs it keeps, the newest last. */
  runs: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

const present = (env: Environment, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

/**
 * Reads STREAMKAP_HISTORY_FILE and STREAMKAP_HISTORY_RUNS.
 * @throws SetupError naming the setting when the count is no whole number from 1 to MAX_HISTORY_RUNS,
 * or when a count is given without a file to keep it in.
 */
export function readHistorySettings(env: Environment): HistorySettings {
  const file = present(env, 'STREAMKAP_HISTORY_FILE');
  const rawRuns = present(env, 'STREAMKAP_HISTORY_RUNS');
  if (rawRuns === undefined) return { file, runs: DEFAULT_HISTORY_RUNS };
  if (!/^\d+$/.test(rawRuns) || Number(rawRuns) < 1 || Number(rawRuns) > MAX_HISTORY_RUNS) {
    throw new SetupError(
      `STREAMKAP_HISTORY_RUNS is ${JSON.stringify(rawRuns)}, which is not a whole number from 1 to ${MAX_HISTORY_RUNS}. ` +
        `Set it to how many runs the history keeps (default ${DEFAULT_HISTORY_RUNS}), or unset it.`,
      'STREAMKAP_HISTORY_RUNS',
    );
  }
  if (file === undefined) {
    throw new SetupError(
      `STREAMKAP_HISTORY_RUNS is ${rawRuns} but STREAMKAP_HISTORY_FILE is not set, so there is no history to keep. ` +
        'Set STREAMKAP_HISTORY_FILE to a JSON file the run may create and update (such as .conformance-history/history.json), or unset STREAMKAP_HISTORY_RUNS.',
      'STREAMKAP_HISTORY_RUNS',
    );
  }
  return { file, runs: Number(rawRuns) };
}
