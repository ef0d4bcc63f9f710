/**
 * The generated tier through the real CLI: a fault no table row can reach is found, shrunk and
 * grouped in the reports; `--seed` sends exactly the same requests again, another seed others.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ReferenceServer, startReferenceServer } from '../src/reference-server/reference-server';
import { runMain } from './support/run-cli';

const envFor = (server: ReferenceServer, extra: Record<string, string> = {}) => ({
  STREAMKAP_BASE_URL: server.baseUrl,
  STREAMKAP_TOKEN: server.token,
  STREAMKAP_LIMITED_TOKEN: server.limitedToken,
  STREAMKAP_PIPELINE_ID: server.pipelineId,
  STREAMKAP_MAX_RPS: '5000',
  STREAMKAP_CONCURRENCY: '8',
  ...extra,
});

test('a fault only generation reaches fails the run, shrunk to its smallest request and grouped by cause', async () => {
  // 500 for a minute granularity over more than 50 intervals: every table row passes.
  const server = await startReferenceServer({
    behaviour: {
      finish: (answer, request) =>
        request.query.get('time_unit') === 'minute' && Number(request.query.get('time_interval')) > 50
          ? { status: 500, headers: { 'content-type': 'application/json' }, body: '{"detail":"Internal Server Error"}' }
          : answer,
    },
  });
  try {
    const run = await runMain(['--tag', 'generated', '--seed', '8'], envFor(server, { STREAMKAP_GENERATED_REQUESTS: '1600' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Generated tier: seed 8 (replay exactly these requests with --seed 8');
    const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
    const property = summary.cases.find((c: { id: string; verdict: string }) => c.id === 'generated.property.unit-and-interval');
    // The property's failing check is a cause of the run, with the requests that hit it and the simplest of them all.
    const cause = summary.causes.find((c: { checks: string[] }) => c.checks.includes(property.findings[0].check));
    expect(cause).toMatchObject({
      title: expect.stringMatching(/expected .*, got 5xx( \(also [a-z_, ]+\))?$/),
      origins: expect.arrayContaining(['property']),
    });
    expect(cause.caseIds).toContain('generated.property.unit-and-interval');
    expect(cause.requests).toBeGreaterThan(1);
    expect(cause.smallest.curl).toMatch(/[?&]time_interval=51(&|')/);
    expect(property.verdict).toBe('failed');
    // Shrunk: the smallest interval that still breaks the server, with nothing else in the query.
    expect(property.curl).toMatch(/[?&]time_interval=51(&|')/);
    expect(property.generated).toMatchObject({ seed: 8 });
    expect(readFileSync(join(run.reportsDir, 'summary.md'), 'utf8')).toContain('Generated tier: seed `8`');
    const coverage = JSON.parse(readFileSync(join(run.reportsDir, 'coverage.json'), 'utf8'));
    expect(coverage.generation.requests).toBe(summary.generation.requestsSent);
  } finally {
    await server.close();
  }
});

test('--seed replays exactly the same requests; another seed sends others', async () => {
  const server = await startReferenceServer();
  try {
    const sentWith = async (seed: string): Promise<string[]> => {
      const before = server.requests.length;
      // The random properties only: the coverage phase is the same list whatever the seed.
      const properties = ['valid-requests-accepted', 'invalid-values-rejected', 'window-relations'].flatMap((p) => [
        '--case',
        `generated.property.${p}`,
      ]);
      const run = await runMain([...properties, '--seed', seed], envFor(server, { STREAMKAP_GENERATED_REQUESTS: '240' }));
      expect(run.code).toBe(0);
      // Concurrency reorders them on the wire; the multiset is what must repeat.
      return server.requests
        .slice(before)
        .map((r) => r.url)
        .sort();
    };
    const first = await sentWith('12345');
    const again = await sentWith('12345');
    const other = await sentWith('54321');
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  } finally {
    await server.close();
  }
});
