import type { AuthMode, Case, CaseOrigin, PipelineRef, QueryPairs, QuerySpelling, QuerySyntax, Tag } from '../model';
import type { ParameterSpace } from './parameter-space';
import { tierOf } from './tier-rule';

/** How every list of generated cases (coverage rows, request dimensions, properties) makes a case. */

/** What a generated case sends; `then` sends the same request again with each of these credentials, in order. */
export interface GeneratedRequest {
  query?: QueryPairs;
  auth?: AuthMode;
  pipeline?: PipelineRef;
  querySpelling?: QuerySpelling;
  querySyntax?: QuerySyntax;
  then?: readonly AuthMode[];
}

/** A generated case: its tier (and each follow-up's) comes from the one rule, never from the list that made it. */
export function generatedCase(
  id: string,
  title: string,
  request: GeneratedRequest,
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
    ...(request.then !== undefined && { then: request.then.map((auth) => ({ auth, tier: tierOf({ ...request, auth }, spaces) })) }),
  };
}

/** How a query reads in a title: values quoted, so white space and empty strings show. */
export const describeQuery = (query: QueryPairs): string =>
  query.length === 0 ? 'no query' : query.map(([name, raw]) => `${name}=${JSON.stringify(raw)}`).join(' & ');
