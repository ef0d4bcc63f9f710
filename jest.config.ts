import type { Config } from 'jest';

// The project's own tests (npm test). The conformance run builds its own jest configuration
// in src/cli/run-jest.ts, so that `npm test` never sends traffic to a configured target.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 60_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
};

export default config;
