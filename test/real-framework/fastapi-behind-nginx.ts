import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Python, which has Debian's FastAPI (0.92), uvicorn and pydantic 1.10: not a pyenv or venv one. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const NGINX = '/usr/sbin/nginx';

export interface Gateway {
  baseUrl: string;
  token: string;
  limitedToken: string;
  pipelineIds: string[];
  close(): Promise<void>;
}

/** A port the kernel has just handed out and taken back: nginx binds it next (a clash is retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** nginx as a reverse proxy with gzip on, in the foreground, everything it writes inside `dir`. */
function nginxConfig(dir: string, socket: string, port: number): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  gzip on;
  gzip_proxied any;
  gzip_min_length 20;
  gzip_types application/json;
  upstream api { server unix:${socket}; keepalive 8; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
}

/** Resolves when `url` answers at all; rejects with the process's output if it exits first. */
async function answering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code) => (exited = `exited with ${code}`));
  // A start-up bound, not a time budget: a loaded machine starts them slower, a broken one never.
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (exited) throw new Error(`${child.spawnfile} ${exited} before ${url} answered:\n${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} did not answer within a minute:\n${output()}`);
}

function started(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The FastAPI service of metrics_app.py under uvicorn on a Unix socket, behind nginx on a loopback
 * port with gzip on: a real framework behind a real gateway, as production has them.
 */
export async function startFastApiBehindNginx(pipelineIds: string[]): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'fastapi-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const socket = join(dir, 'app.sock');
  const token = `tok-${randomBytes(16).toString('hex')}`;
  const limitedToken = `lim-${randomBytes(16).toString('hex')}`;
  const app = started(DEBIAN_PYTHON, ['-m', 'uvicorn', 'metrics_app:app', '--uds', socket, '--log-level', 'warning'], {
    cwd: __dirname,
    env: {
      PATH: process.env.PATH,
      // No __pycache__ beside the app in the source tree.
      PYTHONDONTWRITEBYTECODE: '1',
      STREAMKAP_TEST_TOKEN: token,
      STREAMKAP_TEST_LIMITED_TOKEN: limitedToken,
      STREAMKAP_TEST_PIPELINES: pipelineIds.join(','),
    },
  });
  let nginx: ReturnType<typeof started> | undefined;
  try {
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const config = join(dir, 'nginx.conf');
      writeFileSync(config, nginxConfig(dir, socket, port));
      nginx = started(NGINX, ['-c', config, '-p', dir], {});
      const baseUrl = `http://127.0.0.1:${port}`;
      try {
        await answering(`${baseUrl}/openapi.json`, nginx.child, nginx.output);
        // nginx answers 502 until uvicorn listens on its socket.
        for (let wait = 0; wait < 600 && (await fetch(`${baseUrl}/openapi.json`)).status !== 200; wait += 1) {
          if (app.child.exitCode !== null) throw new Error(`uvicorn exited:\n${app.output()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const running = nginx;
        return {
          baseUrl,
          token,
          limitedToken,
          pipelineIds,
          close: async () => {
            await stopped(running.child);
            await stopped(app.child);
          },
        };
      } catch (error) {
        await stopped(nginx.child);
        const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
        if (attempt < 5 && /Address already in use/.test(log + nginx.output())) continue;
        throw error;
      }
    }
  } catch (error) {
    if (nginx) await stopped(nginx.child);
    await stopped(app.child);
    throw error;
  }
}
