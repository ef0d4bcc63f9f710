import { loadContract } from '../src/contract';
import { buildPlan } from '../src/plan';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { allCases } from '../cases';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { runCli, runMain } from './support/run-cli';
import { targetEnv } from './support/target-env';

const FAST = { STREAMKAP_MAX_RPS: '1000', STREAMKAP_CONCURRENCY: '8' };
const readReport = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('npm run conformance', () => {
  test('with no settings, checks the embedded reference server, says so, and exits 0 with both reports', async () => {
    const run = await runCli([], FAST);
    expect(run.stdout).toContain('running against the embedded reference server');
    expect(run.code).toBe(0);
    const summary = JSON.parse(readReport(run.reportsDir, 'summary.json'));
    expect(summary.target.embedded).toBe(true);
    // The tables, the coverage phase's boundary values and one row per random property.
    const planned = buildPlan({ contract: loadContract(), tags: [], limitedTokenConfigured: true, generatedRequests: 40 }).planned.length;
    expect(planned).toBeGreaterThan(allCases.length + 300);
    // The planned cases, and the live contract's verdict (contract.unchanged) beside them.
    expect(summary.totals).toMatchObject({ cases: planned + 1, passed: planned + 1, failed: 0, skipped: 0 });
    expect(readReport(run.reportsDir, 'junit.xml').match(/<testcase /g)).toHaveLength(planned + 1);
    expect(run.stdout).toMatch(
      new RegExp(`^conformance: \\d+ passed, 0 failed, 0 errored, 0 skipped against http://127\\.0\\.0\\.1:\\d+ \\(exit 0\\)$`, 'm'),
    );
  });

  test('exits 0 against a conformant API mounted under a path prefix', async () => {
    const server = await startReferenceServer({ prefix: '/api' });
    try {
      const run = await runMain([], targetEnv(server));
      expect(run.code).toBe(0);
      // Without STREAMKAP_LIMITED_TOKEN the permission case is skipped, and says why.
      const summary = JSON.parse(readReport(run.reportsDir, 'summary.json'));
      // Every case that needs the limited token, the table's and the coverage phase's.
      const limited = summary.cases.filter((c: { request: { url: string }; id: string }) => /limited/.test(c.id));
      expect(summary.totals).toMatchObject({ failed: 0, skipped: limited.length });
      expect(limited.length).toBeGreaterThan(1);
      const skipped = summary.cases.find((c: { verdict: string }) => c.verdict === 'skipped');
      expect(skipped).toMatchObject({ id: 'auth.limited-token', skipReason: expect.stringContaining('STREAMKAP_LIMITED_TOKEN') });
      expect(readReport(run.reportsDir, 'junit.xml')).toMatch(/<skipped message="no limited credentials: [^"]*"\/>/);
      expect(server.requests.every((r) => r.url.startsWith('/api/'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('exits 1 against a server with one fault, and the failing case says why and how to reproduce it', async () => {
    const server = await startReferenceServer({
      behaviour: {
        finish: (answer) =>
          answer.status === 200 ? { ...answer, body: String(answer.body).replace(/"recordsLag":\d+/, '"recordsLag":1.5') } : answer,
      },
    });
    try {
      const run = await runMain(['--tag', 'smoke'], targetEnv(server));
      expect(run.code).toBe(1);
      const output = run.stdout + run.stderr;
      // The cause first, with its simplest request (the defaults), then a line per failed case.
      expect(run.stdout).toContain(
        '\n1 cause of failure, most cases first:\n✗ response_schema_conformance $.data.recordsLag must be integer, string or null\n',
      );
      expect(run.stdout).toMatch(
        /^ {4}rerun: npx streamkap-conformance --base-url http:\/\/127\.0\.0\.1:\d+ --pipeline [0-9a-f]{24} --case accept\.defaults$/m,
      );
      expect(run.stdout).toMatch(
        /^✗ failed {2}accept\.defaults {2}HTTP 200 \(\d+ ms\): response_schema_conformance \$\.data\.recordsLag must be integer, string or null$/m,
      );
      expect(run.stdout).toMatch(
        /^Exit 1: 1 cause, 3 cases: response_schema_conformance \$\.data\.recordsLag must be integer, string or null \(first: accept\.defaults\)$/m,
      );
      expect(output).toContain(`-H "Authorization: Bearer $STREAMKAP_TOKEN"`);
      expect(output).not.toContain(server.token);

      const junit = readReport(run.reportsDir, 'junit.xml');
      expect(junit).toMatch(/<failure[^>]*>[^<]*\$\.data\.recordsLag/);
      expect(junit).not.toContain(server.token);
      const summary = JSON.parse(readReport(run.reportsDir, 'summary.json'));
      const failed = summary.cases.filter((c: { verdict: string }) => c.verdict === 'failed');
      expect(failed.map((c: { id: string }) => c.id)).toEqual(['accept.defaults', 'accept.time-unit.hour', 'accept.documentation-example']);
      expect(failed[0]).toMatchObject({
        request: { method: 'GET', path: `/pipelines/${server.pipelineId}/metrics`, query: [] },
        status: 200,
        validatedBy: 'specs/streamkap-openapi.yaml',
        findings: [
          {
            check: 'response_schema_conformance',
            schemaErrors: [{ path: '$.data.recordsLag', message: 'must be integer, string or null' }],
          },
        ],
      });
      expect(JSON.stringify(summary)).not.toContain(server.token);
    } finally {
      await server.close();
    }
  });

  test('exits 2 with one paragraph naming the setting for a wrong URL scheme, sending nothing', async () => {
    const run = await runMain([], {
      STREAMKAP_BASE_URL: 'ftp://api.example.test',
      STREAMKAP_TOKEN: 't0ken-value',
      STREAMKAP_PIPELINE_ID: 'p',
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/STREAMKAP_BASE_URL .*"ftp:\/\/api\.example\.test".*http or https/);
    expect(run.stdout).toBe('');
  });

  test('exits 2 when nothing listens at the base URL, instead of failing every case', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const run = await runMain([], {
      STREAMKAP_BASE_URL: `http://127.0.0.1:${closedPort}`,
      STREAMKAP_TOKEN: 't0ken-value',
      STREAMKAP_PIPELINE_ID: 'p',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot reach STREAMKAP_BASE_URL .*nothing accepts connections there/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
