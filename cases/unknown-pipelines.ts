import type { Case } from '../src/model';

/** Pipelines that do not exist: the missing id gets 404; malformed ids get a 4xx, never 2xx or 5xx. */

export const unknownPipelines: Case[] = [
  {
    id: 'pipeline.missing',
    title: 'a well-formed id of no pipeline (STREAMKAP_MISSING_PIPELINE_ID)',
    tier: 'not-found',
    tags: ['smoke', 'pipelines'],
    pipeline: { kind: 'missing' },
  },
  {
    id: 'pipeline.hostile.quote',
    title: "an id with a single quote (abc'def)",
    tier: 'hostile-id',
    tags: ['pipelines'],
    pipeline: { kind: 'raw', segment: "abc'def" },
  },
  {
    id: 'pipeline.hostile.encoded-slash',
    title: 'an id with a percent-encoded slash (abc%2Fdef)',
    tier: 'hostile-id',
    tags: ['pipelines'],
    pipeline: { kind: 'raw', segment: 'abc%2Fdef' },
  },
  {
    id: 'pipeline.hostile.non-ascii',
    title: 'a non-ASCII id (été, percent-encoded UTF-8)',
    tier: 'hostile-id',
    tags: ['pipelines'],
    pipeline: { kind: 'raw', segment: '%C3%A9t%C3%A9' },
  },
  {
    id: 'pipeline.hostile.very-long',
    title: 'an id of 320 characters',
    tier: 'hostile-id',
    tags: ['pipelines'],
    pipeline: { kind: 'raw', segment: 'x'.repeat(320) },
  },
];
