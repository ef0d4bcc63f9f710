import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/exit-status';
import { runMain } from '../support/run-cli';

test('a signal while the first request waits on the target: exit 130, and reports that say nothing was checked', async () => {
  let asked: () => void = () => undefined;
  const firstRequest = new Promise<void>((resolve) => (asked = resolve));
  // A target that never answers: the run is still before its first case when the signal comes.
  const target = createServer(() => asked());
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  try {
    const run = runMain([], {
      STREAMKAP_BASE_URL: `http://127.0.0.1:${(target.address() as AddressInfo).port}`,
      STREAMKAP_TOKEN: 'token-of-a-target-that-never-answers',
      STREAMKAP_PIPELINE_ID: '6650a1b2c3d4e5f6a7b8c9d0',
    });
    await firstRequest;
    process.emit('SIGINT', 'SIGINT');
    const { code, stderr, reportsDir } = await run;
    expect(code).toBe(EXIT.SIGINT);
    expect(stderr).toContain('SIGINT: stopping; the reports will cover what ran.');
    const summary = JSON.parse(readFileSync(join(reportsDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      outcome: 'interrupted',
      exit: { code: EXIT.SIGINT, meaning: 'Interrupted (SIGINT) before any case was sent; nothing was checked.' },
      cases: [],
    });
    expect(readFileSync(join(reportsDir, 'report.html'), 'utf8')).toContain('Interrupted (SIGINT) before any case was sent');
  } finally {
    target.closeAllConnections();
    target.close();
  }
});
