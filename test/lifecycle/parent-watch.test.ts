import { ancestry, goneAncestor, parseProcStat, readProcStat, type ReadProcess } from '../../src/cli/parent-watch';
import { main } from '../../src/cli/main';
import { EXIT } from '../../src/exit-status';

/** A process table: pid → [parent, name, start]. */
function table(rows: Readonly<Record<number, readonly [number, string, string]>>): ReadProcess {
  return (pid) => {
    const row = rows[pid];
    return row && { parent: row[0], name: row[1], startedAt: row[2], state: 'S' };
  };
}

// The run (40) under npm's shell (30), npm (20) and a CI step's shell (10), itself under init.
const chain = { 40: [30, 'node', '400'], 30: [20, 'sh', '300'], 20: [10, 'npm exec', '200'], 10: [1, 'bash', '100'] } as const;

test('the chain of processes that started the run, nearest first, up to init', () => {
  expect(ancestry(40, table({ ...chain })).map((a) => `${a.name}:${a.pid}`)).toEqual(['sh:30', 'npm exec:20', 'bash:10']);
});

test('an ancestor that ended hands its children to init: the nearest one gone is named, whichever level it was', () => {
  const before = ancestry(40, table({ ...chain }));
  // npm's shell killed by the signal npm forwarded: the run is init's.
  expect(goneAncestor(before, ancestry(40, table({ 40: [1, 'node', '400'] })))?.name).toBe('sh');
  // A CI step's shell ended by a cancel, npm and its shell still there.
  expect(goneAncestor(before, ancestry(40, table({ 40: chain[40], 30: chain[30], 20: [1, 'npm exec', '200'] })))?.name).toBe('bash');
  expect(goneAncestor(before, ancestry(40, table({ ...chain })))).toBeUndefined();
});

test('a pid reused by another process is not the ancestor that ended', () => {
  const before = ancestry(40, table({ ...chain }));
  const reused = table({ ...chain, 20: [5, 'npm exec', '999'], 5: [1, 'systemd', '50'] });
  expect(goneAncestor(before, ancestry(40, reused))).toMatchObject({ pid: 20, startedAt: '200' });
});

test('Linux’s process table read for this process: its parent and a start time', () => {
  const self = readProcStat(process.pid);
  expect(self).toMatchObject({ parent: process.ppid, state: expect.stringMatching(/^[RS]$/) });
  expect(self?.startedAt).toMatch(/^\d+$/);
  expect(readProcStat(2 ** 30)).toBeUndefined();
});

test('a process name with spaces and parentheses does not shift the fields after it', () => {
  const fields = ['S', '77', ...Array.from({ length: 17 }, (_, i) => String(i)), '123456', '0'];
  expect(parseProcStat(`4242 (npm (exec) x) ${fields.join(' ')}\n`)).toEqual({
    parent: 77,
    name: 'npm (exec) x',
    startedAt: '123456',
    state: 'S',
  });
});

test('--help, --version and --list leave no signal listener and no watch behind in the process', async () => {
  const before = {
    sigint: process.listenerCount('SIGINT'),
    timers: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length,
  };
  const quiet = { out: () => undefined, err: () => undefined };
  for (const args of [['--help'], ['--version'], ['--list']]) expect(await main(args, {}, quiet)).toBe(EXIT.passed);
  expect(process.listenerCount('SIGINT')).toBe(before.sigint);
  expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before.timers);
});
