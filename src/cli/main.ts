import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConformanceRun } from '../conformance-run';
import { loadContract } from '../contract';
import type { FinishedRun, RunHandler, RunTarget } from '../engine/events';
import { EventBus } from '../engine/event-bus';
import { type CaseDriver, runConformance, runNotChecked } from '../engine/run-conformance';
import { EXIT } from '../exit-status';
import { canonicalValues } from '../causes/simplicity';
import { CauseHandler } from '../handlers/cause-handler';
import { ConsoleHandler, type Console, seedLine } from '../handlers/console-handler';
import { EventFileHandler } from '../handlers/event-file-handler';
import { HistoryHandler } from '../handlers/history-handler';
import { MetricsHandler } from '../handlers/metrics-handler';
import { ProgressHandler } from '../handlers/progress-handler';
import { ReportsHandler } from '../handlers/reports-handler';
import { baselineFromHistory } from '../history/baseline-from-history';
import { readHistory } from '../history/history-file';
import { TAGS } from '../model';
import { buildPlan } from '../plan';
import { Redactor } from '../redaction';
import { type ReferenceServer } from '../reference-server/reference-server';
import { readBaseline } from '../reports/baseline';
import { prepareReportsDir } from '../reports/write-reports';
import { createRunContext, type RunContext, type RunSettings } from '../runner';
import type { CheckSet } from '../checks';
import { DEFAULT_GENERATED_REQUESTS, type Environment, loadSettings, readEnvironment, reportSettings } from '../settings';
import { SetupError } from '../setup-error';
import { type CliArgs, parseArgs, swallowedByNpm, USAGE } from './args';
import { jestDriver } from './jest-driver';
import { formatCaseList } from './list-cases';
import { settleTarget } from './settle-target';
import { onSignals } from './signals';

export { EXIT } from '../exit-status';
export type { Console } from '../handlers/console-handler';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

const processConsole: Console = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ...(process.stdout.isTTY && { live: (text: string) => void process.stdout.write(text) }),
};

/** The flags win over the environment and .env, by standing in for their variables. */
function withFlags(env: Environment, args: CliArgs): Environment {
  return {
    ...env,
    ...(args.baseUrl !== undefined && { STREAMKAP_BASE_URL: args.baseUrl }),
    // Whichever variable the environment used, the flag's list replaces it.
    ...(args.pipelines.length > 0 && { STREAMKAP_PIPELINE_ID: undefined, STREAMKAP_PIPELINE_IDS: args.pipelines.join(',') }),
  };
}

