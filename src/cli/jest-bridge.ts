/**
 * How the conformance table (a jest test file, run in jest's sandbox) reaches the run the CLI
 * settled: the CLI publishes the table in this process, the conformance environment hands it to
 * the sandbox as a global. Nothing travels through environment variables, so no secret does.
 */

/** One jest test: the case's key (its id, and its pipeline when it runs for several) and the name jest shows. */
export interface TableRow {
  key: string;
  name: string;
}

/** What a case came to, as the jest table needs it: only whether to throw, and with what text. */
interface RowResult {
  passed: boolean;
  /** The on-call text of a case that did not pass. */
  text: string;
}

/** The run as the jest table sees it. */
export interface ConformanceTable {
  rows: readonly TableRow[];
  skippedRows: readonly TableRow[];
  execute(key: string): Promise<RowResult>;
}

/** The global the table reads inside jest's sandbox. */
export const TABLE_GLOBAL = '__streamkapConformanceTable';

const HOST_KEY = Symbol.for('streamkap-metrics-conformance.table');
type Host = typeof globalThis & { [HOST_KEY]?: ConformanceTable };

export function publishTable(table: ConformanceTable): void {
  (globalThis as Host)[HOST_KEY] = table;
}

export function withdrawTable(): void {
  delete (globalThis as Host)[HOST_KEY];
}

export function publishedTable(): ConformanceTable | undefined {
  return (globalThis as Host)[HOST_KEY];
}

/** The one line `npx jest` on the table prints instead of "No tests found" or a stack trace. */
export const RUN_IT_WITH_THE_CLI =
  "This is the conformance table: run it with `npm run conformance` (or `npx streamkap-conformance`), which checks the settings and the target first; `npm test` runs the suite's own tests.";
