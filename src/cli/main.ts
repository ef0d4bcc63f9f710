import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConformanceRun, describeStop, type RunStop } from '../conformance-run';
import { couldNotCheck, EXIT, exitStatus } from '../exit-status';
import { checkContractDrift } from '../drift/check-drift';
import { baselineFromHistory } from '../history/baseline-from-history';
import { readHistory } from '../history/history-file';
import { type HistoryView, recordOfRun, updateHistory } from '../history/run-history';
import { PUSH_JOB, pushGrouping, pushMetrics, pushUrl, shownPushUrl } from '../metrics/pushgateway';
import { renderRunMetrics } from '../metrics/run-metrics';
import type { MetricsPush } from '../reports/summary';
import { driftHeadline } from '../drift/drift-report';
import { formatVerdict } from '../failure-message';
import { MAX_RETRY_AFTER_MS } from '../http/retry-policy';
import { preflight } from '../preflight';
import { addUrlCredentials, Redactor } from '../redaction';
import { type Baseline, readBaseline } from '../reports/baseline';
import { clearReports, REPORT_FILES, writeNotCheckedReports, writeReports } from '../reports/write-reports';
import { startReferenceServer, type ReferenceServer } from '../reference-server/reference-server';
import { loadContract } from '../contract';
import { TAGS } from '../model';
import { buildPlan } from '../plan';
import { createRunContext, type PlannedCase, type RunContext, type RunSettings } from '../runner';
import {
  DEFAULT_GENERATED_REQUESTS,
  type Environment,
  liveSpecUrlFor,
  loadSettings,
  readEnvironment,
  reportSettings,
  type Settings,
} from '../settings';
import { SetupError } from '../setup-error';
import { type CliArgs, parseArgs, swallowedByNpm, USAGE } from './args';
import { caseReport, headline } from './console-report';
import { crossCheckJest } from './cross-check';
import { type ConformanceTable, publishTable, withdrawTable } from './jest-bridge';
import { formatCaseList } from './list-cases';
import { Progress } from './progress';
import { EventStream } from '../reports/event-stream';
import { runConformanceTable } from './run-jest';

export { EXIT } from '../exit-status';

/** Against the embedded server the run is as fast as two cores allow, unless a setting asks for more. */
const EMBEDDED_LIMITS = { maxRps: 100_000, concurrency: 16 } as const;

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The flags win over the environment and .env, by standing in for their variables. */
function withFlags(env: Environment, args: CliArgs): Environment {
  return {
    ...env,
    ...(args.baseUrl !== undefined && { STREAMKAP_BASE_URL: args.baseUrl }),
    // Whichever variable the environment used, the flag's list replaces it.
    ...(args.pipelines.length > 0 && { STREAMKAP_PIPELINE_ID: undefined, STREAMKAP_PIPELINE_IDS: args.pipelines.join(',') }),
  };
}

/** Where the console goes; tests and the process give their own. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
  /** Raw text for a terminal's live progress line; absent: progress comes as whole lines on `out`. */
  live?(text: string): void;
}

const processConsole: Console = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ...(process.stdout.isTTY && { live: (text: string) => void process.stdout.write(text) }),
};

/** A bound on jest's per-test backstop: every attempt timing out, every retry waiting its longest, and a minute to spare. */
function worstCaseMs(settings: Settings, cases: number): number {
  const perCase = settings.timeoutMs * (settings.retries + 1) + MAX_RETRY_AFTER_MS * settings.retries;
  return Math.ceil(cases / settings.concurrency) * perCase + 60_000;
}

/** The reports are written after every case ran; a folder they cannot go into must stop the run before. */
function prepareReportsDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SetupError(
      `STREAMKAP_REPORTS_DIR is ${JSON.stringify(dir)}, where the reports cannot be written (${code}). Set it to a folder this user may write to, or unset it for the default (reports).`,
      'STREAMKAP_REPORTS_DIR',
    );
  }
}

/** Every secret the environment holds, known before anything can print: a setup error may quote one. */
function redactorFor(env: Environment): Redactor {
  const redactor = new Redactor();
  for (const name of [
    'STREAMKAP_TOKEN',
    'STREAMKAP_SECRET',
    'STREAMKAP_CLIENT_ID',
    'STREAMKAP_LIMITED_TOKEN',
    'STREAMKAP_LIMITED_SECRET',
    'STREAMKAP_LIMITED_CLIENT_ID',
  ]) {
    const value = env[name]?.trim();
    if (value) redactor.add(value, `$${name}`);
  }
  for (const name of ['STREAMKAP_PUSHGATEWAY_URL', 'STREAMKAP_BASE_URL', 'STREAMKAP_TOKEN_URL', 'STREAMKAP_LIVE_SPEC_URL']) {
    addUrlCredentials(redactor, env[name], name);
  }
  return redactor;
}

