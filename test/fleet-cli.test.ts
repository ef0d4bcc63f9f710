/**
 * A fleet through the real CLI: several pipelines, the history across runs, metrics.prom checked
 * by promtool, and the push to a real Pushgateway (Debian's, started here on 127.0.0.1).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { CONTRACT_VERDICT_ID } from '../src/drift/check-drift';
import { jsonAnswer } from '../src/reference-server/behaviour';
import { type ReferenceServer, startReferenceServer } from '../src/reference-server/reference-server';
import { consoleTo } from './support/console-capture';
import { PROMTOOL, PUSHGATEWAY, pushgatewayArguments, pushgatewayReady } from './support/debian-tool';
import { runMain } from './support/run-cli';
import { targetEnv } from './support/target-env';

const readJson = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const OTHER_PIPELINE = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** A server that knows two pipelines; `broken` decides, per pipeline, whether its metrics are malformed. */
async function twoPipelineServer(broken: (pipelineId: string) => boolean): Promise<ReferenceServer> {
  return startReferenceServer({
    otherPipelineIds: [OTHER_PIPELINE],
    behaviour: {
      finish: (answer, request) =>
        answer.status === 200 && broken(request.pipelineId) ? jsonAnswer(200, { data: 'not metrics' }) : answer,
    },
  });
}

