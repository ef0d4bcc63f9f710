import { toCurl } from '../curl-command';
import { contractUnchanged } from '../checks/drift-checks';
import { OVERLAY_FILE, SPEC_FILE } from '../contract';
import { CONTRACT_TIER, type Verdict } from '../model';
import type { RunContext } from '../engine/run-context';
import type { DriftMode } from '../settings';
import { buildDriftReport, type DriftReport } from './drift-report';
import { fetchLiveSpec, type LiveSpec } from './live-spec';
import { liveSpecGetter, type LiveSpecTiming } from './live-spec-get';

/** The id of the run's verdict on the live contract: its line in every report beside the cases'. */
export const CONTRACT_VERDICT_ID = 'contract.unchanged';

/** The live contract compared with the vendored one: the report the drift sections show, and the run's verdict on it. */
export interface ContractComparison {
  report: DriftReport;
  verdict: Verdict;
}

/** How the live document was fetched: where, with which credential, what came back and how long it took. */
interface LiveSpecFetch extends LiveSpecTiming {
  url: string;
  auth: 'none' | 'token';
  status?: number;
}

/**
 * What the comparison comes to as a verdict of `contract_unchanged`. A breaking difference fails
 * it with STREAMKAP_DRIFT=fail and warns with warn; no comparison at all is `errored` when fail
 * asked for one (the run is then inconclusive) and `skipped` when warn did not.
 */
export function contractVerdict(report: DriftReport, mode: DriftMode, fetched: LiveSpecFetch): Verdict {
  const path = new URL(fetched.url).pathname;
  const request = { method: 'GET' as const, url: fetched.url, path, query: [] };
  const base: Omit<Verdict, 'outcome'> = {
    caseId: CONTRACT_VERDICT_ID,
    title: `the live contract matches ${report.vendoredSpec}`,
    tier: CONTRACT_TIER,
    tags: [],
    ...(fetched.auth === 'token' && { auth: fetched.auth }),
    request,
    curl: toCurl({ ...request, auth: fetched.auth }),
    ...(fetched.status !== undefined && { status: fetched.status }),
    durationMs: fetched.durationMs,
    retries: fetched.retries,
    findings: [],
    warnings: [],
  };
  if (report.status === 'skipped' || report.status === 'unusable') {
    const why = `the live contract could not be compared: ${report.reason ?? 'it could not be fetched or read'}`;
    return mode === 'fail'
      ? { ...base, outcome: 'errored', error: { kind: 'live-contract-unavailable', message: `STREAMKAP_DRIFT=fail, but ${why}` } }
      : { ...base, outcome: 'skipped', skipReason: why };
  }
  const findings = contractUnchanged(report);
  if (findings.length === 0) return { ...base, outcome: 'passed' };
  if (mode === 'fail') return { ...base, outcome: 'failed', findings };
  return { ...base, outcome: 'passed', warnings: findings.map(({ title, message }) => ({ code: 'contract-drift', title, message })) };
}

const statusOf = (live: LiveSpec): number | undefined => (live.kind === 'document' ? 200 : live.status);

/**
 * Fetches the target's live OpenAPI document through the run's own client (same rate gate,
 * timeout, retries), without a token unless the server asks for one, and compares this
 * endpoint's operation with the vendored contract.
 */
export async function checkContractDrift(context: RunContext, liveSpecUrl: string, mode: DriftMode): Promise<ContractComparison> {
  const timing: LiveSpecTiming = { durationMs: 0, retries: 0 };
  const tally = (spent: LiveSpecTiming) => {
    timing.durationMs += spent.durationMs;
    timing.retries += spent.retries;
  };
  let auth: LiveSpecFetch['auth'] = 'none';
  let live = await fetchLiveSpec(liveSpecUrl, liveSpecGetter(context.client, undefined, tally));
  if (live.kind === 'unusable' && (live.status === 401 || live.status === 403)) {
    auth = 'token';
    live = await fetchLiveSpec(
      liveSpecUrl,
      liveSpecGetter(context.client, () => context.auth.authorization('token'), tally),
    );
  }
  const documentedStatuses = [...context.contract.responses.values()].filter((r) => r.source === OVERLAY_FILE).map((r) => r.status);
  const report = context.redactor.redactDeep(
    buildDriftReport({
      liveSpecUrl,
      vendoredSpec: SPEC_FILE,
      vendoredDocument: context.contract.documents.get(SPEC_FILE),
      live,
      options: { documentedStatuses },
    }),
  );
  const status = statusOf(live);
  const verdict = contractVerdict(report, mode, { url: liveSpecUrl, auth, ...(status !== undefined && { status }), ...timing });
  return { report, verdict: context.redactor.redactDeep(verdict) };
}
