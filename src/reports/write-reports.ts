import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../model';
import type { Redactor } from '../redaction';
import { buildSummary, type RunInfo, type Summary } from './summary';

/**
 * Writes the run's reports (junit.xml comes from jest-junit). Every file passes through the
 * redactor once more on its way out, so a secret can only leak by getting past two filters.
 */
export function writeReports(dir: string, run: RunInfo, verdicts: readonly Verdict[], redactor: Redactor): Summary {
  mkdirSync(dir, { recursive: true });
  const summary = buildSummary(run, verdicts);
  const write = (name: string, text: string) => writeFileSync(join(dir, name), redactor.redact(text));
  write('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
