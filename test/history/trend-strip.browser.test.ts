/**
 * The trend strip as a person sees it: the SVG in a page under a Content-Security-Policy stricter
 * than report.html's (no styles, no scripts, nothing fetched), opened in headless Chromium with
 * every non-file request blocked. TREND_STRIP_SCREENSHOT=path also saves the strip there
 * (TREND_STRIP_SCREENSHOT=docs/trend-strip.png for the README).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderTrendSvg } from '../../src/history/trend-strip';
import { runTrend } from '../../src/history/trends';
import { night, runOf } from './runs';
import { CHROMIUM, describeWith } from '../support/debian-tool';
import { openIsolatedPage } from '../support/isolated-page';

// Six nights: two passes, a failure, a run stopped by its settings (no response time), a pass, an errored run.
const RUNS = [
  runOf(night(1), { a: 'passed', b: 'passed' }, 120),
  runOf(night(2), { a: 'passed', b: 'passed' }, 140),
  runOf(night(3), { a: 'failed', b: 'passed' }, 400),
  runOf(night(4), {}),
  runOf(night(5), { a: 'passed', b: 'passed' }, 180),
  runOf(night(6), { a: 'passed', b: 'errored' }, 160),
];

function browserTests(): void {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let blocked: string[] = [];
  let refused: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trend-strip-'));
    const svg = renderTrendSvg(runTrend(RUNS));
    const file = join(dir, 'trend.html');
    writeFileSync(
      file,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'">` +
        `<title>trend</title></head><body><h2>History</h2>${svg}</body></html>`,
    );
    ({ browser, page, blocked, refused } = await openIsolatedPage(file, { width: 640, height: 160 }, 2));
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('one coloured cell per run, oldest first, each with a label a screen reader reads', async () => {
    const strip = page.getByRole('group', {
      name: /^Last 6 runs: 3 passed, 1 failed, 2 errored; p95 response time from 120 ms to 160 ms$/,
    });
    expect(await strip.isVisible()).toBe(true);
    const items = strip.getByRole('listitem');
    expect(await items.count()).toBe(6);
    expect(await page.locator('g.run').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-outcome')))).toEqual([
      'passed',
      'passed',
      'failed',
      'errored',
      'passed',
      'errored',
    ]);
    expect(await items.nth(2).getAttribute('aria-label')).toBe('2025-06-03 03:17 UTC: failed (exit 1; 1 passed, 1 failed); p95 400 ms');
    expect(await items.nth(3).getAttribute('aria-label')).toBe('2025-06-04 03:17 UTC: errored (exit 2; no cases ran); no response time');
    const fills = await page.locator('g.run rect').evaluateAll((nodes) => nodes.map((n) => getComputedStyle(n).fill));
    expect(fills[0]).toBe(fills[1]);
    expect(new Set(fills).size).toBe(3); // passed, failed and errored look different
    // Colour is not the only signal: failed and errored cells carry a mark, passed ones none.
    expect(await page.locator('g.run[data-outcome="passed"] path').count()).toBe(0);
    expect(await page.locator('g.run[data-outcome="failed"] path').count()).toBe(1);
    expect(await page.locator('g.run[data-outcome="errored"] path').count()).toBe(2);
  });

  test('the p95 sparkline: one dot per answered run, higher for slower, broken where a run had no response time', async () => {
    const dots = page.locator('circle.p95');
    expect(await dots.count()).toBe(5);
    const heights = await Promise.all([0, 1, 2, 3, 4].map(async (i) => (await dots.nth(i).boundingBox())?.y ?? Number.NaN));
    // Screen y grows downwards: 400 ms (night 3) is the top, 120 ms (night 1) the bottom.
    expect(Math.min(...heights)).toBe(heights[2]);
    expect(Math.max(...heights)).toBe(heights[0]);
    expect(heights[1]).toBeLessThan(heights[0] as number);
    // Nights 1-3 and nights 5-6 are two lines; night 4 is a gap.
    expect(await page.locator('svg polyline').count()).toBe(2);
    expect(await page.locator('svg text').allTextContents()).toEqual(['outcome', 'p95 160 ms']);
  });

  test('the strip renders at its size, needs no network and breaks no policy', async () => {
    const box = await page.locator('svg.trend-strip').boundingBox();
    expect(box?.width).toBe(6 * 16 - 2 + 96);
    expect(box?.height).toBeGreaterThan(50);
    const shot = process.env.TREND_STRIP_SCREENSHOT ?? join(dir, 'trend.png');
    await page.locator('svg.trend-strip').screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
    expect(blocked).toEqual([]);
    expect(refused).toEqual([]);
  });
}

describeWith(CHROMIUM, 'the trend strip in headless Chromium', browserTests);
