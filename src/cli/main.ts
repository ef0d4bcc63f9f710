import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FinishedRun, RunHandler, RunTarget } from '../engine/events';
import { EventBus } from '../engine/event-bus';
import { type CaseDriver, runConformance, runNotChecked } from '../engine/run-conformance';
import { EXIT } from '../exit-status';
import type { Console } from '../handlers/console';
import { ConsoleHandler, seedLine } from '../handlers/console-handler';
import { type ReferenceServer } from '../reference-server/reference-server';
import type { ReportsLayout } from '../reports/run-folder';
import { prepareReportsDir } from '../reports/write-reports';
import { createRunContext, type RunContext, type RunSettings } from '../engine/run-context';
import type { CheckSet } from '../checks';
import { alertingSettings, type Environment, qualifySettings, readEnvironment, redactorFor, reportSettings } from '../settings';
import { SetupError } from '../setup-error';
import { parseArgs, swallowedByNpm, USAGE } from './args';
import { jestDriver } from './jest-driver';
import { formatCaseList } from './list-cases';
import { settleTarget } from './settle-target';
import { type KeptHistory, type PreparedRun, prepareRun, readKeptHistory, rerunsChosenCases } from './prepare-run';
import { outputsBeforeTheTarget, outputsOfTheRun, processConsole } from './outputs';
import { PROJECT_ROOT, projectRootAbove } from './project-root';
import { NotChecked, StopRequests } from './stop-requests';

export type { Console } from '../handlers/console';

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** What a self-test may hand the run instead of the real parts: a broken check, a driver that misreports. */
export interface MainSeams {
  checks?: CheckSet;
  driver?: (settings: RunSettings) => CaseDriver;
}

/** The conformance CLI; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  env: Environment,
  io: Console = processConsole,
  seams: MainSeams = {},
): Promise<number> {
  const startedAt = new Date().toISOString();
  const redactor = redactorFor(env);
  const reporting = reportSettings(env);
  const busOf = (outputs: readonly RunHandler[]) =>
    new EventBus(outputs, (error, during) => io.err(`streamkap-conformance: warning: an output failed on ${during}: ${String(error)}`));
  const earlyConsole = new ConsoleHandler(io, redactor);
  let bus = busOf([earlyConsole]);
  let server: ReferenceServer | undefined;
  let context: RunContext | undefined;
  let target: RunTarget | undefined;
  let layout: ReportsLayout | undefined;
  const finish = async (finished: FinishedRun): Promise<number> => {
    await bus.emit({ type: 'run-finished', at: finished.finishedAt, run: finished });
    await bus.finish();
    return finished.exit.code;
  };
  // A stop before the run has started ends whichever step is under way, once the reports folder is ready.
  const stops = new StopRequests(io);

  let finished: FinishedRun;
  try {
    // A usage error checks nothing and leaves the last run's reports alone; from here on, it is a run.
    const swallowed = swallowedByNpm(env);
    if (swallowed !== undefined) throw new SetupError(swallowed);
    const args = parseArgs(argv);
    if (args.help || args.version) {
      io.out(args.help ? USAGE : `streamkap-conformance ${VERSION}`);
      stops.stop();
      return EXIT.passed;
    }
    // What the alert needs is read on its own, so that a run stopped by any other setting still reaches it.
    const alerting = alertingSettings({ env, flags: args.flags });
    let kept: KeptHistory | undefined;
    let prepared: PreparedRun | SetupError;
    try {
      kept = readKeptHistory(alerting.history);
      // The flags are the top layer over the environment and .env; every default is filled in there, once.
      prepared = prepareRun(qualifySettings({ env, flags: args.flags }), args, kept);
    } catch (error) {
      if (!(error instanceof SetupError)) throw error;
      prepared = error;
    }
    if (args.list && !(prepared instanceof SetupError)) {
      const { plan } = prepared;
      if (plan.generatedRequests > 0) io.out(seedLine(plan.seed, plan.generatedRequests));
      io.out(formatCaseList(plan.planned));
      stops.stop();
      return EXIT.passed;
    }
    // The baseline and history are read first (the baseline may be last night's summary.json); then no
    // earlier run's green report survives this run, whatever stops it.
    // A rerun of chosen cases keeps its reports in its own folder only: the full run's stay where CI and people look.
    layout = await prepareReportsDir(resolve(reporting.reportsDir), {
      startedAt,
      rerun: rerunsChosenCases(args),
      keep: reporting.reportsRuns,
    });
    const contract = prepared instanceof SetupError ? undefined : prepared.contract;
    const base = {
      io,
      redactor,
      alerting,
      ...(kept && { kept }),
      reports: { layout, contract, stepSummaryFile: reporting.stepSummaryFile },
    };
    bus = busOf(outputsBeforeTheTarget(base, earlyConsole));
    stops.throwIfStopped();
    if (prepared instanceof SetupError) throw prepared;
    const { settings, plan, embedded, baseline } = prepared;

    const settled = await stops.untilStopped(settleTarget(settings, io.out));
    server = settled.server;
    target = { baseUrl: settled.run.baseUrl, pipelineIds: settled.run.pipelineIds, embedded };
    context = createRunContext(settled.run, {
      redactor,
      contract: prepared.contract,
      embedded,
      ...(seams.checks && { checks: seams.checks }),
    });
    const reports = { ...base.reports, ...(baseline && { baseline }), stepSummaryFile: settled.run.stepSummaryFile };
    bus = busOf(
      outputsOfTheRun({ ...base, reports }, { contract: prepared.contract, progressMs: settled.run.progressMs, verbose: args.verbose }),
    );
    finished = await stops.untilStopped(
      runConformance({
        settings: settled.run,
        context,
        plan,
        embedded,
        preflight: true,
        passedBefore: kept?.history.runs.some((r) => r.baseUrl === settled.run.baseUrl && r.outcome === 'passed'),
        drift: { liveSpecUrl: settled.run.liveSpecUrl, mode: settled.run.drift },
        driver: (seams.driver ?? jestDriver)(settled.run),
        emit: bus.emit,
        onStarted: (started) => stops.started(started),
        startedAt,
      }),
    );
  } catch (error) {
    if (error instanceof NotChecked) {
      finished = runNotChecked(startedAt, { kind: 'setup', message: error.message }, target, error.exit);
    } else {
      const message = redactor
        .redact(error instanceof Error ? error.message : String(error))
        .replace(/\s+/g, ' ')
        .trim();
      const setting = error instanceof SetupError ? error.setting : undefined;
      finished = runNotChecked(startedAt, { kind: error instanceof SetupError ? 'setup' : 'suite', message, setting }, target);
    }
  }
  try {
    return await finish(finished);
  } finally {
    stops.stop();
    layout?.release();
    context?.close();
    await server?.close();
  }
}

/** The process's CLI: its arguments, its environment and .env, and its exit code. */
export function runFromProcess(): void {
  // A console whose reader is gone (a killed wrapper's pipe) must not end the run before its reports.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const root = projectRootAbove(process.cwd());
  if (root) {
    processConsole.err(
      `streamkap-conformance: started in ${process.cwd()}, inside the project: running in its root ${root}, as npm run does (.env and relative paths such as STREAMKAP_REPORTS_DIR are read from there).`,
    );
    process.chdir(root);
  }
  main(process.argv.slice(2), readEnvironment()).then((code) => {
    // Requests a stop left in flight would otherwise hold the process open until their deadlines.
    process.exit(code);
  });
}

if (require.main === module) runFromProcess();
