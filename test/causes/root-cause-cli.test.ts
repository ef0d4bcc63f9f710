/**
 * Root cause first, through the CLI in this process (runMain, the direct driver): a server with
 * one fault gives one cause however many cases it breaks, a server with three faults three causes;
 * the headline names them, the console and summary.md stay short, report.html shows them first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { jsonAnswer, referenceBehaviour } from '../../src/reference-server/behaviour';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../../src/reference-server/reference-server';
import type { Summary } from '../../src/reports/summary';
import { runMain } from '../support/run-cli';
import { CHROMIUM, describeWith } from '../support/debian-tool';
import { openIsolatedPage } from '../support/isolated-page';
import { targetEnv } from '../support/target-env';

interface Run {
  code: number | null;
  lines: string[];
  dir: string;
  summary: Summary;
  markdown: string[];
}

/** The CLI in this process (runMain), with what these tests read back: its console lines and reports. */
async function runOf(args: string[], env: Record<string, string>): Promise<Run> {
  const { code, stdout, reportsDir: dir } = await runMain(args, env);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  const markdown = readFileSync(join(dir, 'summary.md'), 'utf8').trimEnd().split('\n');
  return { code, lines: stdout.split('\n').slice(0, -1), dir, summary, markdown };
}

const against = (server: ReferenceServer, args: string[] = [], extra: Record<string, string> = {}) =>
  runOf(args, targetEnv(server, { STREAMKAP_LIMITED_TOKEN: server.limitedToken, ...extra }));

const RECORDS_LAG = 'response_schema_conformance $.data.recordsLag must be integer, string or null';

/** Every 200 body sends recordsLag as 1.5, which the schema forbids. */
const oneFault: ReferenceServerOptions = {
  behaviour: {
    finish: (answer) => {
      if (answer.status !== 200) return answer;
      const body = JSON.parse(String(answer.body)) as { data: Record<string, unknown> };
      return jsonAnswer(200, { ...body, data: { ...body.data, recordsLag: 1.5 } });
    },
  },
};

/** Three unrelated faults: a bad metric for daily data, 400 for an unknown pipeline, text/plain on validation errors. */
const threeFaults: ReferenceServerOptions = {
  behaviour: {
    finish: (answer, request) => {
      if (answer.status === 200 && request.query.get('time_unit') === 'day') {
        const body = JSON.parse(String(answer.body)) as { data: Record<string, unknown> };
        return jsonAnswer(200, { ...body, data: { ...body.data, latency: true } });
      }
      if (answer.status === 404) return { ...answer, status: 400 };
      if (answer.status === 422) return { ...answer, headers: { ...answer.headers, 'content-type': 'text/plain' } };
      return answer;
    },
  },
};

/** A reversed window crashes the request handler before the pipeline is looked up or the grant checked: 500 whatever the id or credential. */
const reversedWindowCrash: ReferenceServerOptions = {
  behaviour: {
    finish: (answer, request) => {
      const from = Date.parse(request.query.get('timestamp_from') ?? '');
      const to = Date.parse(request.query.get('timestamp_to') ?? '');
      return from > to ? jsonAnswer(500, { detail: 'Internal Server Error' }) : answer;
    },
  },
};

/** A request without Authorization is served the metrics; every other credential is refused as it should be. */
const anonymousServed: ReferenceServerOptions = {
  behaviour: {
    authorize: (authorization, tokens) => (authorization === undefined ? 'granted' : referenceBehaviour.authorize(authorization, tokens)),
  },
};

const exitLine = (run: Run) => run.lines.find((line) => line.startsWith('Exit '));
const countWord = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

