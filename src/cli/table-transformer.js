// The conformance table's jest transformer at run time: esbuild (already here as tsx's compiler)
// strips the types. `npm test` type-checks the table with tsc and runs it through ts-jest; a run
// needs only the JavaScript, and esbuild gives it half a second sooner than ts-jest would.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, file) {
    return { code: transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: file, sourcemap: 'inline' }).code };
  },
};
