import { parameterOf } from '../generation/failure-groups';
import type { Case, CheckName, Verdict } from '../model';

/** One line of the "generated failures" table: every generated request that failed one check on one parameter. */
export interface GeneratedFailureGroup {
  check: CheckName;
  parameter: string;
  /** Generated requests that failed this check on this parameter: the coverage phase's and every property's draw. */
  hits: number;
  /** Where they came from: `coverage`, or a property's name. */
  sources: string[];
  /** The smallest failing request: a shrunk one from a property, or the shortest coverage case. */
  minimalTitle: string;
  minimalCurl: string;
}

/**
 * Generated failures grouped by check and parameter, so that a server that mishandles one value
 * shows as one line with a count, not as fifty red rows.
 */
export function generatedFailureGroups(verdicts: readonly Verdict[], cases: readonly Case[]): GeneratedFailureGroup[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const groups = new Map<string, GeneratedFailureGroup>();
  const add = (entry: Omit<GeneratedFailureGroup, 'sources'> & { source: string }) => {
    const key = `${entry.check}\u0000${entry.parameter}`;
    const group = groups.get(key);
    if (group === undefined) {
      const { source, ...rest } = entry;
      groups.set(key, { ...rest, sources: [source] });
      return;
    }
    group.hits += entry.hits;
    if (!group.sources.includes(entry.source)) group.sources.push(entry.source);
    if (entry.minimalCurl.length < group.minimalCurl.length) {
      group.minimalCurl = entry.minimalCurl;
      group.minimalTitle = entry.minimalTitle;
    }
  };
  for (const verdict of verdicts) {
    if (verdict.outcome !== 'failed') continue;
    for (const failure of verdict.generated?.failures ?? []) {
      add({ source: verdict.generated?.property ?? 'random', check: failure.check, parameter: failure.parameter, hits: failure.hits, minimalTitle: failure.minimalTitle, minimalCurl: failure.minimalCurl });
    }
    const testCase = byId.get(verdict.caseId);
    if (testCase?.origin !== 'coverage') continue;
    for (const check of new Set(verdict.findings.map((f) => f.check))) {
      add({ source: 'coverage', check, parameter: parameterOf(testCase), hits: 1, minimalTitle: testCase.title, minimalCurl: verdict.curl });
    }
  }
  return [...groups.values()].sort((a, b) => b.hits - a.hits || a.check.localeCompare(b.check));
}
