/** Contract drift through the CLI: the verdict contract.unchanged beside the cases', failing the run only with STREAMKAP_DRIFT=fail. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReferenceServer, vendoredContract } from '../../src/reference-server/reference-server';
import { runMain } from '../support/run-cli';

/** The vendored document with `week` gone from time_unit: a breaking change for a client. */
function withoutWeek(): unknown {
  const document = structuredClone(vendoredContract()) as {
    paths: Record<string, { get: { parameters: Array<{ name: string; schema: { enum?: string[] } }> } }>;
  };
  const unit = document.paths['/pipelines/{pipeline_id}/metrics']?.get.parameters.find((p) => p.name === 'time_unit');
  if (unit?.schema.enum) unit.schema.enum = unit.schema.enum.filter((v) => v !== 'week');
  return document;
}

test.each([
  ['warn', 0],
  ['fail', 1],
] as const)(
  'a breaking drift with STREAMKAP_DRIFT=%s exits %i, and shows in the console, summary.json and junit.xml',
  async (mode, code) => {
    const server = await startReferenceServer({ contract: { kind: 'document', document: withoutWeek() } });
    try {
      const run = await runMain(['--tag', 'smoke'], {
        STREAMKAP_BASE_URL: server.baseUrl,
        STREAMKAP_TOKEN: server.token,
        STREAMKAP_PIPELINE_ID: server.pipelineId,
        STREAMKAP_MAX_RPS: '1000',
        STREAMKAP_DRIFT: mode,
      });
      expect(run.code).toBe(code);
      expect(run.stdout).toContain('Contract drift: 1 breaking, 0 non-breaking difference(s)');
      const summary = JSON.parse(readFileSync(join(run.reportsDir, 'summary.json'), 'utf8'));
      expect(summary.drift).toMatchObject({ status: 'drift', breaking: 1 });
      expect(summary.drift.differences[0].message).toContain('`time_unit` no longer accepts `week`');
      // The comparison's verdict is among the cases': a failure with fail, a warning with warn.
      const verdict = summary.cases.find((c: { id: string }) => c.id === 'contract.unchanged');
      if (mode === 'fail') expect(verdict).toMatchObject({ verdict: 'failed', findings: [{ check: 'contract_unchanged' }], warnings: [] });
      else expect(verdict).toMatchObject({ verdict: 'passed', findings: [], warnings: [{ code: 'contract-drift' }] });
      expect(summary.totals.failed).toBe(mode === 'fail' ? 1 : 0);
      const junit = readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8');
      expect(junit).toContain('name="contract.unchanged: the live contract matches specs/streamkap-openapi.yaml"');
      // A drift-only failure's headline says what drifted.
      if (mode === 'fail')
        expect(run.stdout).toMatch(
          /^Exit 1: the live contract drifted \(STREAMKAP_DRIFT=fail\): parameter time_unit: `time_unit` no longer accepts `week`$/m,
        );
      if (mode === 'fail') expect(junit).toContain('type="contract_unchanged"');
      else expect(junit).not.toContain('<failure');
    } finally {
      await server.close();
    }
  },
);
