#!/usr/bin/env node
// `npx streamkap-conformance` and `npm run conformance`: the TypeScript CLI, compiled on the fly by
// tsx (esbuild, cached), so there is no build step.
const { dirname, isAbsolute, join, sep } = require('node:path');

/** The suite's own folder, the one with its package.json. */
const ROOT = dirname(require.resolve('../package.json'));

/** A module that is not there because `npm ci` was not run (or did not finish), rather than a bug in the suite. */
function missingDependency(error) {
  if (!error || error.code !== 'MODULE_NOT_FOUND') return undefined;
  const wanted = /Cannot find module '([^']+)'/.exec(error.message)?.[1];
  if (wanted === undefined) return undefined;
  const bare = !wanted.startsWith('.') && !isAbsolute(wanted);
  const fromAPackage = (error.requireStack ?? []).some((file) => file.includes(`${sep}node_modules${sep}`));
  return bare || fromAPackage ? wanted : undefined;
}

try {
  require('tsx/cjs');
  require('../src/cli/main.ts').runFromProcess();
} catch (error) {
  const missing = missingDependency(error);
  if (missing === undefined) {
    process.stderr.write(`streamkap-conformance: the suite failed to load, a bug in the suite itself:\n${error && error.stack}\n`);
    process.exit(3);
  }
  // A setting of the machine, not a finding about the API: exit 2, one paragraph, no stack.
  const where = missing.startsWith('.') ? dirname(error.requireStack[0]) : join(ROOT, 'node_modules');
  process.stderr.write(
    `streamkap-conformance: the suite's dependencies are not installed: ${JSON.stringify(missing)} could not be loaded from ${where}. ` +
      `Run \`npm ci\` in ${ROOT} (the folder with package.json and package-lock.json), then run the suite again. Nothing was checked.\n`,
  );
  process.exit(2);
}
