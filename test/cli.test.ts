import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/run-cli';

test('npm run conformance with no settings checks the embedded reference server and exits 0', async () => {
  const run = await runCli([], { STREAMKAP_MAX_RPS: '500' });
  expect(run.stdout).toContain('embedded reference server');
  expect(run.code).toBe(0);
  const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
  expect(summary.totals.failed).toBe(0);
});
