import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { caseKey, type Outcome, type Verdict, verdictKey } from '../model';
import { isSummaryShape } from '../history/file-shapes';
import { SetupError } from '../setup-error';
import { fileErrorReason, shownValue } from '../settings/shown-value';

/** What a previous run's summary.json says about each case, as far as "since last night" needs. */
export interface Baseline {
  file: string;
  startedAt: string;
  baseUrl: string;
  /** Keyed by caseKey: the case id, and its pipeline when it ran for several. */
  outcomes: ReadonlyMap<string, Outcome>;
}

/** How a case's verdict moved since the baseline: failures are new or still failing; a pass that failed before is fixed. */
export type CaseChange = 'new' | 'still-failing' | 'fixed';

/** How every report names a change. */
export const CHANGE_LABEL: Record<CaseChange, string> = { new: 'new failure', 'still-failing': 'still failing', fixed: 'fixed' };

/** The comparison as the reports state it. */
export interface BaselineComparison {
  file: string;
  baselineStartedAt: string;
  baselineBaseUrl: string;
  newFailures: string[];
  stillFailing: string[];
  fixed: string[];
}

/**
 * Reads STREAMKAP_BASELINE_REPORT, a summary.json of an earlier run, or a reports folder that holds
 * one: a kept run's folder (reports/runs/<run>), or the reports folder itself (the latest full run).
 * @throws SetupError naming the setting when the file is missing or is no summary.json.
 */
export function readBaseline(given: string): Baseline {
  const fix =
    'Set STREAMKAP_BASELINE_REPORT to the reports/summary.json of an earlier run, or unset it to skip the comparison (a run folder such as reports/runs/<run> will do too).';
  const file = existsSync(given) && statSync(given).isDirectory() ? join(given, 'summary.json') : given;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'which does not exist' : `which cannot be read (${fileErrorReason(error)})`;
    throw new SetupError(`STREAMKAP_BASELINE_REPORT is ${shownValue(file)}, ${reason}. ${fix}`, 'STREAMKAP_BASELINE_REPORT');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SetupError(`STREAMKAP_BASELINE_REPORT is ${shownValue(file)}, which is not JSON. ${fix}`, 'STREAMKAP_BASELINE_REPORT');
  }
  if (!isSummaryShape(parsed)) {
    throw new SetupError(
      `STREAMKAP_BASELINE_REPORT is ${shownValue(file)}, which is not a summary.json of this suite (no "tool": "streamkap-metrics-conformance" with a list of cases, each with an id and a verdict). ${fix}`,
      'STREAMKAP_BASELINE_REPORT',
    );
  }
  return {
    file,
    startedAt: parsed.startedAt ?? 'unknown',
    baseUrl: parsed.target?.baseUrl ?? 'unknown',
    outcomes: new Map(parsed.cases.map((entry) => [caseKey({ id: entry.id, pipelineId: entry.pipelineId }), entry.verdict])),
  };
}

/** A failure is new unless the baseline failed it too; a case the baseline failed and that passes now is fixed. */
export function changeOf(verdict: Pick<Verdict, 'caseId' | 'pipelineId' | 'outcome'>, baseline: Baseline): CaseChange | undefined {
  const before = baseline.outcomes.get(verdictKey(verdict));
  if (verdict.outcome === 'failed') return before === 'failed' ? 'still-failing' : 'new';
  if (verdict.outcome === 'passed' && before === 'failed') return 'fixed';
  return undefined;
}

export function compareWithBaseline(verdicts: readonly Verdict[], baseline: Baseline): BaselineComparison {
  const having = (change: CaseChange) => verdicts.filter((v) => changeOf(v, baseline) === change).map(verdictKey);
  return {
    file: baseline.file,
    baselineStartedAt: baseline.startedAt,
    baselineBaseUrl: baseline.baseUrl,
    newFailures: having('new'),
    stillFailing: having('still-failing'),
    fixed: having('fixed'),
  };
}
