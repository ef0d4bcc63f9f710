import { join } from 'node:path';
import type { Config } from '@jest/types';
import { runCLI } from 'jest';

export interface JestOutcome {
  passed: number;
  failed: number;
  skipped: number;
  /** The table itself could not run: a bug in the suite, not in the server. */
  crashed: boolean;
}

const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * Runs the conformance table in this process (runInBand), so the table shares the process
 * environment the CLI prepared. Each case's own time limit is the engine's; jest's is a backstop.
 */
export async function runConformanceTable(options: { reportsDir: string; testTimeoutMs: number }): Promise<JestOutcome> {
  const config = {
    rootDir: PROJECT_ROOT,
    roots: ['<rootDir>/cases'],
    testMatch: ['<rootDir>/cases/metrics.conformance.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': 'ts-jest' },
    maxConcurrency: 10_000, // the engine limits concurrency; jest must not queue behind it
    testTimeout: options.testTimeoutMs,
    verbose: true,
    reporters: [
      'default',
      [
        'jest-junit',
        {
          outputDirectory: options.reportsDir,
          outputName: 'junit.xml',
          suiteName: 'streamkap-metrics-conformance',
          classNameTemplate: '{classname}',
          titleTemplate: '{title}',
          ancestorSeparator: ' › ',
          reportTestSuiteErrors: 'true',
        },
      ],
    ],
  };
  const argv = {
    _: [],
    $0: 'streamkap-conformance',
    config: JSON.stringify(config),
    runInBand: true,
    watchman: false,
  } as unknown as Config.Argv;
  const { results } = await runCLI(argv, [PROJECT_ROOT]);
  return {
    passed: results.numPassedTests,
    failed: results.numFailedTests,
    skipped: results.numPendingTests,
    crashed: results.numRuntimeErrorTestSuites > 0 || (results.numFailedTests === 0 && !results.success),
  };
}
