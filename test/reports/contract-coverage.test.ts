/**
 * coverage.json: what a run saw of the contract. The same suite against two conformant servers
 * that answer differently must report different coverage, and only what each server did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCases } from '../../cases';
import { loadContract } from '../../src/contract';
import type { Verdict } from '../../src/model';
import { documentedMetrics } from '../../src/reference-server/behaviour';
import type { MetricsQuery } from '../../src/reference-server/query-validation';
import { startReferenceServer } from '../../src/reference-server/reference-server';
import { buildCoverage, type Coverage, schemaAlternatives, sitePath } from '../../src/reports/contract-coverage';
import { failedIds, runAgainst } from '../support/run-against';
import { writeFailingRun } from './failing-run';

const contract = loadContract();

const unseen = (coverage: Coverage) => ({
  enumValues: coverage.enumValues.filter((v) => !v.observed).map((v) => v.value),
  statuses: coverage.statuses.filter((s) => !s.observed).map((s) => s.status),
  alternatives: coverage.alternatives.filter((a) => !a.observed && a.status === '200').map((a) => `${a.path} ${a.type}`),
});

async function coverageAgainst(options: Parameters<typeof startReferenceServer>[0], cases = allCases): Promise<{ coverage: Coverage; verdicts: Verdict[] }> {
  const server = await startReferenceServer(options);
  try {
    const verdicts = await runAgainst(server, { cases });
    return { coverage: buildCoverage(contract, verdicts), verdicts };
  } finally {
    await server.close();
  }
}

test('the schema alternatives come from the anyOf branches of the vendored spec and the overlay', () => {
  const sites = schemaAlternatives(loadContract()).map((site) => `${site.status} ${sitePath(site.segments)}: ${site.types.join(' | ')}`);
  expect(sites).toEqual(expect.arrayContaining([
    '200 $.data.latency: number | string | null',
    '200 $.data.recordsLag: integer | string | null',
    '200 $.data.status: string | null',
    '422 $.detail[*].loc[*]: string | integer',
    '404 $.detail: string | array | object',
  ]));
  // Every status either file names is walked: the spec's two and the overlay's five.
  expect([...new Set(schemaAlternatives(loadContract()).map((s) => s.status))]).toEqual(['200', '400', '401', '403', '404', '422', '500']);
});

test('against the reference server: every parameter and time_unit value, five statuses, and the types it happens to send', async () => {
  const { coverage } = await coverageAgainst({});
  expect(coverage.answeredCases).toBe(allCases.length);
  expect(coverage.parameters.map((p) => [p.name, p.observed])).toEqual([
    ['time_interval', true], ['time_unit', true], ['timestamp_from', true], ['timestamp_to', true],
  ]);
  expect(coverage.enumValues.find((v) => v.value === 'week')).toMatchObject({ name: 'time_unit', observed: true, sent: 2, answered200: 2 });
  expect(coverage.statuses.map((s) => `${s.status} ${s.kind}`)).toEqual(['200 declared', '400 documented', '401 documented', '403 documented', '404 documented', '422 declared', '500 documented']);
  expect(unseen(coverage)).toEqual({
    enumValues: [],
    statuses: ['400', '500'],
    alternatives: ['$.data.latency string', '$.data.latency null', '$.data.recordsLag string', '$.data.recordsLag null', '$.data.status null'],
  });
  expect(coverage.undeclaredStatuses).toEqual([]);
  expect(coverage.totals.statuses).toEqual({ observed: 5, of: 7 });
});

test('a conformant server that answers with strings and nulls covers those alternatives, and still passes', async () => {
  const { coverage, verdicts } = await coverageAgainst({
    behaviour: {
      metrics(query: MetricsQuery) {
        const body = documentedMetrics(query) as { data: Record<string, unknown> };
        if (query.timeUnit === 'day') Object.assign(body.data, { latency: 'n/a', recordsLag: '1200', status: null });
        if (query.timeUnit === 'month') Object.assign(body.data, { latency: null, recordsLag: null });
        return body;
      },
    },
  });
  expect(failedIds(verdicts)).toEqual([]);
  expect(unseen(coverage).alternatives).toEqual([]);
  const count = (path: string, type: string) => coverage.alternatives.find((a) => a.status === '200' && a.path === path && a.type === type)?.count;
  expect(count('$.data.latency', 'string')).toBe(2); // the two time_unit=day cases
  expect(count('$.data.status', 'null')).toBe(2);
  expect(count('$.data.recordsLag', 'null')).toBe(2); // the two time_unit=month cases
});

test('a subset observes only what it sent, and an undeclared status is named', async () => {
  const smoke = allCases.filter((c) => c.tags.includes('smoke'));
  const { coverage } = await coverageAgainst({ behaviour: { finish: (answer) => (answer.status === 200 ? answer : { ...answer, status: 418 }) } }, smoke);
  expect(unseen(coverage).enumValues).toEqual(['minute', 'day', 'week', 'month']);
  expect(coverage.undeclaredStatuses).toEqual([{ status: 418, count: 3 }]);
  expect(coverage.statuses.filter((s) => s.observed).map((s) => s.status)).toEqual(['200']);
});

test('writeReports writes coverage.json and the coverage section of report.html', async () => {
  const run = await writeFailingRun();
  await run.server.close();
  const written = JSON.parse(readFileSync(join(run.reportsDir, 'coverage.json'), 'utf8')) as Coverage;
  expect(written).toEqual(buildCoverage(contract, run.verdicts));
  const page = readFileSync(join(run.reportsDir, 'report.html'), 'utf8');
  expect(page).toContain('<section id="coverage">');
  expect(page).toMatch(/<td><code>time_unit=week<\/code><\/td><td class="seen">observed<\/td>/);
  expect(page).toMatch(/<td>500<\/td><td class="unseen">not observed<\/td>/);
});