describe('several pipelines', () => {
  test('what depends on a pipeline runs for each, the rest once; totals per pipeline; one failing, one passing', async () => {
    const server = await twoPipelineServer((id) => id === OTHER_PIPELINE);
    try {
      const pipelines = `${server.pipelineId},${OTHER_PIPELINE}`;
      const run = await runMain(['--pipeline', pipelines, '--tag', 'smoke'], targetEnv(server));
      expect(run.code).toBe(1);
      const summary = readJson(run.reportsDir, 'summary.json');
      // The id stays the table's; the pipeline is a field of its own, in the reports and the metrics.
      const cases: Array<{ id: string; pipelineId?: string }> = summary.cases;
      expect(cases.filter((c) => c.id === 'accept.defaults').map((c) => c.pipelineId)).toEqual([server.pipelineId, OTHER_PIPELINE]);
      expect(cases.filter((c) => c.id.includes('@'))).toEqual([]);
      // What runs once runs with the first pipeline, and says so.
      expect(cases.filter((c) => c.id === 'auth.missing').map((c) => c.pipelineId)).toEqual([server.pipelineId]);
      const metrics = readFileSync(join(run.reportsDir, 'metrics.prom'), 'utf8');
      for (const pipeline of [server.pipelineId, OTHER_PIPELINE]) {
        expect(metrics).toContain(
          `streamkap_conformance_case_outcome{case="accept.defaults",tier="accept",pipeline="${pipeline}",outcome=`,
        );
      }
      expect(metrics).not.toMatch(/case="[^"]*@/);
      // A rerun command reruns the case where it ran: this target, this pipeline (the token stays in the environment).
      expect(run.stdout).toContain(
        `npx streamkap-conformance --base-url ${server.baseUrl} --pipeline ${OTHER_PIPELINE} --case accept.defaults`,
      );
      // The headline names every pipeline the run checked, not only the first.
      expect(run.stdout).toMatch(new RegExp(`^Target: ${server.baseUrl}, pipelines ${server.pipelineId}, ${OTHER_PIPELINE}$`, 'm'));
      // Per pipeline, what was sent with it: the first also ran what runs once (all of it passing here).
      const perPipeline = cases.filter((c) => c.pipelineId === OTHER_PIPELINE).length;
      const withFirst = cases.filter((c) => c.pipelineId === server.pipelineId).length;
      expect(withFirst).toBeGreaterThan(perPipeline);
      expect(summary.totalsByPipeline[server.pipelineId]).toMatchObject({ failed: 0, passed: withFirst });
      expect(summary.totalsByPipeline[OTHER_PIPELINE]).toMatchObject({ failed: perPipeline, passed: 0 });
      expect(run.stdout).toContain(`Pipeline ${OTHER_PIPELINE}: 0 passed, ${perPipeline} failed`);
    } finally {
      await server.close();
    }
  });

  test('every case of a run over several pipelines names its pipeline: metrics.prom (promtool), summary, junit, events', async () => {
    const server = await twoPipelineServer(() => false);
    try {
      const pipelines = [server.pipelineId, OTHER_PIPELINE];
      const run = await runMain(
        ['--pipeline', pipelines.join(','), '--tag', 'smoke', '--tag', 'auth', '--tag', 'pipelines'],
        targetEnv(server),
      );
      expect(run.code).toBe(0);
      const metrics = readFileSync(join(run.reportsDir, 'metrics.prom'), 'utf8');
      const check = spawnSync(PROMTOOL.path, ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
      expect([check.status, check.stdout + check.stderr]).toEqual([0, '']);
      const series = [...metrics.matchAll(/^streamkap_conformance_case_outcome\{case="([^"]*)",[^}]*pipeline="([^"]*)"/gm)];
      const summary = readJson(run.reportsDir, 'summary.json');
      const sent: Array<{ id: string; pipelineId?: string }> = summary.cases.filter((c: { id: string }) => c.id !== CONTRACT_VERDICT_ID);
      // One series a case, and every case that sent a request to a pipeline names it; only the live contract's names none.
      expect(series).toHaveLength(summary.cases.length);
      expect(series.filter(([, id, pipeline]) => id !== CONTRACT_VERDICT_ID && !pipelines.includes(pipeline ?? ''))).toEqual([]);
      expect(sent.filter((c) => !pipelines.includes(c.pipelineId ?? ''))).toEqual([]);
      const events = readFileSync(join(run.reportsDir, 'events.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; pipeline?: string; pipelines?: string[] });
      expect(events.find((e) => e.event === 'run-started')?.pipelines).toEqual(pipelines);
      const finished = events.filter((e) => e.event === 'case-finished');
      expect(finished.length).toBeGreaterThan(0);
      expect(finished.filter((e) => !pipelines.includes(e.pipeline ?? ''))).toEqual([]);
      const junitNames = [...readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8').matchAll(/<testcase [^>]*name="([^"]*)"/g)].map(
        (m) => m[1],
      );
      expect(
        junitNames.filter((name) => !name?.startsWith(CONTRACT_VERDICT_ID) && !pipelines.some((p) => name?.includes(`@${p}:`))),
      ).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('an unknown pipeline in the list stops the run before any case, naming it', async () => {
    const server = await twoPipelineServer(() => false);
    try {
      const errors: string[] = [];
      const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
      try {
        const env = {
          ...targetEnv(server),
          STREAMKAP_PIPELINE_ID: '',
          STREAMKAP_PIPELINE_IDS: `${server.pipelineId},cccccccccccccccccccccccc`,
          STREAMKAP_REPORTS_DIR: mkdtempSync(join(tmpdir(), 'fleet-')),
        };
        expect(await main([], env, consoleTo())).toBe(2);
      } finally {
        spy.mockRestore();
      }
      expect(errors.join('\n')).toContain(
        'pipeline cccccccccccccccccccccccc (STREAMKAP_PIPELINE_ID or STREAMKAP_PIPELINE_IDS) is not a pipeline this token can see',
      );
    } finally {
      await server.close();
    }
  });
});

describe('the history across runs', () => {
  test('failing since, flaky, the trend in every report; a corrupt file is a setting error', async () => {
    let failing = false;
    const server = await twoPipelineServer(() => failing);
    const dir = mkdtempSync(join(tmpdir(), 'history-'));
    const historyFile = join(dir, 'history.json');
    const night = async (fails: boolean) => {
      failing = fails;
      return runMain(['--case', 'accept.defaults', '--case', 'auth.missing'], targetEnv(server, { STREAMKAP_HISTORY_FILE: historyFile }));
    };
    try {
      expect((await night(false)).code).toBe(0);
      expect((await night(true)).code).toBe(1);
      const third = await night(true);
      const defaults = readJson(third.reportsDir, 'summary.json').cases.find((c: { id: string }) => c.id === 'accept.defaults');
      expect(defaults.failingSince).toMatch(/^failing since \d{4}-\d{2}-\d{2} \(2 runs\)$/);
      // The history's last run is the baseline: a case failing then and now is "still failing".
      expect(defaults.change).toBe('still-failing');
      const fourth = await night(false);
      // A failure that came once and was fixed is a fix, not a flake.
      expect(readJson(fourth.reportsDir, 'summary.json').history.flaky).toEqual([]);
      const fifth = await night(true);
      const summary = readJson(fifth.reportsDir, 'summary.json');
      expect(summary.history.runs).toBe(5);
      expect(summary.history.flaky.map((f: { key: string }) => f.key)).toEqual(['accept.defaults']);
      expect(readFileSync(join(fifth.reportsDir, 'summary.md'), 'utf8')).toMatch(/Trend \(last 5\): ✅❌❌✅❌/);
      expect(readFileSync(join(fifth.reportsDir, 'report.html'), 'utf8')).toContain('<section id="trend">');
      expect(fifth.stdout).toMatch(/^Trend \(last 5\): /m);

      writeFileSync(historyFile, '{"format":"streamkap-metrics-conformance-history","version":1,"runs":[{"half":');
      const corrupt = await night(false);
      expect(corrupt.code).toBe(2);
      expect(corrupt.stderr).toContain('STREAMKAP_HISTORY_FILE');
    } finally {
      await server.close();
    }
  });
});

describe('metrics for alerting', () => {
  const havePromtool = existsSync(PROMTOOL.path);
  const havePushgateway = existsSync(PUSHGATEWAY.path);
  let gateway: ChildProcess | undefined;
  let gatewayUrl = '';
  let server: ReferenceServer;

  beforeAll(async () => {
    server = await startReferenceServer();
    if (!havePushgateway) return;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    gatewayUrl = `http://127.0.0.1:${port}`;
    gateway = spawn(PUSHGATEWAY.path, pushgatewayArguments(port), { stdio: 'ignore' });
    await pushgatewayReady(gatewayUrl, gateway);
  });
  afterAll(async () => {
    gateway?.kill('SIGTERM');
    await server.close();
  });

  (havePromtool && havePushgateway ? test : process.env.CI ? test : test.skip)(
    'a run writes metrics.prom that promtool accepts, and pushes the same series to a real Pushgateway',
    async () => {
      expect(havePromtool && havePushgateway).toBe(true);
      const run = await runMain(['--tag', 'smoke'], targetEnv(server, { STREAMKAP_PUSHGATEWAY_URL: gatewayUrl }));
      expect(run.code).toBe(0);
      const text = readFileSync(join(run.reportsDir, 'metrics.prom'), 'utf8');
      const check = spawnSync(PROMTOOL.path, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect([check.status, check.stdout + check.stderr]).toEqual([0, '']);
      expect(text).toMatch(/^streamkap_conformance_run_exit_code 0$/m);
      const scraped = await (await fetch(`${gatewayUrl}/metrics`)).text();
      expect(scraped).toMatch(
        new RegExp(
          `streamkap_conformance_run_exit_code\\{[^}]*job="streamkap_conformance"[^}]*target="${server.baseUrl.replace(/[.]/g, '\\.')}"[^}]*\\} 0`,
        ),
      );
      expect(scraped).toMatch(/streamkap_conformance_case_outcome\{[^}]*case="accept\.defaults"/);
      expect(run.stdout).toContain(`Metrics pushed to ${gatewayUrl}/metrics/job/streamkap_conformance`);
    },
  );

  test('a push that fails is a warning on the console and in the reports, never a changed verdict', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const run = await runMain(
      ['--case', 'accept.defaults'],
      targetEnv(server, { STREAMKAP_PUSHGATEWAY_URL: `http://127.0.0.1:${port}`, STREAMKAP_RETRIES: '0' }),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: .*127\.0\.0\.1/);
    expect(readJson(run.reportsDir, 'summary.json').metricsPush).toMatchObject({ pushed: false, warning: expect.any(String) });
    expect(readFileSync(join(run.reportsDir, 'summary.md'), 'utf8')).toContain('⚠️');
  });
});
