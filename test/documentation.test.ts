import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_END, README_START, renderEnvExample, renderReadmeTable } from '../src/settings/documentation';
import { SETTING_NAMES } from '../src/settings';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const FIX = 'run npm run docs:settings to render them from src/settings/table.ts';

describe('the documented settings are the table of settings', () => {
  test(`README's table of settings is the one the table renders (${FIX})`, () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END) + README_END.length);
    expect(section).toBe(renderReadmeTable());
    for (const name of SETTING_NAMES) expect(section).toContain(`| \`${name}\` |`);
  });

  test(`.env.example is the one the table renders (${FIX})`, () => {
    const example = read('.env.example');
    expect(example).toBe(renderEnvExample());
    expect(example.match(/^STREAMKAP_[A-Z_]+(?==)/gm)).toEqual(SETTING_NAMES.filter((name) => name.startsWith('STREAMKAP_')));
  });

  test('README names no STREAMKAP_ setting the code does not read', () => {
    const named = new Set(read('README.md').match(/STREAMKAP_[A-Z_]+/g) ?? []);
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
