import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import { exitStatus } from '../../src/exit-status';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../../src/model';
import type { Answer, Behaviour, MetricsRequest } from '../../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { Redactor } from '../../src/redaction';
import type { Baseline } from '../../src/reports/baseline';
import type { RunInfo, Summary } from '../../src/reports/summary';
import { writeReports } from '../../src/reports/write-reports';
import { type JsonObject, onSuccessWhen, withJson } from '../fault-matrix/answer-rewrites';
import { runAgainst } from '../support/run-against';

/**
 * The run the report tests read: a reference server with one real fault (recordsLag 1.5 whenever
 * time_unit=week, so exactly two cases fail), and hostile text in answers that still conform,
 * so the reports must show it as text. The permission case is skipped (no limited token).
 */

export const HOSTILE_TEXT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
export const FAILING_CASES = ['accept.time-unit.week', 'accept.time-unit.week.interval-2'];
/** The failing run's totals, from the case table: the two failures, the skipped permission case, and passes. */
export const TOTALS = { cases: allCases.length, failed: FAILING_CASES.length, skipped: 1, passed: allCases.length - FAILING_CASES.length - 1 };

/** The fault the report tests break servers with: recordsLag 1.5, which is no integer, in the 200 answers for these time units. */
export const floatLagFor = (...units: string[]): Behaviour['finish'] =>
  onSuccessWhen((query) => units.includes(query.get('time_unit') ?? ''), withJson((body) => ({ ...body, data: { ...(body.data as JsonObject), recordsLag: 1.5 } })));

const weekBroken = floatLagFor('week');

const brokenBehaviour: Partial<Behaviour> = {
  finish(answer: Answer, request: MetricsRequest): Answer {
    // A 404 whose detail is any string conforms; this one is markup, and must stay text in every report.
    if (answer.status === 404) return { ...answer, headers: { ...answer.headers, 'x-hostile': HOSTILE_TEXT }, body: JSON.stringify({ detail: HOSTILE_TEXT }) };
    return weekBroken(answer, request);
  },
};

export interface FailingRun {
  server: ReferenceServer;
  verdicts: Verdict[];
  summary: Summary;
  reportsDir: string;
  stepSummaryFile: string;
}

export function runInfoFor(server: ReferenceServer, startedAt: string, verdicts: readonly Verdict[]): RunInfo {
  return {
    baseUrl: server.baseUrl,
    pipelineId: server.pipelineId,
    embedded: false,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + verdicts.reduce((max, v) => Math.max(max, v.durationMs), 0)).toISOString(),
    tags: [],
    concurrency: 8,
    maxRps: 2000,
    timeoutMs: 5000,
    retries: 3,
    exit: exitStatus(verdicts, undefined, []),
    suiteErrors: [],
    budgets: {},
  };
}

/** Last night as a baseline: the same outcomes, except that week passed then and the defaults failed. */
function lastNight(verdicts: readonly Verdict[]): Baseline {
  const outcomes = new Map(verdicts.map((v) => [v.caseId, v.outcome]));
  outcomes.set('accept.time-unit.week', 'passed');
  outcomes.set('accept.defaults', 'failed');
  return { file: 'last-night/summary.json', startedAt: '2025-03-04T02:17:00.000Z', baseUrl: 'https://api.example.test', outcomes };
}

/** Runs every case against the broken server in-process and writes the reports to a fresh folder. Close `server` after. */
export async function writeFailingRun(): Promise<FailingRun> {
  const server = await startReferenceServer({ behaviour: brokenBehaviour });
  try {
    const startedAt = new Date().toISOString();
    const verdicts = await runAgainst(server, { settings: { limitedToken: undefined } });
    const reportsDir = mkdtempSync(join(tmpdir(), 'conformance-reports-'));
    const stepSummaryFile = join(reportsDir, 'step-summary.md');
    const redactor = new Redactor();
    redactor.add(server.token, '$STREAMKAP_TOKEN');
    const summary = writeReports(reportsDir, runInfoFor(server, startedAt, verdicts), verdicts, redactor, {
      baseline: lastNight(verdicts),
      stepSummaryFile,
      contract: loadContract(),
    });
    return { server, verdicts, summary, reportsDir, stepSummaryFile };
  } catch (error) {
    await server.close();
    throw error;
  }
}
