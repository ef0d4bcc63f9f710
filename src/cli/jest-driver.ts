import type { ConformanceRun } from '../engine/conformance-run';
import type { PlannedCase } from '../plan';
import type { CaseDriver } from '../engine/run-conformance';
import { formatVerdict } from '../failure-message';
import { MAX_RETRY_AFTER_MS } from '../http/retry-policy';
import { caseKey, type Verdict } from '../model';
import type { RunSettings } from '../engine/run-context';
import { crossCheckJest } from './cross-check';
import { type ConformanceTable, publishTable, withdrawTable } from './jest-bridge';
import { runConformanceTable } from './jest-table';

/** A bound on jest's per-test backstop: every attempt timing out, every retry waiting its longest, and a minute to spare. */
function worstCaseMs(settings: RunSettings, cases: number): number {
  const perCase = settings.timeoutMs * (settings.retries + 1) + MAX_RETRY_AFTER_MS * settings.retries;
  return Math.ceil(cases / settings.concurrency) * perCase + 60_000;
}

/** The jest table's view of the run: rows to show, and a way to execute one that says whether to fail. */
function tableOf(run: ConformanceRun, rowPassed: (verdict: Verdict) => boolean): ConformanceTable {
  const row = (planned: PlannedCase) => ({
    key: caseKey(planned.testCase),
    name: `${caseKey(planned.testCase)}: ${planned.testCase.title}${planned.skipReason ? ` (skipped: ${planned.skipReason})` : ''}`,
  });
  return {
    rows: run.plan.filter((p) => p.skipReason === undefined).map(row),
    skippedRows: run.plan.filter((p) => p.skipReason !== undefined).map(row),
    execute: async (key) => {
      const verdict = await run.execute(key);
      return { passed: rowPassed(verdict), text: formatVerdict(verdict) };
    },
  };
}

export interface JestDriverOptions {
  /** Whether a verdict's jest test passes; a self-test's seam to make jest and the ledger disagree. */
  rowPassed?: (verdict: Verdict) => boolean;
}

/**
 * The CLI's driver: one jest test per case, run in this process, each asking the run to execute
 * its case; jest's own account is then checked against the ledger, case by case.
 */
export function jestDriver(settings: RunSettings, options: JestDriverOptions = {}): CaseDriver {
  const rowPassed = options.rowPassed ?? ((verdict: Verdict) => verdict.outcome === 'passed');
  return {
    async drive(run) {
      const table = tableOf(run, rowPassed);
      publishTable(table);
      try {
        const jest = await runConformanceTable({ testTimeoutMs: worstCaseMs(settings, run.plan.length) });
        return crossCheckJest(jest, run.caseVerdicts(), [...table.rows, ...table.skippedRows], (id) => run.wasPlannedSkip(id));
      } finally {
        withdrawTable();
      }
    },
  };
}
