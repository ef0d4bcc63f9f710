import type { FlakyCase, RunTrendPoint } from './trends';

/** What the reports show of the history once this run is in it. */
export interface HistoryView {
  file: string;
  /** Runs in the window, this one included. */
  runs: number;
  trend: RunTrendPoint[];
  /** Per failing case id: "failing since 2026-11-20 (3 runs)". */
  failingSince: Record<string, string>;
  flaky: FlakyCase[];
}
