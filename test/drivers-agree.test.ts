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

const SECOND_PIPELINE = 'bbbbbbbbbbbbbbbbbbbbbbbb';

test('the jest driver (spawned CLI) and the direct driver (in-process main) judge a faulty server alike', async () => {
  const env = targetEnv(server, { STREAMKAP_SEED: '11', STREAMKAP_MAX_RPS: '2000', STREAMKAP_CONCURRENCY: '8' });
  const throughJest = decisionsOf(await runCli([], env));
  const direct = decisionsOf(await runMain([], env));
  // The fault is found at all (else agreeing would prove nothing), in more than one tier.
  expect(throughJest.code).toBe(1);
  expect(new Set(throughJest.cases.filter((c) => c.verdict === 'failed').map((c) => c.id.split('.')[0])).size).toBeGreaterThan(1);
  expect(direct).toEqual(throughJest);
});

test('with two pipelines, the jest driver and the direct driver agree case by case, and jest agrees with the ledger', async () => {
  // Only the second pipeline's day metrics are malformed: a fault of one pipeline, in the cases run for each.
  const twoPipelines = await startReferenceServer({
    otherPipelineIds: [SECOND_PIPELINE],
    behaviour: {
      finish: (answer, request) =>
        answer.status === 200 && request.pipelineId === SECOND_PIPELINE && request.query.get('time_unit') === 'day'
          ? { ...answer, body: String(answer.body).replace(/"recordsLag":\d+/g, '"recordsLag":1.5') }
          : answer,
    },
  });
  try {
    const env = targetEnv(twoPipelines, {
      STREAMKAP_PIPELINE_ID: '',
      STREAMKAP_PIPELINE_IDS: `${twoPipelines.pipelineId},${SECOND_PIPELINE}`,
      STREAMKAP_SEED: '11',
      STREAMKAP_MAX_RPS: '2000',
    });
    // What runs for each pipeline (an accept case, the generated valid requests) and what runs once.
    const cases = ['accept.defaults', 'accept.time-unit.day', 'generated.property.valid-requests-accepted', 'auth.missing'];
    const args = cases.flatMap((id) => ['--case', id]);
    const jestRun = await runCli(args, env);
    const throughJest = decisionsOf(jestRun);
    // No suite error: every copy of a case, the generated property's too, is where jest and the ledger look for it.
    expect(jestRun.stdout).not.toContain('Suite error');
    expect(throughJest.code).toBe(1);
    const failed = throughJest.cases.filter((c) => c.verdict === 'failed' || c.verdict === 'errored');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((c) => c.pipelineId !== SECOND_PIPELINE)).toEqual([]);
    expect(decisionsOf(await runMain(args, env))).toEqual(throughJest);
  } finally {
    await twoPipelines.close();
  }
});
