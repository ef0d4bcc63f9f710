/**
 * The shared-caching faults (RFC 9111, 3.5) live in a header no other check reads: each passes the
 * whole case table when the run judges with every check but `authenticated_response_not_shared_cacheable`,
 * so before that check the suite was green on them. The fault matrix proves each caught with it.
 */
import { type CheckSet, DEFAULT_CHECKS } from '../src/checks';
import { authenticatedResponseNotSharedCacheable } from '../src/checks/cache-checks';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { describeAlarms } from './fault-matrix/matrix-judgement';
import { faultyServers } from './fault-matrix/faulty-servers';
import { formatVerdict } from '../src/failure-message';
import { runAgainst } from './support/run-against';

const CHECK = 'authenticated_response_not_shared_cacheable';
const cachingFaults = faultyServers.filter((fault) => fault.check === CHECK);
const withoutCachingCheck: CheckSet = {
  ...DEFAULT_CHECKS,
  everyAnswer: DEFAULT_CHECKS.everyAnswer.filter((check) => check !== authenticatedResponseNotSharedCacheable),
};

test('there are shared-caching faults, and the check set without their check lost exactly one check', () => {
  expect(cachingFaults.length).toBeGreaterThan(1);
  expect(withoutCachingCheck.everyAnswer).toHaveLength(DEFAULT_CHECKS.everyAnswer.length - 1);
});

test.concurrent.each(cachingFaults.map((fault) => [fault.name, fault] as const))(
  '%s: every case of the table passes without the caching check',
  async (_name, fault) => {
    const server = await startReferenceServer(fault.options);
    try {
      const verdicts = await runAgainst(server, { context: { checks: withoutCachingCheck } });
      expect(verdicts.length).toBeGreaterThan(0);
      expect(describeAlarms(verdicts.filter((v) => v.outcome !== 'passed').map(formatVerdict))).toBe('');
    } finally {
      await server.close();
    }
  },
  120_000,
);
