import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { allCases } from '../../cases';
import { startReferenceServer, type ReferenceServer } from '../reference-server/reference-server';
import { MAX_RETRY_AFTER_MS } from '../http/retry-policy';
import { preflight } from '../preflight';
import { readBaseline } from '../reports/baseline';
import { REPORT_FILES } from '../reports/write-reports';
import { handOff } from '../run-handoff';
import { createRunContext, planCases, type RunContext, type RunSettings } from '../runner';
import { type Environment, loadSettings, readEnvironment, type Settings } from '../settings';
import { SetupError } from '../setup-error';
import { parseArgs, USAGE } from './args';
import { retryNote } from './retry-note';
import { formatCaseList } from './list-cases';
import { runConformanceTable } from './run-jest';

export const EXIT = { passed: 0, contractFailure: 1, setupError: 2, suiteError: 3 } as const;

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

async function settle(settings: Settings, log: (line: string) => void): Promise<{ run: RunSettings; server?: ReferenceServer }> {
  if (settings.baseUrl !== undefined && settings.pipelineId !== undefined) {
    return { run: { ...settings, baseUrl: settings.baseUrl, pipelineId: settings.pipelineId } };
  }
  const server = await startReferenceServer();
  log(`STREAMKAP_BASE_URL is not set: running against the embedded reference server at ${server.baseUrl} (pipeline ${server.pipelineId}).`);
  log('Set STREAMKAP_BASE_URL, STREAMKAP_PIPELINE_ID and STREAMKAP_TOKEN to check a real deployment.');
  return {
    server,
    run: {
      ...settings,
      baseUrl: server.baseUrl,
      pipelineId: server.pipelineId,
      token: server.token,
      limitedToken: server.limitedToken,
      clientId: undefined,
      secret: undefined,
      tokenUrl: undefined,
    },
  };
}

/** The conformance CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], env: Environment, log: (line: string) => void = console.log): Promise<number> {
  let server: ReferenceServer | undefined;
  let context: RunContext | undefined;
  // One paragraph, whatever line breaks OpenSSL or a server put in, and no secret it echoed.
  const paragraph = (message: string) => (context?.redactor.redact(message) ?? message).replace(/\s+/g, ' ').trim();
  try {
    const args = parseArgs(argv);
    if (args.help) {
      log(USAGE);
      return EXIT.passed;
    }
    const settings = loadSettings(env);
    if (args.tags.length > 0) settings.tags = args.tags;
    settings.reportsDir = resolve(settings.reportsDir);
    if (settings.baselineReport !== undefined) {
      settings.baselineReport = resolve(settings.baselineReport);
      readBaseline(settings.baselineReport); // a bad baseline stops the run before anything is sent
    }

    // A mistyped tag beside a good one would otherwise shrink a nightly run without a word.
    const known = new Set<string>(allCases.flatMap((c) => c.tags));
    const unknown = settings.tags.filter((tag) => !known.has(tag));
    if (unknown.length > 0) {
      throw new SetupError(`The tags ${unknown.join(', ')} select no case. Use one of: ${[...known].sort().join(', ')}.`, 'STREAMKAP_TAGS');
    }
    const plan = planCases(allCases, {
      tags: settings.tags,
      limitedTokenConfigured: settings.limitedToken !== undefined || settings.baseUrl === undefined,
    });
    if (args.list) {
      log(formatCaseList(plan));
      return EXIT.passed;
    }

    prepareReportsDir(settings.reportsDir);
    const startedAt = new Date().toISOString();
    const settled = await settle(settings, log);
    server = settled.server;
    context = createRunContext(settled.run);
    let issuedToken;
    try {
      issuedToken = await context.auth.accessToken();
      await preflight(context);
    } finally {
      context.close();
    }
    handOff({
      settings: settled.run,
      issuedToken: settled.run.token === undefined ? issuedToken : undefined,
      embedded: server !== undefined,
      startedAt,
    });

    const outcome = await runConformanceTable({ reportsDir: settled.run.reportsDir, testTimeoutMs: worstCaseMs(settled.run, plan.length) });
    const reportsDir = settled.run.reportsDir;
    log(`Reports (open report.html in a browser): ${[...REPORT_FILES, 'junit.xml'].map((name) => `${reportsDir}/${name}`).join(', ')}`);
    const retried = retryNote(reportsDir);
    if (retried !== undefined) log(retried);
    log(`conformance: ${outcome.passed} passed, ${outcome.failed} failed, ${outcome.skipped} skipped`);
    if (outcome.crashed) {
      log('The conformance table itself failed to run (see above): this is a bug in the suite, not a finding about the server.');
      return EXIT.suiteError;
    }
    return outcome.failed > 0 ? EXIT.contractFailure : EXIT.passed;
  } catch (error) {
    if (error instanceof SetupError) {
      console.error(`streamkap-conformance: ${paragraph(error.message)}`);
      return EXIT.setupError;
    }
    console.error(`streamkap-conformance: internal error: ${paragraph(error instanceof Error ? error.message : String(error))}`);
    return EXIT.suiteError;
  } finally {
    await server?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), readEnvironment()).then((code) => {
    process.exitCode = code;
  });
}
