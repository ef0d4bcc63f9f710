import { type CheckSet, DEFAULT_CHECKS } from '../../src/checks';
import type { Check } from '../../src/checks/observation';

/** A check broken on purpose, as a bug in the suite would break it: `auth.missing`'s checks throw. */
const brokenOnPurpose: Check = (observation) => {
  if (observation.testCase.id === 'auth.missing') throw new TypeError('broken on purpose by a self-test');
  return [];
};

/** The run's checks with the broken one first in the auth tier: handed to a run through its context, as checks are. */
export const checksWithOneBroken: CheckSet = {
  ...DEFAULT_CHECKS,
  byTier: { ...DEFAULT_CHECKS.byTier, auth: [brokenOnPurpose, ...DEFAULT_CHECKS.byTier.auth] },
};
