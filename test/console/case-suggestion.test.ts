/** A misspelt --case stops the run (exit 2) and names the closest case ids, wherever the typo is. */
import { runMain } from '../support/run-cli';

describe('--case with an id that is no case', () => {
  test.each([
    ['a typo in the tier', 'acept.defaults', 'accept.defaults'],
    ['a typo in the middle', 'accept.windw.utc-z', 'accept.window.utc-z'],
    ['a letter missing at the end', 'generated.property.window-relation', 'generated.property.window-relations'],
    ['a dash for a dot', 'auth-missing', 'auth.missing'],
  ])('%s: the closest ids', async (_what, typed, meant) => {
    const run = await runMain(['--case', typed], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`--case ${typed} names no case\\. Did you mean ${meant.replace(/\./g, '\\.')}[,?]`));
  });

  test('nothing close: no guess, the way to list them', async () => {
    const run = await runMain(['--case', 'zzzz'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--case zzzz names no case. Run with --list to see every case id.');
  });
});
