import type { RunContext } from './engine/run-context';
import type { Case } from './model';
import { buildRequest } from './request-builder';

/**
 * One request outside the run's cases (the preflight's, the breaker's check), with the grant its
 * case names. It goes through the run's client (rate gate, retries) but takes no concurrency slot:
 * it is sent while the cases wait.
 */
export async function probe(context: RunContext, testCase: Case) {
  const request = buildRequest(testCase, context.target);
  const authorization = await context.auth.authorization(request.auth);
  return context.client.get(request.url, authorization === undefined ? {} : { authorization });
}

/** The request with no query for a configured pipeline: the preflight's, and the shape a run knows best. */
export const defaultsRequest = (pipelineId: string): Case => ({
  id: 'preflight',
  title: 'preflight',
  tier: 'accept',
  tags: [],
  pipelineId,
});

/** The request with no query and no credential: what a target answers a client that did not authenticate. */
export const anonymousRequest = (pipelineId: string): Case => ({
  id: 'preflight.anonymous',
  title: 'preflight',
  tier: 'auth',
  tags: [],
  auth: 'none',
  pipelineId,
});

/** A request for an id of no pipeline, answered 404 by the API with its own words. */
export const UNKNOWN_PIPELINE: Case = {
  id: 'preflight.unknown',
  title: 'preflight',
  tier: 'not-found',
  tags: [],
  pipeline: { kind: 'missing' },
};
