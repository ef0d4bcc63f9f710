/**
 * Loaded before the CLI (node -r) by a self-test: breaks one check for one case, as a bug in the
 * suite would. Never loaded by a real run.
 */
import { CHECKS_BY_TIER } from '../../../src/checks';
import type { Check } from '../../../src/checks/observation';

const brokenOnPurpose: Check = (observation) => {
  if (observation.testCase.id === 'auth.missing') throw new TypeError('broken on purpose by a self-test');
  return [];
};
(CHECKS_BY_TIER.auth as Check[]).unshift(brokenOnPurpose);
