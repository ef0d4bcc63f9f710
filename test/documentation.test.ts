import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_NAMES } from '../src/settings';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the documented settings match the code', () => {
  test.each(['README.md', '.env.example'])('%s documents every setting', (file) => {
    const text = read(file);
    expect(SETTING_NAMES.filter((name) => !text.includes(name))).toEqual([]);
  });

  test.each(['README.md', '.env.example'])('%s documents no setting the code does not read', (file) => {
    const named = new Set(read(file).match(/STREAMKAP_[A-Z_]+/g) ?? []);
    expect(named.size).toBeGreaterThan(0);
    // STREAMKAP_TARGETS is the CI workflow's repository variable (the list of targets), not a setting of the suite.
    const known: readonly string[] = [...SETTING_NAMES, 'STREAMKAP_TARGETS'];
    expect([...named].filter((name) => !known.includes(name))).toEqual([]);
  });

  test('README opens with the two commands of a fresh machine', () => {
    const opening = read('README.md').split('\n## ')[0] ?? '';
    expect(opening).toContain('npm ci && npm run conformance');
    expect(opening).toContain('npm ci && npm test');
  });
});
