/**
 * The response-time chart as a person sees it: inline in a page under report.html's
 * Content-Security-Policy, opened from disk in headless Chromium with every non-file request
 * blocked. The screenshot is left in the test's temporary folder (its path is logged on failure).
 */
import { CSP } from '../../src/reports/html-report';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Outcome, Tier } from '../../src/model';
import { type ChartCase, renderResponseTimeChart } from '../../src/reports/response-time-chart';
import { CHROMIUM, describeWith } from '../support/debian-tool';
import { openIsolatedPage } from '../support/isolated-page';

// report.html's policy (src/reports/html-report.ts): the chart must need nothing it forbids.

const TIERS: [Tier, number][] = [
  ['accept', 16],
  ['reject', 17],
  ['boundary', 10],
  ['auth', 4],
  ['not-found', 1],
  ['hostile-id', 5],
];
const BUDGETS = { degradedMs: 300, maxResponseMs: 600 };

/** A run's worth of cases: mostly quick, two degraded, two over the max, one skipped, one errored. */
function run(): ChartCase[] {
  const cases: ChartCase[] = [];
  for (const [tier, count] of TIERS) {
    for (let i = 0; i < count; i += 1) cases.push({ caseId: `${tier}.${i}`, tier, durationMs: 20 + ((i * 37) % 110), outcome: 'passed' as Outcome });
  }
  const set = (id: string, durationMs: number, outcome: Outcome = 'passed') => Object.assign(cases.find((c) => c.caseId === id) ?? {}, { durationMs, outcome });
  set('accept.3', 420);
  set('reject.5', 350);
  set('boundary.2', 720, 'failed');
  set('auth.1', 640, 'failed');
  set('auth.3', 0, 'skipped');
  set('hostile-id.4', 250, 'errored');
  return cases;
}

function chartTests(): void {
  let browser: Browser;
  let page: Page;
  let shot: string;
  let blocked: string[] = [];
  let refused: string[] = [];
  const cases = run();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'response-time-chart-'));
    shot = join(dir, 'response-time-chart.png');
    const file = join(dir, 'chart.html');
    const chart = renderResponseTimeChart(cases, { budgets: BUDGETS, idPrefix: 'rt' }).text;
    writeFileSync(
      file,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>chart</title></head>` +
        `<body style="font: 14px system-ui; margin: 20px; max-width: 1200px"><h2>Response times</h2>${chart}</body></html>`,
    );
    ({ browser, page, blocked, refused } = await openIsolatedPage(file, { width: 1240, height: 420 }));
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the chart is an image with a name that says what it shows', async () => {
    const chart = page.getByRole('img', { name: /Response time per case, in run order/ });
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(1000);
    expect(box?.height).toBeGreaterThan(250);
    expect(await chart.getAttribute('aria-label')).toBe(
      'Response time per case, in run order. 52 cases, slowest 720 ms; 2 degraded (over 300 ms); 2 over the max budget of 600 ms.',
    );
  });

  test('one bar per case sent, coloured by budget, each with its case in a tooltip', async () => {
    expect(await page.locator('rect.bar').count()).toBe(52);
    expect(await page.locator('rect.bar.over').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-case')))).toEqual(['boundary.2', 'auth.1']);
    expect(await page.locator('rect.bar.degraded').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-case')))).toEqual(['accept.3', 'reject.5']);
    expect(await page.locator('rect.bar.unanswered').count()).toBe(1);
    expect(await page.locator('rect.bar[data-case="boundary.2"] title').textContent()).toBe('boundary.2: 720 ms (boundary, failed, over the max budget)');
  });

  test('the budget lines are drawn where the bars cross them, and labelled', async () => {
    expect(await page.locator('text.budget-label.degraded').textContent()).toBe('degraded 300 ms');
    expect(await page.locator('text.budget-label.max').textContent()).toBe('max 600 ms');
    const top = async (selector: string) => (await page.locator(selector).boundingBox())?.y ?? Number.NaN;
    const maxLine = await top('line.budget.max');
    const degradedLine = await top('line.budget.degraded');
    expect(maxLine).toBeLessThan(degradedLine);
    expect(await top('rect.bar[data-case="boundary.2"]')).toBeLessThan(maxLine);
    const degradedBar = await top('rect.bar[data-case="accept.3"]');
    expect(degradedBar).toBeGreaterThan(maxLine);
    expect(degradedBar).toBeLessThan(degradedLine);
    expect(await top('rect.bar[data-case="accept.0"]')).toBeGreaterThan(degradedLine);
  });

  test('the tiers are named under their bars, where the name fits, never running into each other', async () => {
    const labels = await page.locator('g.tiers text').allTextContents();
    // not-found's one bar is too narrow for its name, and hostile-id's five bars for its own.
    expect(labels).toEqual(['accept', 'reject', 'boundary', 'auth']);
    const boxes = await page.locator('g.tiers text').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => [r.left, r.right]));
    for (let i = 1; i < boxes.length; i += 1) expect(boxes[i]?.[0]).toBeGreaterThan(boxes[i - 1]?.[1] ?? Infinity);
    // Each name within the line under its own bars.
    const spans = await page.locator('g.tiers line').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => [r.left, r.right]));
    const named = spans.filter((_, i) => i !== 4 && i !== 5);
    boxes.forEach((box, i) => {
      expect(box[0]).toBeGreaterThanOrEqual(named[i]?.[0] ?? Infinity);
      expect(box[1]).toBeLessThanOrEqual(named[i]?.[1] ?? -Infinity);
    });
  });

  test('a screenshot renders, and the page asked for nothing beyond its own file', async () => {
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(blocked).toEqual([]);
    expect(refused).toEqual([]);
  });
}

describeWith(CHROMIUM, 'the response-time chart in headless Chromium', chartTests);
