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
    .sort((a, b) => a.id.localeCompare(b.id) || (a.pipelineId ?? '').localeCompare(b.pipelineId ?? ''));
  const causes = summary.causes.map((c) => ({ check: c.check, title: c.title, caseIds: [...c.caseIds].sort() }));
  return { code: run.code, outcome: summary.outcome, totals: summary.totals, cases, causes };
}

const SECOND_PIPELINE = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const floatLag = (body: string | Buffer) => String(body).replace(/"recordsLag":\d+/g, '"recordsLag":1.5');

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({
    otherPipelineIds: [SECOND_PIPELINE],
    behaviour: {
      // Faults in the accept, reject and generated tiers: a float where the schema wants an integer
      // for one time unit, and a crash for an interval the API should refuse; and one of the second
      // pipeline alone, in the cases run for each: its hourly metrics malformed too.
      finish: (answer, request) => {
        if (request.query.get('time_interval') === '0') return jsonAnswer(500, { detail: 'boom' });
        const unit = request.query.get('time_unit');
        if (answer.status === 200 && (unit === 'day' || (unit === 'hour' && request.pipelineId === SECOND_PIPELINE))) {
          return { ...answer, body: floatLag(answer.body) };
        }
        return answer;
      },
    },
  });
});
afterAll(() => server.close());

test('over two pipelines, the jest driver (spawned CLI) and the direct driver (in-process main) judge a faulty server alike, and jest agrees with the ledger', async () => {
  const env = targetEnv(server, {
    STREAMKAP_PIPELINE_ID: '',
    STREAMKAP_PIPELINE_IDS: `${server.pipelineId},${SECOND_PIPELINE}`,
    STREAMKAP_SEED: '11',
    STREAMKAP_MAX_RPS: '2000',
    STREAMKAP_CONCURRENCY: '8',
  });
  const jestRun = await runCli([], env);
  const throughJest = decisionsOf(jestRun);
  // No suite error: every copy of a case, the generated properties' too, is where jest and the ledger look for it.
  expect(jestRun.stdout).not.toContain('Suite error');
  // The faults are found at all (else agreeing would prove nothing), in more than one tier, and on the second pipeline alone too.
  expect(throughJest.code).toBe(1);
  const failed = throughJest.cases.filter((c) => c.verdict === 'failed');
  expect(new Set(failed.map((c) => c.id.split('.')[0])).size).toBeGreaterThan(1);
  const verdictOn = (id: string, pipelineId: string | undefined) =>
    throughJest.cases.find((c) => c.id === id && c.pipelineId === pipelineId)?.verdict;
  expect([verdictOn('accept.time-unit.hour', server.pipelineId), verdictOn('accept.time-unit.hour', SECOND_PIPELINE)]).toEqual([
    'passed',
    'failed',
  ]);
  expect(decisionsOf(await runMain([], env))).toEqual(throughJest);
});
