/**
 * The CLI with one check broken on purpose, as a bug in the suite would break it: `auth.missing`'s
 * checks throw. Handed to the run through its check set, the way a run is configured; a self-test's
 * entry point, never a real run's.
 */
import { DEFAULT_CHECKS } from '../../../src/checks';
import type { Check } from '../../../src/checks/observation';
import { main } from '../../../src/cli/main';
import { readEnvironment } from '../../../src/settings';

const brokenOnPurpose: Check = (observation) => {
  if (observation.testCase.id === 'auth.missing') throw new TypeError('broken on purpose by a self-test');
  return [];
};
const checks = { ...DEFAULT_CHECKS, byTier: { ...DEFAULT_CHECKS.byTier, auth: [brokenOnPurpose, ...DEFAULT_CHECKS.byTier.auth] } };

void main(process.argv.slice(2), readEnvironment(), undefined, { checks }).then((code) => process.exit(code));
