import type { Case, CheckName, Verdict } from '../model';
import type { PropertyName } from './properties';
import type { GeneratedFailure } from './random-phase';

/**
 * Generated failures for reports: one group per check and parameter, with the smallest request
 * that shows it, its curl command, and how many generated requests hit the same finding.
 */

/** What a request is about: its refusal (auth, pipeline), else the query parameters it sends. */
export function parameterOf(testCase: Pick<Case, 'auth' | 'pipeline' | 'query'>): string {
  if (testCase.auth !== undefined && testCase.auth !== 'token') return `auth (${testCase.auth})`;
  if (testCase.pipeline !== undefined && testCase.pipeline.kind !== 'configured') return 'pipeline_id';
  const names = [...new Set((testCase.query ?? []).map(([name]) => name))].sort();
  return names.length === 0 ? '(no query)' : names.join(' + ');
}

/** Where a generated failure came from: a property of the random phase, or the coverage list. */
export type GenerationSource = PropertyName | 'coverage';

export interface FailureGroup {
  check: CheckName;
  parameter: string;
  /** Generated requests that failed this check with this parameter, over every source. */
  hits: number;
  sources: GenerationSource[];
  /** The smallest of the minimal requests, by query length then text. */
  minimal: { caseId: string; title: string; tier: Case['tier']; curl: string; verdict: Verdict };
  /** How to send each random property's minimal request again (none for the coverage list, which is fixed). */
  replays: GeneratedFailure['replay'][];
}

interface Groupable {
  source: GenerationSource;
  check: CheckName;
  parameter: string;
  hits: number;
  verdict: Verdict;
  replay?: GeneratedFailure['replay'];
}

const size = (verdict: Verdict): number => verdict.request.query.reduce((sum, [name, raw]) => sum + name.length + raw.length + 2, 0);

function group(items: readonly Groupable[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const item of items) {
    const key = `${item.check}\u0000${item.parameter}`;
    const { verdict } = item;
    const candidate = { caseId: verdict.caseId, title: verdict.title, tier: verdict.tier, curl: verdict.curl, verdict };
    const existing = groups.get(key);
    if (existing === undefined) {
      groups.set(key, {
        check: item.check,
        parameter: item.parameter,
        hits: item.hits,
        sources: [item.source],
        minimal: candidate,
        replays: item.replay ? [item.replay] : [],
      });
      continue;
    }
    existing.hits += item.hits;
    if (!existing.sources.includes(item.source)) existing.sources.push(item.source);
    if (item.replay) existing.replays.push(item.replay);
    const [mine, theirs] = [size(verdict), size(existing.minimal.verdict)];
    if (mine < theirs || (mine === theirs && verdict.curl < existing.minimal.curl)) existing.minimal = candidate;
  }
  return [...groups.values()].sort((a, b) => b.hits - a.hits || a.check.localeCompare(b.check) || a.parameter.localeCompare(b.parameter));
}

/**
 * Groups generated failures by check and parameter, most hits first: the random phase's shrunk
 * failures, and the failed verdicts of the coverage phase (each its own minimal request).
 */
export function groupGeneratedFailures(
  failures: readonly GeneratedFailure[],
  coverage: { verdicts: readonly Verdict[]; cases: readonly Case[] } = { verdicts: [], cases: [] },
): FailureGroup[] {
  const byId = new Map(coverage.cases.map((c) => [c.id, c]));
  const fromCoverage = coverage.verdicts.flatMap((verdict): Groupable[] => {
    const testCase = byId.get(verdict.caseId);
    if (verdict.outcome !== 'failed' || testCase === undefined) return [];
    const checks = [...new Set(verdict.findings.map((f) => f.check))];
    return checks.map((check) => ({ source: 'coverage', check, parameter: parameterOf(testCase), hits: 1, verdict }));
  });
  const fromRandom = failures.map((f): Groupable => ({
    source: f.property,
    check: f.check,
    parameter: f.parameter,
    hits: f.hits,
    verdict: f.minimal.verdict,
    replay: f.replay,
  }));
  return group([...fromCoverage, ...fromRandom]);
}
