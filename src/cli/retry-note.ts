import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../reports/summary';

/**
 * One console line naming the cases that needed retries, read back from summary.json: a green
 * run that only passed after 503s or 429s is worth a look from whoever reads the log.
 */
export function retryNote(reportsDir: string): string | undefined {
  const file = join(reportsDir, 'summary.json');
  if (!existsSync(file)) return undefined;
  const summary = JSON.parse(readFileSync(file, 'utf8')) as Pick<Summary, 'cases' | 'totals'>;
  if (summary.totals.retries === 0) return undefined;
  const retried = summary.cases.filter((c) => c.retries > 0).map((c) => `${c.id} (${c.retries})`);
  return `Retried ${summary.totals.retries} time(s) after 429, 502/503/504 or a dropped connection: ${retried.join(', ')}.`;
}
