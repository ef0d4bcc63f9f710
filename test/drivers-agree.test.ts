/**
 * The two drivers of the one engine reach the same verdicts: the jest driver users run (a spawned
 * CLI, one jest test per case) and the direct driver most self-tests use in-process (runMain). A
 * server with faults in several tiers, the whole plan with the generated tier at a fixed seed:
 * exit code, every case's verdict and findings, and the causes must be the same through both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonAnswer } from '../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../src/reference-server/reference-server';
import type { Summary } from '../src/reports/summary';
import { type CliRun, runCli, runMain } from './support/run-cli';
import { targetEnv } from './support/target-env';

/** What a run decided, without what differs between two runs of the same plan (times, order of arrival). */
function decisionsOf(run: CliRun) {
  const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8')) as Summary;
  const cases = summary.cases
    .map((c) => ({
      id: c.id,
      pipelineId: c.pipelineId,
      verdict: c.verdict,
      checks: c.findings.map((f) => f.check).sort(),
      error: c.error?.kind,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const causes = summary.causes.map((c) => ({ check: c.check, title: c.title, caseIds: [...c.caseIds].sort() }));
  return { code: run.code, outcome: summary.outcome, totals: summary.totals, cases, causes };
}

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({
    behaviour: {
      // Faults in the accept, reject and generated tiers: a float where the schema wants an integer
      // for one time unit, and a crash for an interval the API should refuse.
      finish: (answer, request) => {
        if (request.query.get('time_interval') === '0') return jsonAnswer(500, { detail: 'boom' });
        if (answer.status === 200 && request.query.get('time_unit') === 'day') {
          return { ...answer, body: String(answer.body).replace(/"recordsLag":\d+/g, '"recordsLag":1.5') };
        }
        return answer;
      },
    },
  });
});
afterAll(() => server.close());

test('the jest driver (spawned CLI) and the direct driver (in-process main) judge a faulty server alike', async () => {
  const env = targetEnv(server, { STREAMKAP_SEED: '11', STREAMKAP_MAX_RPS: '2000', STREAMKAP_CONCURRENCY: '8' });
  const throughJest = decisionsOf(await runCli([], env));
  const direct = decisionsOf(await runMain([], env));
  // The fault is found at all (else agreeing would prove nothing), in more than one tier.
  expect(throughJest.code).toBe(1);
  expect(new Set(throughJest.cases.filter((c) => c.verdict === 'failed').map((c) => c.id.split('.')[0])).size).toBeGreaterThan(1);
  expect(direct).toEqual(throughJest);
});
