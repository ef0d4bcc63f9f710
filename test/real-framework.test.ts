import { existsSync } from 'node:fs';
import { loadContract } from '../src/contract';
import { parameterSpaces } from '../src/generation/parameter-space';
import { requestDimensionCases } from '../src/generation/request-dimensions';
import type { Case } from '../src/model';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { buildRequest } from '../src/request-builder';
import { runMain } from './support/run-cli';
import { DEBIAN_PYTHON, NGINX, startFastApiBehindNginx } from './real-framework/fastapi-behind-nginx';

/**
 * The suite against a real FastAPI service (Debian's FastAPI 0.92, pydantic 1.10, uvicorn) behind
 * Debian's nginx with gzip on: everything the framework and the gateway do on their own (their
 * validation order, pydantic's date-time reading, gzip, keep-alive, nginx's own headers) is a
 * freedom the contract leaves, so the run must be green, for several pipelines. .ci/run installs both.
 */
const HAS_TOOLS = existsSync(NGINX) && existsSync('/usr/lib/python3/dist-packages/fastapi') && existsSync(DEBIAN_PYTHON);

describe('a real framework behind a real gateway', () => {
  // In CI a missing tool is a failure (.ci/run installs them); on a developer's machine, a skip that says why.
  const run = HAS_TOOLS || process.env.CI ? test : test.skip;

  run('FastAPI 0.92 behind nginx with gzip, two pipelines, a limited token: every tier green, exit 0', async () => {
    const gateway = await startFastApiBehindNginx(['6650a1b2c3d4e5f6a7b8c9d0', '6650a1b2c3d4e5f6a7b8c9d1']);
    try {
      // The gateway compresses what it proxies, so the run reads gzip as production serves it.
      const probe = await fetch(`${gateway.baseUrl}/pipelines/${gateway.pipelineIds[0]}/metrics`, {
        headers: { authorization: `Bearer ${gateway.token}`, 'accept-encoding': 'gzip' },
      });
      expect([probe.status, probe.headers.get('content-encoding'), probe.headers.get('server')?.split('/')[0]]).toEqual([
        200,
        'gzip',
        'nginx',
      ]);
      const result = await runMain([], {
        STREAMKAP_BASE_URL: gateway.baseUrl,
        STREAMKAP_TOKEN: gateway.token,
        STREAMKAP_LIMITED_TOKEN: gateway.limitedToken,
        STREAMKAP_PIPELINE_IDS: gateway.pipelineIds.join(','),
        STREAMKAP_CONCURRENCY: '8',
        STREAMKAP_MAX_RPS: '2000',
        STREAMKAP_GENERATED_REQUESTS: '200',
        STREAMKAP_SEED: '23',
      });
      expect({ code: result.code, out: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({ code: 0, out: '' });
    } finally {
      await gateway.close();
    }
  });

  run('the reference server answers every query-syntax row with the status FastAPI 0.92 gives it', async () => {
    const rows = requestDimensionCases(parameterSpaces(loadContract())).filter((c) => c.id.includes('.query-syntax.'));
    const [gateway, reference] = await Promise.all([startFastApiBehindNginx(['6650a1b2c3d4e5f6a7b8c9d0']), startReferenceServer()]);
    const statusOf = async (testCase: Case, target: { baseUrl: string; pipelineId: string; token: string }) => {
      const { url } = buildRequest(testCase, { ...target, missingPipelineId: '0'.repeat(24) });
      return (await fetch(url, { headers: { authorization: `Bearer ${target.token}` } })).status;
    };
    try {
      const answers = await Promise.all(
        rows.map(async (row) => [
          row.id,
          await statusOf(row, { baseUrl: gateway.baseUrl, pipelineId: gateway.pipelineIds[0] ?? '', token: gateway.token }),
          await statusOf(row, reference),
        ]),
      );
      expect(answers.filter(([, fastApi, ours]) => fastApi !== ours)).toEqual([]);
      // Not one answer for all: FastAPI serves some rows (empty pairs, encoded names) and refuses others (a bare name, `;`).
      expect(new Set(answers.map(([, fastApi]) => fastApi))).toEqual(new Set([200, 422]));
    } finally {
      await Promise.all([gateway.close(), reference.close()]);
    }
  });
});
