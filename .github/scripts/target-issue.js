// One GitHub issue per target for the nightly run: opened (or updated, with a comment) while the
// target is red, closed when it is green again. So a red night reaches people without a
// Pushgateway. Run by the workflow's `issue` job with the GITHUB_TOKEN in GH_TOKEN (issues: write),
// after the target's reports were downloaded into REPORTS_DIR; it needs only node and the gh CLI.
//
// Environment: TARGET_NAME, TARGET_BASE_URL, REPORTS_DIR, ARTIFACT_NAME, and the runner's own
// GITHUB_REPOSITORY, GITHUB_SERVER_URL and GITHUB_RUN_ID.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const log = (line) => process.stdout.write(`${line}\n`);

/** GitHub refuses an issue body over 65,536 characters; the rest is in the run's reports. */
const MAX_BODY = 60_000;

const env = process.env;
const name = env.TARGET_NAME ?? '';
const repository = env.GITHUB_REPOSITORY ?? '';
const runUrl = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
const title = `Conformance: ${name} is failing`;

function gh(args, input) {
  const result = spawnSync('gh', [...args, '--repo', repository], { encoding: 'utf8', input });
  if (result.status !== 0)
    throw new Error(`gh ${args[0]} ${args[1]} failed (exit ${result.status}): ${(result.stderr || result.error?.message || '').trim()}`);
  return result.stdout;
}

/** What the run came to: its exit code from summary.json, and the headline and causes from summary.md. */
function readRun(dir) {
  const summaryJson = join(dir, 'summary.json');
  if (!existsSync(summaryJson))
    return { green: false, text: "The run wrote no report: it never ran, or was stopped from outside. The run's log says why." };
  const code = JSON.parse(readFileSync(summaryJson, 'utf8')).exit?.code;
  const markdown = existsSync(join(dir, 'summary.md')) ? readFileSync(join(dir, 'summary.md'), 'utf8') : '';
  // The headline and the causes: everything before the first section that is not the causes.
  const lines = markdown.split('\n');
  const end = lines.findIndex((line) => line.startsWith('### ') && !line.startsWith('### Causes'));
  const text = (end === -1 ? lines : lines.slice(0, end)).join('\n').trim();
  return { green: code === 0, code, text: text || `The run ended with exit code ${code}.` };
}

function main() {
  if (name === '' || repository === '') throw new Error('TARGET_NAME and GITHUB_REPOSITORY must be set');
  const run = readRun(env.REPORTS_DIR ?? 'reports');
  const open = JSON.parse(
    gh(['issue', 'list', '--state', 'open', '--search', `"${title}" in:title`, '--json', 'number,title', '--limit', '100']),
  )
    .filter((issue) => issue.title === title)
    .sort((a, b) => a.number - b.number);
  const existing = open[0];
  if (run.green) {
    if (existing === undefined) return log(`${name} is green and has no open issue.`);
    gh(['issue', 'close', String(existing.number), '--comment', `Green again in [this run](${runUrl}).`]);
    return log(`${name} is green: closed issue #${existing.number}.`);
  }
  const body = [
    `The nightly conformance run against ${env.TARGET_BASE_URL ? `\`${env.TARGET_BASE_URL}\`` : 'this target'} is red. This issue is updated every red night and closed when the target is green again.`,
    '',
    `Latest: [the run](${runUrl}), with every case and its evidence in the artifact \`${env.ARTIFACT_NAME ?? ''}\` (report.html).`,
    '',
    run.text,
  ]
    .join('\n')
    .slice(0, MAX_BODY);
  if (existing === undefined) {
    gh(['issue', 'create', '--title', title, '--body-file', '-'], body);
    return log(`${name} is red: opened an issue.`);
  }
  gh(['issue', 'edit', String(existing.number), '--body-file', '-'], body);
  const headline = run.text.split('\n').find((line) => line.startsWith('**')) ?? run.text.split('\n')[0] ?? '';
  gh(
    ['issue', 'comment', String(existing.number), '--body-file', '-'],
    `Still red in [this run](${runUrl}). ${headline}`.slice(0, MAX_BODY),
  );
  return log(`${name} is red: updated issue #${existing.number}.`);
}

try {
  main();
} catch (error) {
  log(`::error title=Conformance ${name}: issue::${error.message}`);
  process.exit(1);
}
