/** STREAMKAP_DRIFT=fail asks for a verdict on the live contract: when none can be had, the run is not green. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

test.each([
  ['warn', 0],
  ['fail', 4],
] as const)('a live contract that cannot be fetched, with STREAMKAP_DRIFT=%s, exits %i and says why', async (mode, code) => {
  const server = await startReferenceServer();
  try {
    const run = await runMain(
      ['--tag', 'smoke'],
      targetEnv(server, { STREAMKAP_DRIFT: mode, STREAMKAP_LIVE_SPEC_URL: `${server.baseUrl}/no-such-document.json` }),
    );
    expect(run.stdout).toMatch(/^Contract drift: (skipped|not checked)/m);
    expect(run.code).toBe(code);
    const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
    const verdict = summary.cases.find((c: { id: string }) => c.id === 'contract.unchanged');
    if (mode === 'fail') {
      expect(summary.outcome).toBe('inconclusive');
      expect(summary.exit.meaning).toMatch(/STREAMKAP_DRIFT=fail, but the live contract could not be compared/);
      expect(verdict).toMatchObject({ verdict: 'errored', error: { kind: 'live-contract-unavailable' } });
    } else {
      expect(summary.outcome).toBe('passed');
      expect(verdict).toMatchObject({ verdict: 'skipped', skipReason: expect.stringContaining('the live contract could not be compared') });
    }
  } finally {
    await server.close();
  }
});
