import { plural } from '../plural';
import { isCaseVerdict } from '../model';
import type { Summary } from '../reports/summary';

/** Causes named in the headline; the rest are counted. */
const NAMED_CAUSES = 3;

/** What to do about a run that stopped before it judged everything. */
const STOP_FIX: Record<string, string> = {
  'target-unavailable': 'check that the target is up (its status page, its logs), then run again',
  deadline: 'raise STREAMKAP_RUN_TIMEOUT_S, lower STREAMKAP_GENERATED_REQUESTS, or select fewer cases with --tag',
};

/**
 * The run's last word before the grep line: the exit code and what it came to, naming the causes
 * of a failure (`Exit 1: 1 cause, 186 cases: response_schema_conformance $.data.recordsLag must be
 * integer, string or null (first: accept.defaults)`), what drifted, or what to fix.
 */
export function runHeadline(summary: Pick<Summary, 'exit' | 'outcome' | 'causes' | 'totals' | 'cases' | 'drift' | 'stop'>): string {
  const { exit, causes, drift } = summary;
  const cut = summary.stop && summary.stop.kind !== 'interrupted' ? ` The run was also cut short: ${summary.stop.description}.` : '';
  if (summary.outcome === 'failed') {
    const driftFailed = summary.cases.some((c) => !isCaseVerdict(c) && c.verdict === 'failed');
    const parts: string[] = [];
    if (causes.length > 0) {
      const named = causes.slice(0, NAMED_CAUSES).map((c) => `${c.title} (first: ${c.caseIds[0] ?? c.smallest.caseId})`);
      const more = causes.length > NAMED_CAUSES ? `; and ${causes.length - NAMED_CAUSES} more` : '';
      // The causes are the cases' own: the live contract's verdict is named apart, below.
      const failedCases = summary.totals.failed - (driftFailed ? 1 : 0);
      parts.push(`${plural(causes.length, 'cause')}, ${plural(failedCases, 'case')}: ${named.join('; ')}${more}`);
    }
    if (driftFailed) {
      const breaking = drift?.differences.filter((d) => d.breaking) ?? [];
      const first = breaking[0];
      const what = first
        ? `${first.location}: ${first.message}${breaking.length > 1 ? ` (and ${breaking.length - 1} more)` : ''}`
        : 'see the drift report';
      parts.push(`the live contract drifted (STREAMKAP_DRIFT=fail): ${what}`);
    }
    return `Exit ${exit.code}: ${parts.join('; ')}${cut}`;
  }
  const fix = summary.outcome === 'could-not-check' && summary.stop ? STOP_FIX[summary.stop.kind] : undefined;
  return `Exit ${exit.code}: ${exit.meaning}${fix ? ` To fix: ${fix}.` : ''}`;
}
