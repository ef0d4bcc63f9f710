/**
 * @jest-config-loader esbuild-register
 */
// The project's own tests (npm test). The conformance run builds its own jest configuration
// in src/cli/jest-table.ts, so that `npm test` never sends traffic to a configured target. The
// table is listed here only so that `npx jest cases`, a jest user's habit, finds it: without the
// CLI it sends nothing and shows one skipped test whose title says to run `npm run conformance`.
// Read through esbuild-register (the docblock above): jest's default TypeScript loader, ts-node,
// costs seconds of CPU per start and is not installed.
import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/cases'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/cases/metrics.conformance.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['<rootDir>/test/support/process-flags.ts'],
  // Only a hang reaches it: a busy machine makes a test slower, never red (spawned CLIs stop sooner, see run-cli.ts).
  testTimeout: 300_000,
  // Three on two cores: several files mostly wait (a spawned CLI, requests that time out on purpose),
  // and a third worker fills those waits. On a quiet machine it took npm test from 110 s to 95 s for
  // 4 s more CPU; under load it was faster too. The static checks run beside jest (npm test).
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/support/slow-files-first.js',
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
};

export default config;
