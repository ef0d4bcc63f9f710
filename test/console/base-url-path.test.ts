/**
 * A base URL whose path finds no route: one more GET, on the metrics path under the URL one
 * segment shorter, tells a segment too many (remove it) from a prefix missing (add it).
 */
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

describe('a base URL with no route for the metrics path', () => {
  test('an extra /api in front of an API served at the root: remove it', async () => {
    const server = await startReferenceServer();
    try {
      const run = await runMain([], { ...targetEnv(server), STREAMKAP_BASE_URL: `${server.baseUrl}/api` });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `STREAMKAP_BASE_URL has an extra path segment (/api). Remove it: set STREAMKAP_BASE_URL to ${server.baseUrl}.`,
      );
      expect(run.stderr).not.toMatch(/lacks/);
    } finally {
      await server.close();
    }
  });

  test('a segment too many after the API prefix: remove that one', async () => {
    const server = await startReferenceServer({ prefix: '/api' });
    try {
      const run = await runMain([], { ...targetEnv(server), STREAMKAP_BASE_URL: `${server.baseUrl}/v2` });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `STREAMKAP_BASE_URL has an extra path segment (/v2). Remove it: set STREAMKAP_BASE_URL to ${server.baseUrl}.`,
      );
    } finally {
      await server.close();
    }
  });

  test('a wrong path where one segment fewer finds no route either: neither add nor remove is claimed', async () => {
    const server = await startReferenceServer({ prefix: '/api' });
    try {
      const origin = server.baseUrl.replace(/\/api$/, '');
      const run = await runMain([], { ...targetEnv(server), STREAMKAP_BASE_URL: `${origin}/apx` });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('the path of STREAMKAP_BASE_URL (/apx) is not where the API answers');
    } finally {
      await server.close();
    }
  });
});
