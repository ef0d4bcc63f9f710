/**
 * One reading of the contract: keywords beside a schema's `$ref` (OpenAPI 3.1 allows them) mean
 * the same to the response validator (contract.ts) and to the drift differ, both reading them
 * through conjoinRefSiblings. Each sibling below is judged by both: what the validator accepts
 * and refuses is what the differ says the live document promises.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract, OVERLAY_FILE, SPEC_FILE } from '../src/contract';
import type { DriftDifference } from '../src/drift/drift-difference';
import { diffMetricsOperation } from '../src/drift/operation-diff';
import { conjoinRefSiblings, type JsonObject } from '../src/openapi-document';
import { vendoredContract } from '../src/reference-server/reference-server';

const ROOT = join(__dirname, '..');
const LAG = '#/components/schemas/Lag';

/** The vendored contract with `recordsLag` an integer of at most 10, by `$ref`, with `siblings` beside it. */
function withLag(siblings: JsonObject): JsonObject {
  const document = structuredClone(vendoredContract());
  const schemas = (document.components as { schemas: Record<string, JsonObject> }).schemas;
  schemas.Lag = { type: 'integer', maximum: 10 };
  (schemas.PipelineLatestMetrics?.properties as JsonObject).recordsLag = { $ref: LAG, ...siblings };
  return document;
}

/** What the validator says of a 200 whose `recordsLag` is `lag`, with `document` as the vendored contract. */
function validatorAccepts(document: JsonObject, lag: unknown): boolean {
  const root = mkdtempSync(join(tmpdir(), 'ref-siblings-'));
  mkdirSync(join(root, 'specs'));
  writeFileSync(join(root, SPEC_FILE), JSON.stringify(document));
  copyFileSync(join(ROOT, OVERLAY_FILE), join(root, OVERLAY_FILE));
  const body = { data: { latency: 1, recordsLag: lag, status: 'Active' }, metadata: {} };
  return loadContract(root).validateBody(200, body)?.errors.length === 0;
}

/** What the differ says a live document with `siblings` beside the `$ref` changed, against the same `$ref` alone. */
const driftOf = (siblings: JsonObject): DriftDifference[] =>
  diffMetricsOperation(withLag({}), withLag(siblings)).filter((d) => d.location.endsWith('$.data.recordsLag'));

test('a `$ref` with keywords beside it reads as allOf of both', () => {
  expect(conjoinRefSiblings({ $ref: LAG, maximum: 5 })).toEqual({ allOf: [{ $ref: LAG }, { maximum: 5 }] });
  expect(conjoinRefSiblings({ $ref: LAG })).toEqual({ $ref: LAG });
  expect(conjoinRefSiblings({ type: 'integer' })).toEqual({ type: 'integer' });
});

test.each<[string, JsonObject, Array<[unknown, boolean]>, Array<Partial<DriftDifference>>]>([
  // A looser bound beside the `$ref` loosens nothing: the schema referred to still holds.
  [
    'a looser maximum',
    { maximum: 50 },
    [
      [7, true],
      [20, false],
    ],
    [],
  ],
  [
    'a tighter maximum',
    { maximum: 5 },
    [
      [3, true],
      [7, false],
    ],
    [
      {
        kind: 'constraint-changed',
        breaking: false,
        message: '`$.data.recordsLag` is now promised to be at most `5` instead of at most `10`',
      },
    ],
  ],
  // `nullable` needs a `type` beside it: next to a `$ref` it adds no null.
  [
    'nullable',
    { nullable: true },
    [
      [3, true],
      [null, false],
    ],
    [],
  ],
  [
    'a description',
    { description: 'Lag in events' },
    [
      [7, true],
      [12, false],
    ],
    [],
  ],
])('%s beside the $ref: the validator and the differ agree', (_name, siblings, verdicts, drift) => {
  const document = withLag(siblings);
  for (const [lag, accepted] of verdicts) expect([lag, validatorAccepts(document, lag)]).toEqual([lag, accepted]);
  expect(driftOf(siblings)).toEqual(drift.map((d) => expect.objectContaining(d)));
});
