import { TIME_UNITS } from '../src/model';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadContract, OVERLAY_FILE, SPEC_FILE, toJsonPath } from '../src/contract';

const ROOT = join(__dirname, '..');
const SEED = join(ROOT, '..', 'shared', 'seed', '000_c256ba2cc3d9aceb.txt');
const contract = loadContract(ROOT);

/** The documentation's own example response. */
const DOCUMENTED_EXAMPLE = {
  data: { latency: 1, recordsLag: 0, status: 'Active' },
  metadata: {
    latency: { name: 'Pipeline Latency', unit: 'milliseconds' },
    status: { name: 'Pipeline Status', unit: 'milliseconds' },
    recordsLag: { name: 'Lag in Events', unit: 'count' },
  },
};

describe('the vendored contract', () => {
  const vendored = readFileSync(join(ROOT, SPEC_FILE));

  test('is byte-for-byte the file whose hash specs/README.md records', () => {
    const recorded = /`([0-9a-f]{64})`/.exec(readFileSync(join(ROOT, 'specs/README.md'), 'utf8'))?.[1];
    expect(createHash('sha256').update(vendored).digest('hex')).toBe(recorded);
  });

  // The seed sits beside the repository in development and CI; a copy of the repository alone has only the hash.
  (existsSync(SEED) ? test : test.skip)('is the OpenAPI block of the documentation page, unchanged', () => {
    const page = readFileSync(SEED, 'utf8');
    const block = /^````yaml[^\n]*\n([\s\S]*?)^````/m.exec(page)?.[1];
    expect(block).toBeDefined();
    expect(vendored.toString('utf8')).toBe(block);
  });

  test('the overlay adds only statuses the published document does not declare', () => {
    const upstream = parseYaml(vendored.toString('utf8'));
    const overlay = parseYaml(readFileSync(join(ROOT, OVERLAY_FILE), 'utf8'));
    const declared = Object.keys(upstream.paths['/pipelines/{pipeline_id}/metrics'].get.responses);
    const added = Object.keys(overlay.paths['/pipelines/{pipeline_id}/metrics'].get.responses);
    expect(declared.sort()).toEqual(['200', '422']);
    expect(added.sort()).toEqual(['400', '401', '403', '404', '500']);
    expect(readFileSync(join(ROOT, OVERLAY_FILE), 'utf8')).toMatch(/NOT PART OF THE PUBLISHED STREAMKAP CONTRACT/);
  });
});

describe('loadContract', () => {
  test("accepts the documentation's example response and names the file that judged it", () => {
    expect(contract.validateBody(200, DOCUMENTED_EXAMPLE)).toEqual({ source: SPEC_FILE, errors: [] });
  });

  test.each([
    ['metrics as strings', { data: { latency: '1.5', recordsLag: '7', status: 'Active' }, metadata: {} }],
    ['metrics as nulls', { data: { latency: null, recordsLag: null, status: null }, metadata: {} }],
    ['extra fields', { data: { latency: 1, extra: [1] }, metadata: { latency: { name: 'x', unit: 'y', more: 'z' } }, more: true }],
  ])('accepts a 200 body that uses the contract freedoms: %s', (_name, body) => {
    expect(contract.validateBody(200, body)?.errors).toEqual([]);
  });

  test.each([
    [
      'a float recordsLag',
      { data: { recordsLag: 1.5 }, metadata: {} },
      [{ path: '$.data.recordsLag', message: 'must be integer, string or null' }],
    ],
    ['no metadata', { data: {} }, [{ path: '$', message: "must have required property 'metadata'" }]],
    [
      'a metadata entry that is not an object',
      { data: {}, metadata: { latency: 'ms' } },
      [{ path: '$.metadata.latency', message: 'must be object' }],
    ],
    ['an array', [], [{ path: '$', message: 'must be object' }]],
  ])('rejects a 200 body with %s, by JSON path', (_name, body, errors) => {
    expect(contract.validateBody(200, body)?.errors).toEqual(errors);
  });

  test('judges 422 by the published HTTPValidationError and 404 by the overlay', () => {
    expect(contract.validateBody(422, { detail: 'bad' })).toEqual({
      source: SPEC_FILE,
      errors: [{ path: '$.detail', message: 'must be array' }],
    });
    expect(contract.validateBody(404, { detail: 'Pipeline not found' })).toEqual({ source: OVERLAY_FILE, errors: [] });
    expect(contract.validateBody(404, {})?.errors).toEqual([{ path: '$', message: "must have required property 'detail'" }]);
  });

  test('has no schema for a status no file declares', () => {
    expect(contract.validateBody(418, {})).toBeUndefined();
  });

  test('leaves the body it validates untouched', () => {
    const body = { data: {}, metadata: {} };
    contract.validateBody(200, body);
    expect(body).toEqual({ data: {}, metadata: {} });
  });

  test('reads the query parameters and the time_unit enum from the published document', () => {
    expect(contract.queryParameters.map((p) => p.name)).toEqual(['time_interval', 'time_unit', 'timestamp_from', 'timestamp_to']);
    expect(contract.queryParameters.find((p) => p.name === 'time_unit')?.enumValues).toEqual(['minute', 'hour', 'day', 'week', 'month']);
    // The one constant the code spells the enum with must be the spec's.
    expect(contract.queryParameters.find((p) => p.name === 'time_unit')?.enumValues).toEqual([...TIME_UNITS]);
  });

  test.each([
    ['', '$'],
    ['data/recordsLag', '$.data.recordsLag'],
    ['detail/0/loc', '$.detail[0].loc'],
    ['metadata/odd key', '$.metadata["odd key"]'],
  ])('writes validator path %j as JSON path %s', (path, expected) => {
    expect(toJsonPath(path)).toBe(expected);
  });
});
