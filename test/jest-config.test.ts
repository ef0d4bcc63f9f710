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
  expect(read.maxWorkers).toBe(3);
  expect(read.testSequencer).toBe(join(ROOT, 'test/support/slow-files-first.js'));
  expect(read.esbuildRegister).toBe(true);
  expect(read.tsNode).toEqual([]);
});

interface FakeTest {
  path: string;
  context: { config: { rootDir: string; cache: boolean }; hasteFS: { getSize: (path: string) => number } };
}
interface Sequencer {
  sort(tests: FakeTest[]): FakeTest[];
  _cache: Map<unknown, Record<string, [number, number]>>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const slowFilesFirst = require('./support/slow-files-first.js') as { new (options: object): Sequencer; SLOW_FIRST: string[] };

test('the files a clean clone starts first are test files that exist', () => {
  const { SLOW_FIRST } = slowFilesFirst;
  expect(SLOW_FIRST.filter((file) => !/\.test\.ts$/.test(file) || !existsSync(join(ROOT, file)))).toEqual([]);
  expect(new Set(SLOW_FIRST).size).toBe(SLOW_FIRST.length);
});

test('without timings the listed files go first, in their order, the rest by size; with timings jest orders by them', () => {
  const [slowest, second] = slowFilesFirst.SLOW_FIRST;
  // The files not listed are far bigger: jest alone would start them first.
  const files = ['test/big.test.ts', second, 'test/bigger.test.ts', slowest] as string[];
  const context = {
    config: { rootDir: ROOT, cache: false },
    hasteFS: { getSize: (path: string) => (path.includes('big') ? path.length * 1000 : 1) },
  };
  const tests = (): FakeTest[] => files.map((file) => ({ path: join(ROOT, file), context }));
  const order = (sorted: FakeTest[]) => sorted.map((test) => test.path.slice(ROOT.length + 1));
  expect(order(new slowFilesFirst({}).sort(tests()))).toEqual([slowest, second, 'test/bigger.test.ts', 'test/big.test.ts']);
  // A second run: jest's own timings (here, the smallest file took longest) decide.
  const timed = new slowFilesFirst({});
  timed._cache.set(context, Object.fromEntries(files.map((file, i) => [join(ROOT, file), [0, file === 'test/big.test.ts' ? 9000 : i]])));
  expect(order(timed.sort(tests()))[0]).toBe('test/big.test.ts');
});
