import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '../reference-server/reference-server';

/** The promise: against a server that never answers one class of requests, the verdict (exit 1) comes within this. */
export const HANGING_CLASS_TARGET_MS = 120_000;

export interface HangingClassRun {
  wallMs: number;
  exitCode: number | null;
  /** Requests of the hanging class the server received (each waited out the whole timeout). */
  hung: number;
  /** Every metrics request the server received. */
  requests: number;
  closingLine: string;
}

const hangsOn = (url: string): boolean =>
  url.includes('/metrics') && new URL(url, 'http://x').searchParams.getAll('time_unit').includes('week');

/**
 * The CLI, as a user starts it, against a loopback server in front of the reference server that
 * never answers a request with `time_unit=week`: default timeout (10 s), retries, concurrency and
 * generated budget (2000), with the rate limit lifted so that the figure is the hang's cost, not
 * the politeness pacing (2400 requests at 10 per second are four minutes on any server).
 */
export async function measureHangingClass(): Promise<HangingClassRun> {
  const upstream = await startReferenceServer();
  const target = new URL(upstream.baseUrl);
  let hung = 0;
  let requests = 0;
  const proxy = http.createServer((incoming, answer) => {
    const url = incoming.url ?? '/';
    if (url.includes('/metrics')) requests += 1;
    if (hangsOn(url)) {
      hung += 1;
      return; // read, never answered
    }
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: incoming.method, path: url, headers: { ...incoming.headers, host: target.host } },
      (reply) => {
        answer.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(answer);
      },
    );
    forwarded.on('error', () => answer.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const root = join(__dirname, '..', '..');
  const began = Date.now();
  try {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'src/cli/main.ts')], {
      cwd: mkdtempSync(join(tmpdir(), 'bench-hanging-')),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        STREAMKAP_REPORTS_DIR: mkdtempSync(join(tmpdir(), 'bench-reports-')),
        STREAMKAP_BASE_URL: baseUrl,
        STREAMKAP_TOKEN: upstream.token,
        STREAMKAP_PIPELINE_ID: upstream.pipelineId,
        STREAMKAP_LIMITED_TOKEN: upstream.limitedToken,
        STREAMKAP_MAX_RPS: '1000',
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), HANGING_CLASS_TARGET_MS * 5);
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    const closingLine = stdout.trim().split('\n').at(-1) ?? '';
    return { wallMs: Date.now() - began, exitCode, hung, requests, closingLine };
  } finally {
    proxy.closeAllConnections();
    proxy.close();
    await upstream.close();
  }
}
