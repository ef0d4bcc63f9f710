import { loadContract } from '../../src/contract';
import { createRunContext, type RunContext } from '../../src/engine/run-context';
import { loadSettings } from '../../src/settings';

/** A run's context aimed at a port nothing listens on: for tests of the ledger that send through their own `send`. */
export function unitRunContext(): RunContext {
  const settings = loadSettings({
    STREAMKAP_BASE_URL: 'http://127.0.0.1:9',
    STREAMKAP_TOKEN: 'tok-unit-test-1',
    STREAMKAP_PIPELINE_ID: 'p1',
  });
  return createRunContext({ ...settings, baseUrl: 'http://127.0.0.1:9', pipelineId: 'p1' }, { contract: loadContract() });
}