/** A run's target, settled: what to check, which pipelines and where its live contract is, whether embedded or not. */
type SettledRun = RunSettings & { liveSpecUrl: string };

async function settle(settings: Settings, out: (line: string) => void): Promise<{ run: SettledRun; server?: ReferenceServer }> {
  if (settings.baseUrl !== undefined && settings.pipelineId !== undefined) {
    const { baseUrl, pipelineId } = settings;
    return { run: { ...settings, baseUrl, pipelineId, liveSpecUrl: settings.liveSpecUrl ?? liveSpecUrlFor(baseUrl) } };
  }
  const server = await startReferenceServer();
  out(`STREAMKAP_BASE_URL is not set: running against the embedded reference server at ${server.baseUrl} (pipeline ${server.pipelineId}).`);
  out('Set STREAMKAP_BASE_URL, STREAMKAP_PIPELINE_ID and STREAMKAP_TOKEN to check a real deployment.');
  return {
    server,
    run: {
      ...settings,
      baseUrl: server.baseUrl,
      pipelineId: server.pipelineId,
      pipelineIds: [server.pipelineId],
      liveSpecUrl: liveSpecUrlFor(server.baseUrl),
      token: server.token,
      limitedToken: server.limitedToken,
      // Politeness protects production; the embedded server is our own and in this process.
      maxRps: Math.max(settings.maxRps, EMBEDDED_LIMITS.maxRps),
      concurrency: Math.max(settings.concurrency, EMBEDDED_LIMITS.concurrency),
    },
  };
}

/** Pushes the run's metrics; a failure is a warning for the console and the reports, never a changed verdict. */
async function pushRunMetrics(run: RunSettings, text: string): Promise<MetricsPush | undefined> {
  if (run.pushgatewayUrl === undefined) return undefined;
  const result = await pushMetrics(run.pushgatewayUrl, text, {
    job: PUSH_JOB,
    grouping: pushGrouping(run.baseUrl),
    timeoutMs: run.timeoutMs,
    retries: run.retries,
  });
  const url = shownPushUrl(pushUrl(run.pushgatewayUrl, PUSH_JOB, pushGrouping(run.baseUrl)));
  return result.pushed ? { url, pushed: true } : { url, pushed: false, warning: result.warning };
}

/** The jest table's view of the run: rows to show, and a way to execute one that says whether to fail. */
function tableOf(run: ConformanceRun): ConformanceTable {
  const row = (planned: PlannedCase) => ({
    caseId: planned.testCase.id,
    name: `${planned.testCase.id}: ${planned.testCase.title}${planned.skipReason ? ` (skipped: ${planned.skipReason})` : ''}`,
  });
  return {
    rows: run.plan.filter((p) => p.skipReason === undefined).map(row),
    skippedRows: run.plan.filter((p) => p.skipReason !== undefined).map(row),
    execute: async (caseId) => {
      const verdict = await run.execute(caseId);
      return { passed: verdict.outcome === 'passed', text: formatVerdict(verdict) };
    },
  };
}

