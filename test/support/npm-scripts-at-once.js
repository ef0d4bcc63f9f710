// `npm test`'s static checks, side by side: the typecheck, ESLint and the Prettier check each use
// one core, so on a 2-core machine running them at once takes about half the time of one after
// another. Each script's output is printed whole when it ends; any failure fails the lot.
const { spawn } = require('node:child_process');

function runScript(name) {
  // npm_execpath is npm's own entry point when npm runs this; `npm` from PATH otherwise.
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, 'run', name]] : ['npm', ['run', name]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output }));
  }).then((result) => {
    const verdict = result.code === 0 ? 'passed' : `failed (exit ${result.code})`;
    process.stdout.write(`> npm run ${result.name}: ${verdict}\n${result.output}`);
    return result.code;
  });
}

Promise.all(process.argv.slice(2).map(runScript)).then((codes) => {
  process.exitCode = codes.every((code) => code === 0) ? 0 : 1;
});
