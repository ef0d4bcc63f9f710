/**
 * Where a run works and what it needs: from a subfolder of the project it works in the project's
 * root, as `npm run` does; without its dependencies it says to run `npm ci`, with exit 2.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRootAbove } from '../../src/cli/project-root';
import { EXIT } from '../../src/exit-status';

const ROOT = join(__dirname, '..', '..');
/** Never a developer's own settings: only what finds node and npm's cache. */
const BARE_ENV = { PATH: process.env.PATH, HOME: process.env.HOME };

test('a subfolder of the project runs in its root; the root itself and folders outside it stay where they are', () => {
  const root = mkdtempSync(join(tmpdir(), 'root-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  expect(projectRootAbove(join(root, 'src', 'cli'), root)).toBe(root);
  expect(projectRootAbove(root, root)).toBeUndefined();
  expect(projectRootAbove(tmpdir(), root)).toBeUndefined();
  // A sibling whose name starts with the root's is outside it.
  expect(projectRootAbove(`${root}-other`, root)).toBeUndefined();
});

test('the bin started in src/ (as npx leaves it) reads the root’s .env and writes reports/ in the root, never into the source tree', () => {
  // A copy of the project (its modules linked), so that the run's reports land in a folder of this test's own.
  const project = mkdtempSync(join(tmpdir(), 'project-'));
  for (const part of ['bin', 'src', 'cases', 'specs', 'package.json']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  // A setting error in the root's .env: a run that stops before sending, and still writes its reports.
  writeFileSync(join(project, '.env'), 'STREAMKAP_TIMEOUT_MS=soon\n');
  const run = spawnSync(process.execPath, [join(project, 'bin', 'streamkap-conformance.js')], {
    cwd: join(project, 'src'),
    env: BARE_ENV,
    encoding: 'utf8',
  });
  expect(run.stderr).toContain(`started in ${join(project, 'src')}, inside the project: running in its root ${project}`);
  expect(run.status).toBe(EXIT.couldNotCheck);
  expect(JSON.parse(readFileSync(join(project, 'reports', 'summary.json'), 'utf8'))).toMatchObject({
    outcome: 'could-not-check',
    setting: 'STREAMKAP_TIMEOUT_MS',
  });
  expect(existsSync(join(project, 'src', 'reports', 'summary.json'))).toBe(false);
});

describe('without npm ci', () => {
  test('a missing dependency is one paragraph naming npm ci and the folder, exit 2, no stack trace', () => {
    const project = mkdtempSync(join(tmpdir(), 'no-modules-'));
    for (const part of ['bin', 'package.json']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
    const run = spawnSync(process.execPath, [join(project, 'bin', 'streamkap-conformance.js')], {
      cwd: project,
      env: BARE_ENV,
      encoding: 'utf8',
    });
    expect(run.status).toBe(EXIT.couldNotCheck);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `streamkap-conformance: the suite's dependencies are not installed: "tsx/cjs" could not be loaded from ${join(project, 'node_modules')}. ` +
        `Run \`npm ci\` in ${project} (the folder with package.json and package-lock.json), then run the suite again. Nothing was checked.\n`,
    );
  });

  test('a module of the suite itself missing is a bug in the suite (exit 3), not a setting', () => {
    const project = mkdtempSync(join(tmpdir(), 'no-source-'));
    for (const part of ['bin', 'package.json']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    const run = spawnSync(process.execPath, [join(project, 'bin', 'streamkap-conformance.js')], {
      cwd: project,
      env: BARE_ENV,
      encoding: 'utf8',
    });
    expect(run.status).toBe(EXIT.suiteError);
    expect(run.stderr).toMatch(
      /^streamkap-conformance: the suite failed to load, a bug in the suite itself:\nError: Cannot find module '\.\.\/src\/cli\/main\.ts'/,
    );
  });
});
