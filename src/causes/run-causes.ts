import { rerunCommand } from '../failure-message';
import { CASE_ORIGINS, type CaseOrigin, type CheckName, isCaseVerdict, type QueryPairs, type Verdict, type VerdictTier } from '../model';
import { causesOf } from './request-cause';
import { type CanonicalValues, compareSimplicity, simplicityOf } from './simplicity';

/** One distinct problem of a run, however many cases and requests showed it. */
export interface Cause {
  key: string;
  check: CheckName;
  /** One line: the check and what it found. */
  title: string;
  /** Cases that hit it: table rows, coverage cases and generated properties, each once. */
  cases: number;
  /** Requests that hit it: a property counts each of its requests that did. */
  requests: number;
  /** The tiers of the requests that hit it. */
  tiers: VerdictTier[];
  /** Where those cases come from: table rows, the coverage phase, the random phase's properties. */
  origins: CaseOrigin[];
  /** The simplest request that hit it, from everything that did, with how to send it again. */
  smallest: { caseId: string; title: string; curl: string; rerun: string; status?: number };
  /** Every case that hit it, in run order. */
  caseIds: string[];
}

interface Hit {
  verdict: Verdict;
  requests: number;
  tiers: readonly VerdictTier[];
  simplest: { title: string; query: QueryPairs; curl: string; status?: number };
  key: string;
  check: CheckName;
  title: string;
}

/** Every failed verdict's causes: a property's from its requests, any other case's from its own findings. */
function hitsOf(verdict: Verdict): Hit[] {
  if (verdict.generated) {
    return (verdict.generated.causes ?? []).map((cause) => ({ verdict, ...cause }));
  }
  const simplest = {
    title: verdict.title,
    query: verdict.request.query,
    curl: verdict.curl,
    ...(verdict.status !== undefined && { status: verdict.status }),
  };
  return causesOf(verdict).map((cause) => ({ verdict, requests: 1, tiers: [verdict.tier], simplest, ...cause }));
}

/**
 * The run's findings grouped by cause across tables, coverage and random phase: each distinct
 * problem once, with how many cases and requests hit it and its simplest reproduction. Most cases
 * first; a finding every request shows is one cause, not one per parameter.
 */
export function findCauses(verdicts: readonly Verdict[], canonical: CanonicalValues): Cause[] {
  const causes = new Map<string, Cause & { simplestQuery: QueryPairs }>();
  // The live contract's verdict is no answer of the endpoint: the headline and the drift section say what drifted.
  for (const verdict of verdicts.filter(isCaseVerdict)) {
    if (verdict.outcome !== 'failed') continue;
    for (const hit of hitsOf(verdict)) {
      const smallest = {
        caseId: verdict.caseId,
        title: hit.simplest.title,
        curl: hit.simplest.curl,
        rerun: rerunCommand(verdict),
        ...(hit.simplest.status !== undefined && { status: hit.simplest.status }),
      };
      const origin: CaseOrigin = verdict.origin ?? 'table';
      const cause = causes.get(hit.key);
      if (cause === undefined) {
        causes.set(hit.key, {
          key: hit.key,
          check: hit.check,
          title: hit.title,
          cases: 1,
          requests: hit.requests,
          tiers: [...hit.tiers],
          origins: [origin],
          smallest,
          simplestQuery: hit.simplest.query,
          caseIds: [verdict.caseId],
        });
        continue;
      }
      if (!cause.caseIds.includes(verdict.caseId)) {
        cause.cases += 1;
        cause.caseIds.push(verdict.caseId);
      }
      cause.requests += hit.requests;
      for (const tier of hit.tiers) if (!cause.tiers.includes(tier)) cause.tiers.push(tier);
      if (!cause.origins.includes(origin)) cause.origins.push(origin);
      if (compareSimplicity(simplicityOf(hit.simplest.query, canonical), simplicityOf(cause.simplestQuery, canonical)) < 0) {
        cause.smallest = smallest;
        cause.simplestQuery = hit.simplest.query;
      }
    }
  }
  return [...causes.values()]
    .map(({ simplestQuery: _simplest, ...cause }) => ({ ...cause, origins: CASE_ORIGINS.filter((o) => cause.origins.includes(o)) }))
    .sort((a, b) => b.cases - a.cases || b.requests - a.requests || a.title.localeCompare(b.title));
}

/** How a cause reads in a list: its title, and what hit it. */
export function causeReach(cause: Cause): string {
  const cases = `${cause.cases.toLocaleString('en-US')} ${cause.cases === 1 ? 'case' : 'cases'}`;
  const requests = cause.requests === cause.cases ? '' : `, ${cause.requests.toLocaleString('en-US')} requests`;
  return `${cases}${requests}; tiers ${cause.tiers.join(', ')}; from ${cause.origins.join(', ')}`;
}
