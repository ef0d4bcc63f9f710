#!/usr/bin/env node
// `npx streamkap-conformance` in the repository: the TypeScript CLI, compiled on the fly by tsx
// (esbuild, cached), so there is no build step.
require('tsx/cjs');
require('../src/cli/main.ts').runFromProcess();
