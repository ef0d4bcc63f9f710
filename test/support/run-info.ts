import { exitStatus } from '../../src/exit-status';
import type { Verdict } from '../../src/model';
import type { RunInfo } from '../../src/reports/summary';

/** A run's description for report and console tests: one pipeline on a loopback target, its exit judged from the verdicts. */
export const aRunInfo = (verdicts: readonly Verdict[] = []): RunInfo => ({
  baseUrl: 'http://127.0.0.1:9',
  pipelineId: 'p',
  embedded: false,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  tags: [],
  concurrency: 1,
  maxRps: 1,
  timeoutMs: 1000,
  retries: 0,
  exit: exitStatus(verdicts, undefined, []),
  suiteErrors: [],
  budgets: {},
});
