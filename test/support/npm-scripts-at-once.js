// `npm test`'s static checks, side by side and beside jest: the typecheck, ESLint and the Prettier
// check each use one core, and jest's workers leave a core idle whenever a test waits (on a
// spawned CLI, a timeout, a slow loopback server); run one after another, the checks' 15 s of wall
// time came on top of jest's. Each script's output is printed whole when it ends; the command
// after `--beside` (jest, with whatever `npm test -- ...` adds) prints live. Any failure fails the lot.
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
    return result;
  });
}

/** A command with the terminal as its own: jest's progress and colours as when it runs alone. */
function runLive([command, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve({ name: command, code: 1 });
    });
    child.on('close', (code, signal) => resolve({ name: command, code: code ?? (signal ? 1 : 0) }));
  });
}

const argv = process.argv.slice(2);
const beside = argv.indexOf('--beside');
const scripts = beside < 0 ? argv : argv.slice(0, beside);
const live = beside < 0 ? [] : argv.slice(beside + 1);

Promise.all([...scripts.map(runScript), ...(live.length > 0 ? [runLive(live)] : [])]).then((results) => {
  const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
  // A check that failed early has scrolled away under jest's output: name it again at the end.
  if (live.length > 0 && failed.length > 0) process.stdout.write(`\nfailed: ${failed.join(', ')} (output above)\n`);
  process.exitCode = failed.length === 0 ? 0 : 1;
});
