/**
 * Every run reaches the alerting, whatever stopped it: a night that could not check (an expired
 * token, a target down) writes every report, records itself in the history and pushes its exit
 * code, so the documented alert on `run_exit_code` fires instead of showing the last green run.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { consoleTo } from '../support/console-capture';
import { targetEnv } from '../support/target-env';

let reference: ReferenceServer;
let gateway: Server;
const pushed: Array<{ method?: string; url?: string; body: string }> = [];
beforeAll(async () => {
  reference = await startReferenceServer();
  // What a Pushgateway receives: enough to see that a push was made, and what it carried.
  gateway = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      pushed.push({ method: request.method, url: request.url, body });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await reference.close();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

async function runMain(env: Record<string, string>): Promise<number> {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await main([], env, consoleTo());
  } finally {
    spy.mockRestore();
  }
}

test.each([
  ['a refused token', { STREAMKAP_TOKEN: 'expired-token-0000' }, 'STREAMKAP_TOKEN'],
  ['a setting that is wrong', { STREAMKAP_TIMEOUT_MS: 'soon' }, 'STREAMKAP_TIMEOUT_MS'],
])('%s: every report, the history and the push all say the run could not check', async (_name, extra, setting) => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'alert-'));
  const historyFile = join(mkdtempSync(join(tmpdir(), 'alert-history-')), 'history.json');
  const { port } = gateway.address() as AddressInfo;
  pushed.length = 0;
  const code = await runMain(
    targetEnv(reference, {
      STREAMKAP_REPORTS_DIR: reportsDir,
      STREAMKAP_HISTORY_FILE: historyFile,
      STREAMKAP_PUSHGATEWAY_URL: `http://127.0.0.1:${port}`,
      ...extra,
    }),
  );
  expect(code).toBe(2);
  for (const file of ['summary.json', 'summary.md', 'junit.xml', 'report.html', 'metrics.prom'])
    expect(existsSync(join(reportsDir, file))).toBe(true);
  const junit = readFileSync(join(reportsDir, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/errors="1"/);
  expect(junit).toContain(setting);
  expect(readFileSync(join(reportsDir, 'report.html'), 'utf8')).toContain('could not check');
  expect(readFileSync(join(reportsDir, 'metrics.prom'), 'utf8')).toMatch(/^streamkap_conformance_run_exit_code 2$/m);
  const history = JSON.parse(readFileSync(historyFile, 'utf8'));
  expect(history.runs).toEqual([expect.objectContaining({ outcome: 'could-not-check', exitCode: 2, cases: [] })]);
  expect(pushed).toHaveLength(1);
  expect(pushed[0]?.body).toMatch(/streamkap_conformance_run_exit_code 2/);
});
