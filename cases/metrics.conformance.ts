/**
 * The conformance table: one jest test per case. The CLI settles the run (settings, target,
 * plan, contract) and publishes it; each test only asks the engine to execute its case and
 * fails with the engine's text. Verdicts, reports and the exit code stay with the engine.
 */
import { type ConformanceTable, RUN_IT_WITH_THE_CLI, TABLE_GLOBAL } from '../src/cli/jest-bridge';

const table = (globalThis as Record<string, unknown>)[TABLE_GLOBAL] as ConformanceTable | undefined;

/** An error that shows only the engine's text: a stack trace of the suite would bury the server's fault. */
function failure(text: string): Error {
  const error = new Error(text);
  error.stack = text;
  return error;
}

describe('GET /pipelines/{pipeline_id}/metrics', () => {
  if (table === undefined) {
    // Under plain jest nothing was settled or checked, so nothing is sent: one line says what to run.
    process.stderr.write(`\n${RUN_IT_WITH_THE_CLI}\n\n`);
    test.skip(RUN_IT_WITH_THE_CLI, () => undefined);
    return;
  }
  // jest names an empty table's test "%s" and fails it: a run of skipped cases only (`--case` of one) has no such row.
  if (table.rows.length > 0) {
    test.concurrent.each(table.rows.map((row) => [row.name, row.key] as const))('%s', async (_name, key) => {
      const result = await table.execute(key);
      if (!result.passed) throw failure(result.text);
    });
  }
  // Skipped cases show in every report with the reason, never as passed.
  if (table.skippedRows.length > 0) test.skip.each(table.skippedRows.map((row) => [row.name] as const))('%s', () => undefined);
});
