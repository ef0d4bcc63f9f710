/** The history's settings (STREAMKAP_HISTORY_FILE and STREAMKAP_HISTORY_RUNS in the table of settings). */
export const DEFAULT_HISTORY_RUNS = 30;
/** Enough for three months of nightly runs; more makes report.html's trend strip unreadable. */
export const MAX_HISTORY_RUNS = 100;

export interface HistorySettings {
  /** Where the history lives; undefined keeps none. */
  file?: string;
  /** How many runs it keeps, the newest last. */
  runs: number;
}
