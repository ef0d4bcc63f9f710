import type { PropertyCause, Verdict, VerdictTier } from '../model';
import { causesOf } from './request-cause';
import { type CanonicalValues, compareSimplicity, simplicityOf } from './simplicity';

/**
 * A generated property's failing requests (its draw and its shrinking alike) grouped by cause, each
 * cause with the simplest request that hit it: the one a person would try, not the one fast-check
 * happened to shrink to.
 */
export function propertyCauses(verdicts: readonly Verdict[], canonical: CanonicalValues): PropertyCause[] {
  const byKey = new Map<string, PropertyCause & { tierSet: Set<VerdictTier> }>();
  for (const verdict of verdicts) {
    for (const cause of causesOf(verdict)) {
      const simplest = {
        title: verdict.title,
        query: verdict.request.query,
        curl: verdict.curl,
        ...(verdict.status !== undefined && { status: verdict.status }),
      };
      const seen = byKey.get(cause.key);
      if (seen === undefined) {
        byKey.set(cause.key, { ...cause, requests: 1, tiers: [], tierSet: new Set([verdict.tier]), simplest });
        continue;
      }
      seen.requests += 1;
      seen.tierSet.add(verdict.tier);
      if (compareSimplicity(simplicityOf(simplest.query, canonical), simplicityOf(seen.simplest.query, canonical)) < 0)
        seen.simplest = simplest;
    }
  }
  return [...byKey.values()].map(({ tierSet, ...cause }) => ({ ...cause, tiers: [...tierSet] }));
}
