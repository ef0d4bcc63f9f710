import type { Case, CaseOrigin, Tag } from '../model';
import type { Exchange, FollowUpRequest } from './exchange';
import type { ParameterSpace } from './parameter-space';
import { tierOf } from './tier-rule';

/** How every list of generated cases (coverage rows, request dimensions, properties) makes a case of an exchange. */

/** A follow-up's credential and tier (which the one rule gives, the method and validators aside), and how it is resent. */
const followUp = (request: Exchange, step: FollowUpRequest, spaces: readonly ParameterSpace[]) => {
  const { auth, as } = typeof step === 'string' ? { auth: step, as: undefined } : step;
  return { auth, tier: tierOf({ ...request, auth }, spaces), ...(as !== undefined && { as }) };
};

/** A generated case: its tier (and each follow-up's) comes from the one rule, never from the list that made it. */
export function generatedCase(
  id: string,
  title: string,
  request: Exchange,
  spaces: readonly ParameterSpace[],
  tags: readonly Tag[] = [],
  origin: CaseOrigin = 'coverage',
): Case {
  const tier = tierOf(request, spaces);
  const extra: Tag[] =
    tier === 'reject'
      ? ['validation']
      : tier === 'auth' || tier === 'refused'
        ? ['auth']
        : tier === 'not-found' || tier === 'hostile-id'
          ? ['pipelines']
          : [];
  return {
    id,
    origin,
    title,
    tier,
    tags: [...new Set<Tag>(['generated', ...tags, ...extra])],
    ...(request.query !== undefined && request.query.length > 0 && { query: request.query }),
    ...(request.auth !== undefined && request.auth !== 'token' && { auth: request.auth }),
    ...(request.pipeline !== undefined && request.pipeline.kind !== 'configured' && { pipeline: request.pipeline }),
    ...(request.querySpelling !== undefined && request.querySpelling !== 'plain' && { querySpelling: request.querySpelling }),
    ...(request.querySyntax !== undefined && request.querySyntax !== 'plain' && { querySyntax: request.querySyntax }),
    // Even the suite's own, when named: a row that stands for axios keeps it.
    ...(request.profile !== undefined && { profile: request.profile }),
    ...(request.accept !== undefined && { accept: request.accept }),
    ...(request.then !== undefined && { then: request.then.map((step) => followUp(request, step, spaces)) }),
  };
}
