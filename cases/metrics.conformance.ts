/**
 * The conformance table: one jest test per case, each sending its request through the engine
 * and failing with the engine's findings. `npm run conformance` runs this file; it reads the
 * run the CLI settled (target, token, selection) and writes the reports when done.
 */
import { formatVerdict } from '../src/failure-message';
import type { Verdict } from '../src/model';
import { readBaseline } from '../src/reports/baseline';
import { writeReports } from '../src/reports/write-reports';
import { takeHandoff } from '../src/run-handoff';
import { createRunContext, planCases, runCase } from '../src/runner';
import { allCases } from './index';

const run = takeHandoff();
const context = createRunContext(run.settings, { issuedToken: run.issuedToken });
const plan = planCases(allCases, { tags: run.settings.tags, limitedTokenConfigured: context.limitedTokenConfigured });
const verdicts = new Map<string, Verdict>();

/** An error that shows only the verdict: a stack trace of the suite would bury the server's fault. */
function failure(verdict: Verdict): Error {
  const error = new Error(formatVerdict(verdict));
  error.stack = error.message;
  return error;
}

const runnable = plan.filter((p) => p.skipReason === undefined).map((p) => [`${p.testCase.id}: ${p.testCase.title}`, p] as const);
const skipped = plan
  .filter((p) => p.skipReason !== undefined)
  .map((p) => [`${p.testCase.id}: ${p.testCase.title} (skipped: ${p.skipReason})`, p] as const);

describe('GET /pipelines/{pipeline_id}/metrics', () => {
  test.concurrent.each(runnable)('%s', async (_name, planned) => {
    const verdict = await runCase(context, planned);
    verdicts.set(verdict.caseId, verdict);
    if (verdict.outcome === 'failed') throw failure(verdict);
  });

  // Skipped cases show in every report with the reason, never as passed.
  if (skipped.length > 0) test.skip.each(skipped)('%s', () => undefined);
});

afterAll(async () => {
  // A skipped case sends nothing; runCase only states why.
  for (const planned of plan) if (planned.skipReason !== undefined) verdicts.set(planned.testCase.id, await runCase(context, planned));
  const ordered = plan.map((p) => verdicts.get(p.testCase.id)).filter((v): v is Verdict => v !== undefined);
  const { settings } = run;
  writeReports(
    settings.reportsDir,
    {
      baseUrl: settings.baseUrl,
      pipelineId: settings.pipelineId,
      embedded: run.embedded,
      startedAt: run.startedAt,
      finishedAt: new Date().toISOString(),
      tags: settings.tags,
      concurrency: settings.concurrency,
      maxRps: settings.maxRps,
      timeoutMs: settings.timeoutMs,
      retries: settings.retries,
    },
    ordered,
    context.redactor,
    {
      // The CLI checked this file before the run started, so it can be read here without surprise.
      baseline: settings.baselineReport === undefined ? undefined : readBaseline(settings.baselineReport),
      stepSummaryFile: process.env.GITHUB_STEP_SUMMARY || undefined,
      contract: context.contract,
    },
  );
  context.close();
});