/** SIGINT and SIGTERM stop the run, not the process: what ran is still reported. A second signal ends it at once. */
function onSignals(handle: (signal: 'SIGINT' | 'SIGTERM') => void): () => void {
  let received = false;
  const listener = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received) process.exit(EXIT[signal]);
    received = true;
    handle(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

/** The conformance CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], env: Environment, io: Console = processConsole): Promise<number> {
  const startedAt = new Date().toISOString();
  const redactor = redactorFor(env);
  const reporting = reportSettings(env);
  // One paragraph, whatever line breaks OpenSSL or a server put in, and no secret it echoed.
  const paragraph = (message: string) => redactor.redact(message).replace(/\s+/g, ' ').trim();
  let server: ReferenceServer | undefined;
  let context: RunContext | undefined;
  let reportsDir: string | undefined;
  let baseUrl: string | undefined;
  let interruption: Extract<RunStop, { kind: 'interrupted' }> | undefined;
  let run: ConformanceRun | undefined;
  const stopSignals = onSignals((signal) => {
    interruption = { kind: 'interrupted', signal, at: new Date().toISOString() };
    io.err(`streamkap-conformance: ${signal}: stopping; the reports will cover what ran. Send it again to quit at once.`);
    if (run) {
      run.halt(interruption);
      return;
    }
    // Nothing was sent yet: say so in the reports and stop here.
    const status = {
      code: EXIT[signal],
      outcome: 'interrupted' as const,
      meaning: `Interrupted (${signal}) before any case was sent; nothing was checked.`,
    };
    if (reportsDir) writeNotCheckedReports(reportsDir, { startedAt, exit: status }, redactor, reporting.stepSummaryFile);
    io.err(`streamkap-conformance: ${status.meaning}`);
    process.exit(status.code);
  });

  try {
    // Settled before anything else can fail, so that no earlier run's green report survives this
    // run's failure, whatever it is. Only --help and --list, which check nothing, leave them.
    if (!argv.some((arg) => ['--help', '-h', '--list', '--version'].includes(arg))) {
      const dir = resolve(reporting.reportsDir);
      prepareReportsDir(dir);
      reportsDir = dir;
      clearReports(dir);
    }
    const swallowed = swallowedByNpm(env);
    if (swallowed !== undefined) throw new SetupError(swallowed);
    const args = parseArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return EXIT.passed;
    }
    if (args.version) {
      io.out(`streamkap-conformance ${VERSION}`);
      return EXIT.passed;
    }
    const settings = loadSettings(withFlags(env, args));
    if (args.tags.length > 0) settings.tags = args.tags;
    // A mistyped tag beside a good one would otherwise shrink a nightly run without a word.
    const known = new Set<string>(TAGS);
    const unknown = settings.tags.filter((tag) => !known.has(tag));
    if (unknown.length > 0) {
      throw new SetupError(`The tags ${unknown.join(', ')} select no case. Use one of: ${[...known].sort().join(', ')}.`, 'STREAMKAP_TAGS');
    }
    const contract = loadContract();
    const embedded = settings.baseUrl === undefined;
    const {
      planned: plan,
      seed,
      generatedRequests,
    } = buildPlan({
      contract,
      cases: args.cases,
      pipelineIds: settings.pipelineIds,
      tags: settings.tags,
      limitedTokenConfigured: settings.limitedToken !== undefined || settings.limitedClientId !== undefined || embedded,
      generatedRequests: settings.generatedRequests ?? DEFAULT_GENERATED_REQUESTS[embedded ? 'embedded' : 'target'],
      seed: args.seed ?? settings.seed,
    });
    const generates = plan.some((p) => p.testCase.tags.includes('generated'));
    const seedLine = `Generated tier: seed ${seed} (replay exactly these requests with --seed ${seed} or STREAMKAP_SEED=${seed}); random phase ${generatedRequests} requests.`;
    if (args.list) {
      if (generates) io.out(seedLine);
      io.out(formatCaseList(plan));
      return EXIT.passed;
    }

    // A corrupt history stops the run here, before anything is sent; an explicit baseline wins over the history's last run.
    const historyFile = settings.history.file === undefined ? undefined : resolve(settings.history.file);
    const kept = historyFile === undefined ? undefined : { file: historyFile, history: readHistory(historyFile) };
    let baseline: Baseline | undefined;
    if (settings.baselineReport !== undefined) baseline = readBaseline(resolve(settings.baselineReport));
    else if (kept !== undefined) baseline = baselineFromHistory(kept.history, kept.file);

    const settled = await settle(settings, io.out);
    server = settled.server;
    baseUrl = settled.run.baseUrl;
    context = createRunContext(settled.run, { redactor, contract });
    await context.auth.accessToken();
    // Each configured pipeline must exist before any case runs: an unknown one is a setting, named.
    for (const pipelineId of settled.run.pipelineIds) {
      await preflight(context, pipelineId);
    }
    const drift = await checkContractDrift(context, settled.run.liveSpecUrl, settled.run.drift);
    io.out(driftHeadline(drift));
    if (generates) io.out(seedLine);

    if (reportsDir === undefined) throw new Error('the reports folder was not settled before the run');
    const events = new EventStream(reportsDir, context.redactor);
    events.write({
      event: 'run-started',
      at: startedAt,
      target: settled.run.baseUrl,
      pipeline: settled.run.pipelineId,
      embedded: server !== undefined,
      cases: plan.length,
      seed,
    });
    const progress = new Progress({
      total: plan.length,
      everyMs: settled.run.progressMs,
      tty: io.live !== undefined,
      write: (text) => (io.live ? io.live(text) : io.out(text.trimEnd())),
    });
    progress.start();
    const activeRun = new ConformanceRun(context, plan, {
      deadlineMs: settled.run.runTimeoutMs,
      onVerdict: (verdict) => {
        progress.clearLive();
        io.out(redactor.redact(caseReport(verdict)));
        progress.count(verdict);
        events.caseFinished(verdict);
      },
      onStop: (stop) => {
        if (stop.kind !== 'interrupted')
          io.err(`streamkap-conformance: stopping: ${describeStop(stop)}; the cases not sent are marked not run.`);
      },
    });
    run = activeRun;
    const table = tableOf(activeRun);
    publishTable(table);
    activeRun.start();
    let jest;
    try {
      jest = await runConformanceTable({ testTimeoutMs: worstCaseMs(settled.run, plan.length) });
    } finally {
      activeRun.finish();
      progress.stop();
      withdrawTable();
    }

    const verdicts = activeRun.verdicts();
    const suiteErrors = crossCheckJest(jest, verdicts, [...table.rows, ...table.skippedRows], (id) => activeRun.wasPlannedSkip(id));
    const exit = exitStatus(verdicts, activeRun.stop, suiteErrors, drift.outcome === 'failed');
    const finishedAt = new Date().toISOString();
    const record = recordOfRun({ startedAt, finishedAt, baseUrl: settled.run.baseUrl }, exit, verdicts);
    let historyView: HistoryView | undefined;
    if (kept !== undefined) {
      try {
        historyView = updateHistory(kept.file, kept.history, record, settled.run.history.runs);
      } catch (error) {
        // The run's verdict stands; only its memory failed.
        io.err(
          `streamkap-conformance: warning: the history could not be written to ${kept.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
        );
      }
    }
    const metricsText = await renderRunMetrics(record, drift.status === 'drift' || drift.status === 'no-drift' ? drift : undefined);
    const metricsPush = await pushRunMetrics(settled.run, metricsText);
    if (metricsPush?.warning) io.err(redactor.redact(`streamkap-conformance: warning: ${metricsPush.warning}`));
    const summary = writeReports(
      reportsDir,
      {
        baseUrl: settled.run.baseUrl,
        pipelineId: settled.run.pipelineId,
        embedded: server !== undefined,
        startedAt,
        finishedAt,
        tags: settled.run.tags,
        concurrency: settled.run.concurrency,
        maxRps: settled.run.maxRps,
        timeoutMs: settled.run.timeoutMs,
        retries: settled.run.retries,
        exit,
        stop: activeRun.stop,
        suiteErrors,
        budgets: settled.run.budgets,
        drift,
        generation: { seed, randomRequests: generatedRequests, cases: plan.map((p) => p.testCase) },
        ...(historyView && { history: historyView }),
        ...(metricsPush && { metricsPush }),
      },
      verdicts,
      context.redactor,
      {
        baseline,
        stepSummaryFile: settled.run.stepSummaryFile,
        contract: context.contract,
        generatedQueries: activeRun.generatedQueries,
        metricsText,
      },
    );
    events.write({
      event: 'run-finished',
      at: summary.finishedAt,
      outcome: exit.outcome,
      exitCode: exit.code,
      meaning: exit.meaning,
      totals: { ...summary.totals },
    });
    for (const line of headline(summary, reportsDir, REPORT_FILES)) io.out(redactor.redact(line));
    return exit.code;
  } catch (error) {
    const isSetup = error instanceof SetupError;
    const message = paragraph(error instanceof Error ? error.message : String(error));
    const status = isSetup
      ? couldNotCheck(message)
      : { code: EXIT.suiteError, outcome: 'suite-error' as const, meaning: `Suite error: ${message}` };
    if (reportsDir !== undefined) {
      const target = baseUrl === undefined ? undefined : { baseUrl, embedded: server !== undefined };
      const unwritten = writeNotCheckedReports(
        reportsDir,
        { startedAt, exit: status, setting: isSetup ? error.setting : undefined, target },
        redactor,
        reporting.stepSummaryFile,
      );
      if (unwritten) io.err(`streamkap-conformance: ${unwritten}.`);
    }
    io.err(
      isSetup
        ? `streamkap-conformance: ${message}`
        : `streamkap-conformance: internal error (a bug in the suite, not a finding): ${message}`,
    );
    return status.code;
  } finally {
    stopSignals();
    context?.close();
    await server?.close();
  }
}

/** The process's CLI: its arguments, its environment and .env, and its exit code. */
export function runFromProcess(): void {
  main(process.argv.slice(2), readEnvironment()).then((code) => {
    // Requests a stop left in flight would otherwise hold the process open until their deadlines.
    process.exit(code);
  });
}

if (require.main === module) runFromProcess();
