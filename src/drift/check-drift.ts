import { contractUnchanged } from '../checks/drift-checks';
import { OVERLAY_FILE, SPEC_FILE } from '../contract';
import type { Finding } from '../model';
import type { RunContext } from '../runner';
import type { DriftMode } from '../settings';
import { buildDriftReport, type DriftReport } from './drift-report';
import { fetchLiveSpec } from './live-spec';
import { liveSpecGetter } from './live-spec-get';

/** The run's verdict on contract drift: its own line in every report, and in junit.xml. */
export interface DriftVerdict extends DriftReport {
  mode: DriftMode;
  /** `failed` only with STREAMKAP_DRIFT=fail and a breaking difference; `skipped` when nothing could be compared. */
  outcome: 'passed' | 'failed' | 'skipped';
  findings: Finding[];
}

/**
 * Fetches the target's live OpenAPI document through the run's own client (same rate gate,
 * timeout, retries), without a token unless the server asks for one, and compares this
 * endpoint's operation with the vendored contract.
 */
export async function checkContractDrift(context: RunContext, liveSpecUrl: string, mode: DriftMode): Promise<DriftVerdict> {
  let live = await fetchLiveSpec(liveSpecUrl, liveSpecGetter(context.client));
  if (live.kind === 'unusable' && (live.status === 401 || live.status === 403)) {
    live = await fetchLiveSpec(
      liveSpecUrl,
      liveSpecGetter(context.client, () => context.auth.authorization('token')),
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
  const findings = mode === 'fail' ? contractUnchanged(report) : [];
  const outcome = report.status === 'skipped' || report.status === 'unusable' ? 'skipped' : findings.length > 0 ? 'failed' : 'passed';
  return { ...report, mode, outcome, findings };
}
