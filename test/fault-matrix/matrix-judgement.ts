import { allCases } from '../../cases';
import { formatVerdict } from '../../src/failure-message';
import type { Verdict } from '../../src/model';
import { failedIds } from '../support/run-against';
import { SECOND_PIPELINE_ID } from './server-runs';
import type { ConformantServer, Fault } from './server-variant';

/** Whether each server got the verdicts it deserves; each function lists what is wrong, empty when nothing is. */

const knownIds = new Set(allCases.map((c) => c.id));

/**
 * Why a fault counts as not caught: a claimed case that is unknown, passed, or failed for another
 * reason. With several pipelines a case is caught when a copy of it fails with the fault's check.
 */
export function gapsInCatch(fault: Fault, verdicts: readonly Verdict[]): string[] {
  const failedWith = (v: Verdict) => v.outcome === 'failed' && v.findings.some((f) => f.check === fault.check);
  return fault.caughtBy.flatMap((id): string[] => {
    if (!knownIds.has(id)) return [`${id} is in caughtBy but in no case table`];
    const copies = verdicts.filter((v) => v.caseId === id);
    const verdict = copies.find(failedWith) ?? copies.find((v) => v.outcome === 'failed') ?? copies[0];
    if (verdict?.outcome !== 'failed') return [`${id} ${verdict?.outcome ?? 'did not run'} (status ${verdict?.status ?? 'none'})`];
    const findings = verdict.findings.filter((f) => f.check === fault.check);
    if (findings.length === 0) return [`${id} failed, but without a ${fault.check} finding:\n${formatVerdict(verdict)}`];
    if (fault.at !== undefined && !findings.some((f) => f.schemaErrors?.some((e) => e.path === fault.at))) {
      return [`${id} failed ${fault.check}, but with no schema error at ${fault.at}:\n${formatVerdict(verdict)}`];
    }
    return [];
  });
}

/** For a fault on the second pipeline alone: what did not pass elsewhere (the first pipeline's copies, what runs once). */
export function offSecondPipeline(verdicts: readonly Verdict[]): string[] {
  return verdicts.filter((v) => v.outcome !== 'passed' && v.pipelineId !== SECOND_PIPELINE_ID).map(formatVerdict);
}

/** Every case that did not pass against a server that honours the contract, as its on-call text. */
export function falseAlarms(verdicts: readonly Verdict[]): string[] {
  return verdicts
    .filter((v) => v.outcome !== 'passed')
    .map((v) => (v.outcome === 'skipped' ? `${v.caseId} skipped: ${v.skipReason}` : formatVerdict(v)));
}

/** The first few alarms in full, and a count of the rest: enough to debug, short enough to read. */
export function describeAlarms(alarms: readonly string[], shown = 3): string {
  const rest = alarms.length - shown;
  return [...alarms.slice(0, shown), ...(rest > 0 ? [`… and ${rest} more case(s) did not pass`] : [])].join('\n\n');
}

/** Evidence that does not hold: the variant may not have done what it claims, so its pass proves nothing. */
export function missingEvidence(server: ConformantServer, verdicts: readonly Verdict[]): string[] {
  const byId = new Map(verdicts.map((v) => [v.caseId, v]));
  return server.evidence.flatMap((evidence) => {
    const verdict = byId.get(evidence.caseId);
    if (verdict === undefined) return [`${evidence.caseId} did not run`];
    return evidence.holds(verdict) ? [] : [`${evidence.caseId} should show ${evidence.shows}; it got status ${verdict.status ?? 'none'}`];
  });
}

/**
 * The cases that are the only failing case against no faulty server. Such a case could be removed
 * and every fault would still be caught by another, so it does not earn its place.
 */
export function neverSoleCatchers(faults: readonly Fault[], verdictsOf: (fault: Fault) => readonly Verdict[]): string[] {
  // A case failing on each of two pipelines is still one case.
  const failing = (fault: Fault) => [...new Set(failedIds(verdictsOf(fault)))];
  const soleCatchers = new Set(faults.map(failing).flatMap((ids) => (ids.length === 1 ? ids : [])));
  return allCases.map((c) => c.id).filter((id) => !soleCatchers.has(id));
}
