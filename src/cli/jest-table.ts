import { join } from 'node:path';
import type { Config } from '@jest/types';
import { runCLI } from 'jest';
import { PROJECT_ROOT } from './project-root';

/** What jest made of each test, by the name it showed, and any failure of the table file itself. */
export interface JestReport {
  statuses: ReadonlyMap<string, string>;
  /** The table file failed to load or run (a syntax error, a throw at the top): a bug in the suite. */
  tableErrors: string[];
}

/**
 * Runs the conformance table in this process (runInBand), where the conformance environment can
 * hand it the run the CLI published. jest prints nothing: the console belongs to the engine,
 * which knows each request's own duration. Each case's time limit is the engine's; jest's is a backstop.
 */
export async function runConformanceTable(options: { testTimeoutMs: number }): Promise<JestReport> {
  const config = {
    rootDir: PROJECT_ROOT,
    roots: ['<rootDir>/cases'],
    testMatch: ['<rootDir>/cases/metrics.conformance.ts'],
    testEnvironment: join(PROJECT_ROOT, 'src/cli/conformance-environment.ts'),
    transform: { '^.+\\.ts$': join(PROJECT_ROOT, 'src/cli/table-transformer.js') },
    testTimeout: options.testTimeoutMs,
    cache: true,
  };
  const argv = {
    _: [],
    $0: 'streamkap-conformance',
    config: JSON.stringify(config),
    runInBand: true,
    // Global options, not a project's: jest warns on stderr when a project config carries them.
    maxConcurrency: 10_000, // the engine limits concurrency; jest must not queue behind it
    reporters: [],
    watchman: false,
    silent: true,
  } as unknown as Config.Argv;
  const { results } = await runCLI(argv, [PROJECT_ROOT]);
  const statuses = new Map<string, string>();
  const tableErrors: string[] = [];
  for (const file of results.testResults) {
    if (file.testExecError) tableErrors.push(file.testExecError.message);
    for (const test of file.testResults) statuses.set(test.title, test.status);
  }
  if (results.numTotalTestSuites === 0) tableErrors.push('jest found no conformance table to run');
  return { statuses, tableErrors };
}
