/** Where the console goes; tests and the process give their own. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
  /** Raw text for a terminal's live progress line; absent: progress comes as whole lines on `out`. */
  live?(text: string): void;
}