/** Every secret the environment holds, known before anything can print: a setup error may quote one. */
function redactorFor(env: Environment): Redactor {
  const redactor = new Redactor();
  for (const name of ['TOKEN', 'SECRET', 'CLIENT_ID', 'LIMITED_TOKEN', 'LIMITED_SECRET', 'LIMITED_CLIENT_ID']) {
    const value = env[`STREAMKAP_${name}`]?.trim();
    if (value) redactor.add(value, `$STREAMKAP_${name}`);
  }
  return redactor;
}

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
  let bus = busOf([new ConsoleHandler(io, redactor, { generates: false })]);
  let server: ReferenceServer | undefined;
  let context: RunContext | undefined;
  let target: RunTarget | undefined;
  let run: ConformanceRun | undefined;
  const finish = async (finished: FinishedRun): Promise<number> => {
    await bus.emit({ type: 'run-finished', at: finished.finishedAt, run: finished });
    await bus.finish();
    return finished.exit.code;
  };
  const stopSignals = onSignals((signal) => {
    io.err(`streamkap-conformance: ${signal}: stopping; the reports will cover what ran. Send it again to quit at once.`);
    const interruption = { kind: 'interrupted', signal, at: new Date().toISOString() } as const;
    if (run) return run.halt(interruption);
    // Nothing was sent yet: say so in the reports and stop here.
    const meaning = `Interrupted (${signal}) before any case was sent; nothing was checked.`;
    const exit = { code: EXIT[signal], outcome: 'interrupted', meaning } as const;
    void finish(runNotChecked(startedAt, { kind: 'setup', message: meaning }, target, exit)).then((code) => process.exit(code));
  });

  let finished: FinishedRun;
  try {
    // Settled before anything else can fail, so that no earlier run's green report survives this
    // run's failure, whatever it is. Only --help, --list and --version, which check nothing, leave them.
    if (!argv.some((arg) => ['--help', '-h', '--list', '--version'].includes(arg))) {
      const dir = prepareReportsDir(resolve(reporting.reportsDir));
      bus = busOf([
        new ReportsHandler({ dir, stepSummaryFile: reporting.stepSummaryFile }, redactor),
        new ConsoleHandler(io, redactor, { generates: false }),
      ]);
    }
    const swallowed = swallowedByNpm(env);
    if (swallowed !== undefined) throw new SetupError(swallowed);
    const args = parseArgs(argv);
    if (args.help || args.version) {
      io.out(args.help ? USAGE : `streamkap-conformance ${VERSION}`);
      return EXIT.passed;
    }
    const settings = loadSettings(withFlags(env, args));
    if (args.tags.length > 0) settings.tags = args.tags;
    // A mistyped tag beside a good one would otherwise shrink a nightly run without a word.
    const unknown = settings.tags.filter((tag) => !(TAGS as readonly string[]).includes(tag));
    if (unknown.length > 0) {
      throw new SetupError(`The tags ${unknown.join(', ')} select no case. Use one of: ${[...TAGS].sort().join(', ')}.`, 'STREAMKAP_TAGS');
    }
    const contract = loadContract();
    const embedded = settings.baseUrl === undefined;
    const plan = buildPlan({
      contract,
      cases: args.cases,
      pipelineIds: settings.pipelineIds,
      tags: settings.tags,
      limitedTokenConfigured: settings.limitedToken !== undefined || settings.limitedClientId !== undefined || embedded,
      generatedRequests: settings.generatedRequests ?? DEFAULT_GENERATED_REQUESTS[embedded ? 'embedded' : 'target'],
      seed: args.seed ?? settings.seed,
    });
    const generates = plan.planned.some((p) => p.testCase.tags.includes('generated'));
    if (args.list) {
      if (generates) io.out(seedLine(plan.seed, plan.generatedRequests));
      io.out(formatCaseList(plan.planned));
      return EXIT.passed;
    }

    // A corrupt history stops the run here, before anything is sent; an explicit baseline wins over the history's last run.
    const historyFile = settings.history.file === undefined ? undefined : resolve(settings.history.file);
    const kept =
      historyFile === undefined ? undefined : { file: historyFile, history: readHistory(historyFile), runs: settings.history.runs };
    const baseline =
      settings.baselineReport !== undefined
        ? readBaseline(resolve(settings.baselineReport))
        : kept && baselineFromHistory(kept.history, kept.file);

    const settled = await settleTarget(settings, io.out);
    server = settled.server;
    target = { baseUrl: settled.run.baseUrl, pipelineIds: settled.run.pipelineIds, embedded };
    context = createRunContext(settled.run, { redactor, contract, ...(seams.checks && { checks: seams.checks }) });
    const reportsDir = resolve(reporting.reportsDir);
    const progress = new ProgressHandler(io, settled.run.progressMs);
    const warn = (line: string) => io.err(line);
    bus = busOf([
      // First: every other output hears of the causes before it hears that the run finished.
      new CauseHandler(canonicalValues(contract)),
      progress,
      new EventFileHandler(reportsDir, redactor),
      ...(kept ? [new HistoryHandler(kept, warn)] : []),
      new MetricsHandler(settled.run, warn),
      new ReportsHandler({ dir: reportsDir, contract, baseline, stepSummaryFile: settled.run.stepSummaryFile }, redactor),
      new ConsoleHandler(io, redactor, { generates, progress, verbose: args.verbose }),
    ]);
    finished = await runConformance({
      settings: settled.run,
      context,
      plan,
      embedded,
      preflight: true,
      drift: { liveSpecUrl: settled.run.liveSpecUrl, mode: settled.run.drift },
      driver: (seams.driver ?? jestDriver)(settled.run),
      emit: bus.emit,
      onStarted: (started) => (run = started),
      startedAt,
    });
  } catch (error) {
    const message = redactor
      .redact(error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, ' ')
      .trim();
    const setting = error instanceof SetupError ? error.setting : undefined;
    finished = runNotChecked(startedAt, { kind: error instanceof SetupError ? 'setup' : 'suite', message, setting }, target);
  }
  try {
    return await finish(finished);
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
