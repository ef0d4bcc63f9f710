import type { Case } from '../src/model';

/** Requests without a usable grant: each must get 401 or 403, with no metrics in the body. */

export const auth: Case[] = [
  { id: 'auth.missing', title: 'no Authorization header', tier: 'auth', tags: ['smoke', 'auth'], auth: 'none' },
  { id: 'auth.garbage-token', title: 'a bearer token no server issued', tier: 'auth', tags: ['auth'], auth: 'garbage-token' },
  {
    id: 'auth.wrong-scheme',
    title: 'the real token under a non-Bearer scheme (Token ...)',
    tier: 'auth',
    tags: ['auth'],
    auth: 'wrong-scheme',
  },
  {
    id: 'auth.limited-token',
    title: 'a valid token without read:pipeline_metrics (STREAMKAP_LIMITED_TOKEN)',
    tier: 'auth',
    tags: ['auth'],
    auth: 'limited-token',
  },
];
