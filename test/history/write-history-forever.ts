/**
 * A child process for the interrupted-write test: rewrites a large history over and over, saying
 * "written <bytes>" after each complete write, until it is killed. `naive` writes in place instead, to show
 * what the test would catch.
 */
import { statSync, writeFileSync } from 'node:fs';
import { appendRun, emptyHistory, writeHistory } from '../../src/history/history-file';
import type { CaseRecord } from '../../src/history/run-record';

const [file = '', mode = 'atomic'] = process.argv.slice(2);
const cases: CaseRecord[] = Array.from({ length: 1500 }, (_, i) => ({
  id: `case-${i}`,
  tier: 'accept',
  pipelineId: `pipeline-${i % 7}`,
  outcome: i % 11 === 0 ? 'failed' : 'passed',
  durationMs: i % 500,
}));
let history = emptyHistory();
for (let n = 0; n < 30; n += 1) {
  history = appendRun(
    history,
    {
      startedAt: new Date(Date.UTC(2025, 5, 1 + n)).toISOString(),
      durationMs: 1000,
      baseUrl: 'http://127.0.0.1:1',
      exitCode: 1,
      outcome: 'failed',
      cases,
    },
    30,
  );
}
const text = JSON.stringify(history);
for (;;) {
  if (mode === 'naive') writeFileSync(file, text);
  else writeHistory(file, history);
  process.stdout.write(`written ${statSync(file).size}\n`);
}
