/**
 * jest.config.ts is read through esbuild-register, named in its docblock: jest's default loader for a
 * TypeScript config, ts-node, would cost seconds of CPU at every start. Read here as jest reads it,
 * in a process of its own, which then lists the modules it loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

const READ_AS_JEST_DOES = `
const { readConfig } = require('jest-config');
readConfig({ _: [], $0: 'jest' }, process.cwd()).then(({ configPath, projectConfig, globalConfig }) => {
  const loaded = Object.keys(require.cache);
  console.log(JSON.stringify({
    configPath,
    testMatch: projectConfig.testMatch,
    maxWorkers: globalConfig.maxWorkers,
    testSequencer: globalConfig.testSequencer,
    tsNode: loaded.filter((file) => file.includes('/node_modules/ts-node/')),
    esbuildRegister: loaded.some((file) => file.includes('/node_modules/esbuild-register/')),
  }));
});
`;

test('jest reads jest.config.ts through esbuild-register, without ts-node', () => {
  const result = spawnSync(process.execPath, ['-e', READ_AS_JEST_DOES], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  const read = JSON.parse(result.stdout) as {
    configPath: string;
    testMatch: string[];
    maxWorkers: number;
    testSequencer: string;
    tsNode: string[];
    esbuildRegister: boolean;
  };
  expect(read.configPath).toBe(join(ROOT, 'jest.config.ts'));
  // The settings arrived: this very file is one of the tests it matches.
  expect(read.testMatch).toContain('<rootDir>/test/**/*.test.ts'.replace('<rootDir>', ROOT));
  expect(read.maxWorkers).toBe(2);
  expect(read.testSequencer).toBe(join(ROOT, 'test/support/slow-files-first.js'));
  expect(read.esbuildRegister).toBe(true);
  expect(read.tsNode).toEqual([]);
});

test('the files a clean clone starts first are test files that exist', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SLOW_FIRST } = require('./support/slow-files-first.js') as { SLOW_FIRST: string[] };
  expect(SLOW_FIRST.filter((file) => !/\.test\.ts$/.test(file) || !existsSync(join(ROOT, file)))).toEqual([]);
  expect(new Set(SLOW_FIRST).size).toBe(SLOW_FIRST.length);
});
