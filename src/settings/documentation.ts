/**
 * README's table of settings and .env.example, rendered from the table of settings. A test keeps
 * both files equal to what this renders; `npm run docs:settings` rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_NAMES, SETTINGS, type SettingSpec } from './table';

export const README_START = '<!-- settings: rendered from src/settings/table.ts by npm run docs:settings -->';
export const README_END = '<!-- /settings -->';

const specs = () => SETTING_NAMES.map((name) => [name, SETTINGS[name] as SettingSpec<unknown>] as const);

function shownDefault(spec: SettingSpec<unknown>): string {
  if (spec.shownDefault !== undefined) return spec.shownDefault;
  return spec.default === undefined ? '' : `\`${String(spec.default)}\``;
}

/** What a setting means, with its range when it has one. */
const meaning = (spec: SettingSpec<unknown>): string =>
  spec.range === undefined ? spec.description : `${spec.description} From ${spec.range.min} to ${spec.range.max}.`;

/** README's table of settings, between its markers. */
export function renderReadmeTable(): string {
  const rows = specs().map(([name, spec]) => `| \`${name}\` | ${shownDefault(spec)} | ${meaning(spec)} |`);
  return [README_START, '| variable | default | meaning |', '|---|---|---|', ...rows, README_END].join('\n');
}

/** Plain text for a comment: Markdown's code spans and emphasis dropped. */
const plain = (markdown: string): string => markdown.replace(/`([^`]*)`/g, '$1').replace(/\*([^*]+)\*/g, '$1');

function comment(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

const ENV_EXAMPLE_HEADER = [
  '# streamkap-metrics-conformance settings, rendered from src/settings/table.ts (npm run docs:settings).',
  '# Copy to .env (git-ignored) and fill in; a variable set in the real environment wins over this file;',
  '# an empty value counts as unset. With none set, `npm run conformance` checks the embedded reference',
  '# server. Any target setting below without STREAMKAP_BASE_URL stops the run (exit 2) instead of quietly',
  '# checking the embedded server. A line that is not NAME=value, a comment or blank, or an unknown',
  '# STREAMKAP_ name, stops the run (exit 2) with the likely spelling.',
];

/** .env.example: every setting a user sets, with what it means and its default. */
export function renderEnvExample(): string {
  const blocks = specs()
    .filter(([, spec]) => !spec.fromTheHost)
    .map(([name, spec]) => {
      const fallback = shownDefault(spec);
      const text = `${plain(meaning(spec))}${fallback === '' ? '' : ` Default: ${plain(fallback)}.`}`;
      return [...comment(text), `${name}=`].join('\n');
    });
  return `${[ENV_EXAMPLE_HEADER.join('\n'), ...blocks].join('\n\n')}\n`;
}

/** README with its table of settings replaced by the rendered one. */
export function withReadmeTable(readme: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} section`);
  return `${readme.slice(0, start)}${renderReadmeTable()}${readme.slice(end + README_END.length)}`;
}

/** `npm run docs:settings`: rewrites README's table of settings and .env.example from the table. */
function writeDocumentation(root: string): void {
  const readme = join(root, 'README.md');
  writeFileSync(readme, withReadmeTable(readFileSync(readme, 'utf8')));
  writeFileSync(join(root, '.env.example'), renderEnvExample());
}

if (require.main === module) writeDocumentation(join(__dirname, '..', '..'));
