import { propertyCauses } from '../causes/property-causes';
import type { CanonicalValues } from '../causes/simplicity';
import { type Case, caseIdentity, type Finding, type Verdict } from '../model';
import type { PropertyRun } from './random-phase';

/**
 * A generated property as one verdict of the run: failed when any check failed on a generated
 * request, with one finding per check that names the minimal request fast-check shrank it to, its
 * curl, and how many requests of the draw hit it. Its request, curl and response are the first
 * failure's minimal request, so every report's "reproduce" line reproduces the smallest case.
 * Samples the target left unjudged (unavailable) were discarded and are counted; only when most of
 * the draw was, is the property errored: a few blips among hundreds leave the rest a fair sample.
 */
export function propertyVerdict(testCase: Case, run: PropertyRun, canonical: CanonicalValues = new Map()): Verdict {
  const unavailable = run.discarded;
  const suiteBugs = run.verdicts.filter((v) => v.error?.kind === 'suite-bug');
  const findings: Finding[] = run.failures.map((failure) => {
    const minimal = failure.minimal.verdict;
    const first = minimal.findings.find((f) => f.check === failure.check);
    return {
      check: failure.check,
      title: `${failure.hits} of ${run.drawn} generated request(s) failed ${failure.check} (${failure.parameter})`,
      message:
        `Shrunk to: ${failure.minimal.testCase.title}. ${first ? `${first.title}. ${first.message}` : ''} ` +
        `Reproduce: ${minimal.curl} (or replay the run with --seed ${run.seed}).`,
      ...(first?.schemaErrors && { schemaErrors: first.schemaErrors }),
    };
  });
  const shown = run.failures[0]?.minimal.verdict ?? run.verdicts[0];
  const durationMs = run.verdicts.reduce((sum, v) => sum + v.durationMs, 0);
  const error =
    suiteBugs.length > 0
      ? {
          kind: 'suite-bug' as const,
          message: `Bug in the suite on ${suiteBugs.length} generated request(s): ${suiteBugs[0]?.error?.message ?? ''}`,
        }
      : unavailable > 0 && unavailable * 2 > run.drawn
        ? {
            kind: 'target-unavailable' as const,
            message: `${unavailable} of ${run.drawn} generated request(s) could not be judged, too many to judge the property by the rest: the target was unavailable.`,
            answered: run.verdicts.find((v) => v.error?.kind === 'target-unavailable')?.error?.answered,
          }
        : undefined;
  return {
    // The property's own tier: its requests may each fall in another (a refused one, a boundary one).
    ...caseIdentity(testCase),
    outcome: findings.length > 0 ? 'failed' : error ? 'errored' : 'passed',
    ...(error && { error }),
    request: shown?.request ?? { method: 'GET', url: '', path: '', query: [] },
    curl: shown?.curl ?? '',
    ...(shown?.status !== undefined && { status: shown.status }),
    durationMs,
    retries: run.verdicts.reduce((sum, v) => sum + v.retries, 0),
    ...(shown?.validatedBy && { validatedBy: shown.validatedBy }),
    ...(shown?.response && { response: shown.response }),
    findings,
    warnings: [],
    generated: {
      property: run.property,
      seed: run.seed,
      requests: run.sent,
      ...(unavailable > 0 && { discarded: unavailable }),
      failures: run.failures.map((f) => ({
        check: f.check,
        parameter: f.parameter,
        hits: f.hits,
        minimalCurl: f.minimal.verdict.curl,
        minimalTitle: f.minimal.testCase.title,
      })),
      causes: propertyCauses(run.verdicts, canonical),
    },
  };
}
