/**
 * events.ndjson, read as a log shipper reads it: every verdict the totals count has its line,
 * the cases the plan skipped included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ReferenceServer, startReferenceServer } from '../../src/reference-server/reference-server';
import { runMain } from '../support/run-cli';
import { targetEnv } from '../support/target-env';

interface EventLine {
  event: string;
  id?: string;
  outcome?: string;
  skipReason?: string;
  totals?: Record<string, number>;
}

const readEvents = (dir: string): EventLine[] =>
  readFileSync(join(dir, 'events.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as EventLine);

describe('events.ndjson', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer();
  });
  afterAll(() => server.close());

  test('a case the plan skipped (no limited credentials) has its line, with the reason, before run-finished; every verdict counted has one', async () => {
    const run = await runMain(['--tag', 'auth'], targetEnv(server, { STREAMKAP_GENERATED_REQUESTS: '0' }));
    expect(run.code).toBe(0);
    const events = readEvents(run.reportsDir);
    const finished = events.at(-1) as EventLine;
    expect(finished.event).toBe('run-finished');
    const skipped = events.filter((e) => e.event === 'case-finished' && e.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped).toHaveLength(finished.totals?.skipped ?? -1);
    expect(skipped).toContainEqual(expect.objectContaining({ id: 'auth.limited-token', skipReason: expect.stringMatching(/limited/) }));
    for (const line of skipped) expect(line.skipReason).toBeTruthy();
    const verdictLines = events.filter((e) => e.event === 'case-finished' || e.event === 'contract-compared');
    expect(verdictLines).toHaveLength(finished.totals?.cases ?? -1);
  });
});