describe('one fault that every 200 answer shows', () => {
  let server: ReferenceServer;
  let run: Run;
  beforeAll(async () => {
    server = await startReferenceServer(oneFault);
    run = await against(server);
  }, 60_000);
  afterAll(() => server.close());

  test('one cause, from tables, coverage and properties alike, reproduced by the defaults request', () => {
    expect(run.code).toBe(1);
    expect(run.summary.causes).toHaveLength(1);
    const [cause] = run.summary.causes;
    const failed = run.summary.cases.filter((c) => c.verdict === 'failed');
    expect(cause).toMatchObject({ title: RECORDS_LAG, cases: failed.length, origins: ['table', 'coverage', 'property'] });
    expect(cause?.caseIds).toEqual(failed.map((c) => c.id));
    // A property counts each of its requests that hit it.
    expect(cause?.requests).toBeGreaterThan(cause?.cases ?? Infinity);
    // The rerun command reruns it where it ran: the target and pipeline, the credentials from the environment.
    expect(cause?.smallest).toMatchObject({
      caseId: 'accept.defaults',
      rerun: expect.stringMatching(
        /^npx streamkap-conformance --base-url http:\/\/127\.0\.0\.1:\d+ --pipeline [0-9a-f]{24} --case accept\.defaults$/,
      ),
    });
    expect(cause?.smallest.curl).toMatch(/\/metrics' -H/);
  });

  test('the headline names the cause, the count and the first case', () => {
    expect(exitLine(run)).toBe(`Exit 1: 1 cause, ${run.summary.totals.failed} cases: ${RECORDS_LAG} (first: accept.defaults)`);
    expect(run.summary.totals.failed).toBeGreaterThan(20);
  });

  test('the console: the cause first after the run, no per-case lines past 20 failures, a line per tier', () => {
    const first = run.lines.findIndex((line) => line.startsWith('1 cause of failure'));
    expect(first).toBeGreaterThan(-1);
    expect(run.lines[first + 1]).toBe(`✗ ${RECORDS_LAG}`);
    expect(run.lines).toContainEqual(
      expect.stringMatching(
        /^ {4}rerun: npx streamkap-conformance --base-url http:\/\/127\.0\.0\.1:\d+ --pipeline [0-9a-f]{24} --case accept\.defaults$/,
      ),
    );
    expect(run.lines.filter((line) => /^✗ failed /.test(line))).toEqual([]);
    expect(run.lines).toContain(
      `${run.summary.totals.failed} cases failed or errored: too many to list here; each is in ${run.dir}/summary.md and ${run.dir}/report.html (--verbose prints every case here).`,
    );
    const tables = run.summary.cases.filter((c) => c.tier === 'accept' && c.origin === undefined);
    expect(run.lines).toContain(`accept 0/${tables.length} ✗ (${tables.length} failed)`);
    expect(run.lines.length).toBeLessThanOrEqual(40);
  });

  test('summary.md fits one screen: the cause, then a capped list of cases, and a link to report.html', () => {
    expect(run.markdown.length).toBeLessThanOrEqual(60);
    const causes = run.markdown.indexOf('### Causes (1)');
    const cases = run.markdown.findIndex((line) => line.startsWith('### Failed or errored cases'));
    expect(causes).toBeGreaterThan(-1);
    expect(cases).toBeGreaterThan(causes);
    expect(run.markdown.join('\n')).toContain('more in report.html');
    expect(run.markdown.join('\n')).toContain('[`report.html`](report.html)');
  });

  test('events.ndjson carries the cause, before the run-finished line', () => {
    const events = readFileSync(join(run.dir, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; title?: string; cases?: number });
    const causes = events.filter((e) => e.event === 'cause-found');
    expect(causes).toEqual([expect.objectContaining({ rank: 1, title: RECORDS_LAG, cases: run.summary.totals.failed })]);
    expect(events.at(-1)?.event).toBe('run-finished');
  });

  test('junit.xml keeps one testcase per case; a property takes the time of all its requests', () => {
    const junit = readFileSync(join(run.dir, 'junit.xml'), 'utf8');
    // The cases, the live contract's verdict among them.
    expect(junit.match(/<testcase /g)).toHaveLength(run.summary.totals.cases);
    for (const property of run.summary.cases.filter((c) => c.generated)) {
      const time = new RegExp(`name="${property.id.replace(/\./g, '\\.')}: [^"]*" time="([\\d.]+)"`).exec(junit)?.[1];
      expect(Number(time)).toBeCloseTo(property.durationMs / 1000, 3);
    }
  });
});

describe('one fault, one cause, named by what the server reacts to', () => {
  test('metrics served without credentials: one cause naming the missing credential, the leak with it, on one screen', async () => {
    const server = await startReferenceServer(anonymousServed);
    try {
      const run = await against(server, [], { STREAMKAP_SEED: '1' });
      expect(run.code).toBe(1);
      expect(run.summary.causes.map((c) => c.title)).toEqual([
        'auth_enforced (auth none): expected 401 or 403, got 2xx (also no_metrics_leaked)',
      ]);
      expect(run.lines.length).toBeLessThanOrEqual(40);
    } finally {
      await server.close();
    }
  }, 60_000);

  test('a crash on a reversed window: one cause, not one per pipeline id or credential that sent the window too', async () => {
    const server = await startReferenceServer(reversedWindowCrash);
    try {
      const run = await against(server, [], { STREAMKAP_SEED: '1' });
      expect(run.code).toBe(1);
      // The requests that vary the id or the credential sent a reversed window too, and crashed with the rest.
      const crashed = run.summary.cases.filter((c) => c.verdict === 'failed');
      const variesDimension =
        /^(pipeline\.|auth\.|generated\.coverage\.(auth|pipeline|credential)\.|generated\.property\.(refusal|unknown-pipeline|hostile-id)-ignores-query$)/;
      expect(crashed.map((c) => c.id).filter((id) => variesDimension.test(id))).not.toEqual([]);
      expect(run.summary.causes).toHaveLength(1);
      expect(run.summary.causes[0]?.title).toMatch(/^not_a_server_error: expected no 5xx, got 5xx/);
      // The credential and the id are not what the server reacts to: the title does not name them.
      expect(run.summary.causes[0]?.title).not.toMatch(/\((auth [a-z-]+|[a-z]+ pipeline id)[,)]/);
    } finally {
      await server.close();
    }
  }, 60_000);
});

test('a green embedded run: a line per tier, the headline and where the reports are, in at most 30 lines', async () => {
  // No settings: the embedded reference server.
  const { code, lines, summary } = await runOf([], {});
  expect(code).toBe(0);
  expect(lines.length).toBeLessThanOrEqual(30);
  const accept = summary.cases.filter((c) => c.tier === 'accept' && c.origin === undefined).length;
  const properties = summary.cases.filter((c) => c.origin === 'property');
  const requests = properties.reduce((sum, c) => sum + (c.generated?.requests ?? 0), 0);
  expect(lines).toContain(`accept ${accept}/${accept} ✓`);
  expect(lines).toContain(`generated ${properties.length} properties, ${requests} requests ✓`);
  expect(lines.filter((line) => line.startsWith('✓ passed'))).toEqual([]);
  expect(lines).toContain('Exit 0: Passed: every case that ran honoured the contract.');
  expect(lines).toContainEqual(expect.stringMatching(/^Reports: .*report\.html/));
}, 60_000);

describe('three faults', () => {
  let server: ReferenceServer;
  let run: Run;
  beforeAll(async () => {
    server = await startReferenceServer(threeFaults);
    run = await against(server);
  }, 60_000);
  afterAll(() => server.close());

  test('three causes, each once, with its own simplest request', () => {
    expect(run.code).toBe(1);
    const titles = run.summary.causes.map((c) => c.title).sort();
    expect(titles).toEqual([
      'json_labelled_as_json: JSON labelled as another media type',
      'response_schema_conformance $.data.latency must be number, string or null',
      'unknown_pipeline_not_found (missing pipeline id): expected 404, got 4xx',
    ]);
    const byTitle = new Map(run.summary.causes.map((c) => [c.title, c]));
    expect(byTitle.get('unknown_pipeline_not_found (missing pipeline id): expected 404, got 4xx')?.smallest.caseId).toBe(
      'pipeline.missing',
    );
    // One parameter, the canonical interval: time_unit=day alone.
    expect(byTitle.get('response_schema_conformance $.data.latency must be number, string or null')?.smallest.curl).toMatch(
      /metrics\?time_unit=day'/,
    );
    // Every failed case is under at least one cause.
    const covered = new Set(run.summary.causes.flatMap((c) => c.caseIds));
    for (const c of run.summary.cases.filter((c) => c.verdict === 'failed')) expect(covered).toContain(c.id);
  });

  test('the headline names all three; the console and summary.md stay within their limits', () => {
    const [a, b, c] = run.summary.causes;
    expect(exitLine(run)).toBe(
      `Exit 1: 3 causes, ${countWord(run.summary.totals.failed, 'case')}: ${a?.title} (first: ${a?.caseIds[0]}); ${b?.title} (first: ${b?.caseIds[0]}); ${c?.title} (first: ${c?.caseIds[0]})`,
    );
    expect(run.lines.length).toBeLessThanOrEqual(50);
    expect(run.markdown.length).toBeLessThanOrEqual(60);
  });

  test('against a baseline, a smoke run lists its few failures a line each, marked still failing, and --verbose prints every case', async () => {
    const baseline = join(run.dir, 'summary.json');
    const again = await against(server, ['--tag', 'smoke'], { STREAMKAP_BASELINE_REPORT: baseline });
    expect(again.code).toBe(1);
    const failed = again.summary.cases.filter((c) => c.verdict === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      expect(again.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^✗ failed  ${c.id.replace(/\./g, '\\.')}  HTTP \\d+ \\(\\d+ ms\\)  \\[still failing\\]: `)),
      );
    }
    expect(again.lines.filter((line) => line.startsWith('✓ passed'))).toEqual([]);
    expect(again.lines).toContainEqual(expect.stringMatching(/^✗ .*\[still failing\]$/));

    const verbose = await against(server, ['--tag', 'smoke', '--verbose']);
    expect(verbose.lines.filter((line) => /^[✓✗!-] (passed|failed|errored|skipped) /.test(line))).toHaveLength(
      verbose.summary.totals.cases,
    );
    expect(verbose.lines).toContainEqual(expect.stringMatching(/^ {4}reproduce: curl /));
  }, 60_000);

  describeWith(CHROMIUM, 'report.html in headless Chromium at 1400x900', () => {
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      ({ browser, page } = await openIsolatedPage(join(run.dir, 'report.html'), { width: 1400, height: 900 }));
    });
    afterAll(() => browser?.close());

    test('the causes come first, the first one within the first screen; the chart and the cases after', async () => {
      const top = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y ?? Infinity;
      const first = await page.locator('details.cause').first().locator('summary').boundingBox();
      expect(first).not.toBeNull();
      expect((first?.y ?? Infinity) + (first?.height ?? 0)).toBeLessThanOrEqual(900);
      expect(await page.locator('details.cause').count()).toBe(3);
      expect(await top('#causes')).toBeLessThan(await top('#response-times'));
      expect(await top('#response-times')).toBeLessThan(await top('#cases'));
    });

    test('each cause opens into its cases, which link to their evidence', async () => {
      const last = page.locator('details.cause').last();
      await last.locator('summary').click();
      const cause = run.summary.causes.at(-1);
      expect(await last.locator('ul.cause-cases a').count()).toBe(cause?.cases);
      const href = await last.locator('ul.cause-cases a').first().getAttribute('href');
      expect(await page.locator(`details.case[id="${href?.slice(1).replace(/^case-/, 'case-')}"]`).count()).toBe(1);
    });

    test('no horizontal scrollbar, no "within budget" without a budget, tier labels apart', async () => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      expect(await page.locator('svg.response-time-chart g.legend').innerHTML()).not.toContain('within budget');
      const boxes = await page.locator('svg.response-time-chart text.tier-label').evaluateAll((nodes) =>
        nodes.map((n) => {
          const r = n.getBoundingClientRect();
          return { left: r.left, right: r.right };
        }),
      );
      // With hundreds of bars only the coverage phase's group is wide enough for a name; none may overlap.
      expect(boxes.length).toBeGreaterThan(0);
      for (let i = 1; i < boxes.length; i += 1) expect(boxes[i]?.left ?? 0).toBeGreaterThanOrEqual(boxes[i - 1]?.right ?? Infinity);
    });
  });
});
