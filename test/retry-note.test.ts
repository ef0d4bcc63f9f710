import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryNote } from '../src/cli/retry-note';

function reportsWith(retries: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'retry-note-'));
  const cases = Object.entries(retries).map(([id, count]) => ({ id, retries: count }));
  const total = cases.reduce((sum, c) => sum + c.retries, 0);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ totals: { retries: total }, cases }));
  return dir;
}

describe('retryNote', () => {
  test('names each case that needed retries, with its count', () => {
    expect(retryNote(reportsWith({ 'accept.defaults': 2, 'auth.missing': 0, 'pipeline.missing': 1 }))).toBe(
      'Retried 3 time(s) after 429, 502/503/504 or a dropped connection: accept.defaults (2), pipeline.missing (1).',
    );
  });

  test('says nothing for a run without retries, or without a summary', () => {
    expect(retryNote(reportsWith({ 'accept.defaults': 0 }))).toBeUndefined();
    expect(retryNote(mkdtempSync(join(tmpdir(), 'retry-note-empty-')))).toBeUndefined();
  });
});
