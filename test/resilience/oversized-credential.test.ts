import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

/**
 * A token far past what any server takes in one header line is a setting (a file pasted whole, a
 * token and its refresh token joined): whatever the target answers it with, a 431, a 400 or a
 * reset connection, the run stops with exit 2 naming STREAMKAP_TOKEN, never exit 1 for the API.
 */
describe('an oversized token is a setting, not a contract failure', () => {
  test.each([
    ['5 MB', 5 * 1024 * 1024],
    ['40 KB', 40 * 1024],
  ])('a %s token refused by Node’s own header limit (431): exit 2 naming STREAMKAP_TOKEN', async (_size, length) => {
    const server = await startReferenceServer();
    try {
      const token = 'T'.repeat(length);
      const run = await runMain(['--tag', 'smoke'], { ...targetEnv(server), STREAMKAP_TOKEN: token });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/STREAMKAP_TOKEN is \d+ characters long/);
      expect(run.stderr).toContain('HTTP 431');
      expect(run.stderr + run.stdout).not.toContain('TTTTTTTT');
    } finally {
      await server.close();
    }
  });

  /** A gateway that refuses long header lines as nginx does (400 and an HTML page), or drops the connection. */
  async function refusingGateway(refuse: (response: ServerResponse) => void) {
    const reference = await startReferenceServer();
    // Its own limit lifted, so that its rule, not Node's, decides.
    const gateway = createServer({ maxHeaderSize: 1 << 20 }, (request: IncomingMessage, response: ServerResponse) => {
      if ((request.headers.authorization ?? '').length > 8000) return refuse(response);
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"Not authenticated"}');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    return {
      env: { ...targetEnv(reference), STREAMKAP_BASE_URL: baseUrl },
      close: async () => {
        await new Promise<void>((resolve) => gateway.close(() => resolve()));
        await reference.close();
      },
    };
  }

  test.each([
    [
      '400 and an HTML page',
      (r: ServerResponse) =>
        void r.writeHead(400, { 'content-type': 'text/html' }).end('<html><title>400 Request Header Or Cookie Too Large</title></html>'),
    ],
    ['a reset connection', (r: ServerResponse) => void r.socket?.destroy()],
  ])('a gateway that answers an oversized token with %s: exit 2 naming STREAMKAP_TOKEN', async (_what, refuse) => {
    const gateway = await refusingGateway(refuse);
    try {
      const run = await runMain(['--tag', 'smoke'], { ...gateway.env, STREAMKAP_TOKEN: 'T'.repeat(20_000), STREAMKAP_RETRIES: '0' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/STREAMKAP_TOKEN is \d+ characters long/);
    } finally {
      await gateway.close();
    }
  });

  test('an API that answers 431 to an ordinary token is judged by the cases (exit 1), not blamed on the token', async () => {
    const server = await startReferenceServer();
    const api = createServer((request, response) => {
      if (request.headers.authorization !== undefined) {
        response.writeHead(431, { 'content-type': 'application/json' }).end('{"detail":"Request Header Fields Too Large"}');
        return;
      }
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"Not authenticated"}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const run = await runMain(['--tag', 'smoke'], {
        ...targetEnv(server),
        STREAMKAP_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      });
      expect(run.stderr).not.toMatch(/STREAMKAP_TOKEN is \d+ characters long/);
      expect(run.code).toBe(1);
    } finally {
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await server.close();
    }
  });
});
