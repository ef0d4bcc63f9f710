/**
 * report.html as a person sees it: opened from disk in headless Chromium after a failing run
 * against a broken reference server, with every non-file request blocked (the page must need none).
 * UPDATE_REPORT_SCREENSHOT=1 also saves the view to docs/report.png for the README.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { FAILING_CASES, type FailingRun, HOSTILE_TEXT, TOTALS, writeFailingRun } from './failing-run';
import { CHROMIUM, describeWith } from '../support/debian-tool';
import { openIsolatedPage } from '../support/isolated-page';


const visibleCases = (page: Page, verdict: string) => page.locator(`details.case[data-verdict="${verdict}"]:visible`).count();

function browserTests(): void {
  let run: FailingRun;
  let browser: Browser;
  let page: Page;
  let blocked: string[] = [];
  let refused: string[] = [];

  beforeAll(async () => {
    run = await writeFailingRun();
    ({ browser, page, blocked, refused } = await openIsolatedPage(join(run.reportsDir, 'report.html'), { width: 1280, height: 1000 }));
  });

  afterAll(async () => {
    await browser?.close();
    await run?.server.close();
  });

  test('the top says what was checked, when, and how it went', async () => {
    const header = await page.locator('header').innerText();
    expect(header).toContain(run.server.baseUrl);
    expect(header).toContain(run.summary.startedAt);
    expect(header).toMatch(new RegExp(`${TOTALS.cases}\\s+cases`));
    expect(header).toMatch(new RegExp(`${TOTALS.failed}\\s+failed`));
    expect(header).toMatch(new RegExp(`${TOTALS.passed}\\s+passed`));
    expect(header).toMatch(new RegExp(`${TOTALS.skipped}\\s+skipped`));
  });

  test('the first case on the page is the new failure, open, with its schema error and its curl command', async () => {
    const first = page.locator('details.case').first();
    expect(await first.getAttribute('data-case')).toBe('accept.time-unit.week');
    expect(await first.getAttribute('data-verdict')).toBe('failed');
    expect(await first.locator('.change').innerText()).toBe('new failure');
    expect(await first.locator('.path').first().isVisible()).toBe(true);
    expect(await first.locator('ul.schema-errors').innerText()).toContain('$.data.recordsLag must be integer, string or null');
    const curl = first.locator('pre.curl:not(.rerun)');
    expect(await curl.isVisible()).toBe(true);
    const verdict = run.verdicts.find((v) => v.caseId === 'accept.time-unit.week');
    expect(await curl.innerText()).toBe(verdict?.curl);
    expect(await curl.innerText()).toContain('Authorization: Bearer $STREAMKAP_TOKEN');
    expect(await first.locator('pre.rerun').innerText()).toMatch(/^npx streamkap-conformance --base-url http:\/\/127\.0\.0\.1:\d+ --pipeline [0-9a-f]{24} --case accept\.time-unit\.week$/);
    // Both failures come before every other case.
    const order = await page.locator('details.case').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-verdict')));
    expect(order.slice(0, 2)).toEqual(['failed', 'failed']);
    expect(order.slice(2)).not.toContain('failed');
    expect(await page.locator('details.case[open]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-case')))).toEqual(FAILING_CASES);
  });

  test('the curl command, copied from the page, reproduces the failure once the token is exported', async () => {
    const curl = await page.locator('details.case').first().locator('pre.curl:not(.rerun)').innerText();
    expect(curl).toContain(run.server.baseUrl); // loopback only
    const { stdout } = await promisify(execFile)('bash', ['-c', curl], { env: { PATH: process.env.PATH, STREAMKAP_TOKEN: run.server.token } });
    expect(stdout).toMatch(/^HTTP\/1\.1 200/);
    expect(stdout).toContain('"recordsLag":1.5');
  });

  test('the verdict filter shows only what is ticked', async () => {
    expect(await page.locator('#shown').innerText()).toBe(`showing ${TOTALS.cases} of ${TOTALS.cases} cases`);
    await page.getByLabel(`passed (${TOTALS.passed})`).uncheck();
    expect(await visibleCases(page, 'passed')).toBe(0);
    expect(await visibleCases(page, 'failed')).toBe(TOTALS.failed);
    expect(await visibleCases(page, 'skipped')).toBe(TOTALS.skipped);
    expect(await page.locator('#shown').innerText()).toBe(`showing ${TOTALS.failed + TOTALS.skipped} of ${TOTALS.cases} cases`);
    await page.getByLabel(`failed (${TOTALS.failed})`).uncheck();
    expect(await visibleCases(page, 'failed')).toBe(0);
    expect(await page.locator('details.case[data-verdict="skipped"]:visible').innerText()).toContain('no limited credentials');
    await page.getByLabel(`failed (${TOTALS.failed})`).check();
    await page.getByLabel(`passed (${TOTALS.passed})`).check();
    expect(await visibleCases(page, 'passed')).toBe(TOTALS.passed);
  });

  test('since last night: the new failure, the old one and the fixed case are told apart', async () => {
    const since = await page.locator('#since').innerText();
    expect(since).toMatch(/NEW FAILURES \(1\)\s+accept\.time-unit\.week time_unit=week/i);
    expect(since).toMatch(/STILL FAILING \(1\)\s+accept\.time-unit\.week\.interval-2/i);
    expect(since).toMatch(/FIXED \(1\)\s+accept\.defaults/i);
  });

  test('markup a server sends is shown as text and never runs', async () => {
    const missing = page.locator('details.case[data-case="pipeline.missing"]');
    await missing.locator('summary').click();
    expect(await missing.locator('pre.body').innerText()).toContain(HOSTILE_TEXT.replace(/"/g, '\\"'));
    expect(await missing.locator('table.headers').innerText()).toContain(HOSTILE_TEXT);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
    await missing.locator('summary').click();
  });

  test('the coverage section says what was and was not observed', async () => {
    const coverage = await page.locator('#coverage').innerText();
    expect(coverage).toMatch(/time_unit=week\s+observed/);
    expect(coverage).toMatch(/500\s+not observed/);
    expect(coverage).toMatch(/\$\.data\.latency\s+string\s+not observed/);
    expect(coverage).toMatch(/\$\.data\.recordsLag\s+integer\s+observed/);
  });

  test('a screenshot of the first screen renders', async () => {
    const shot = join(run.reportsDir, 'report.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
    if (process.env.UPDATE_REPORT_SCREENSHOT === '1') copyFileSync(shot, join(__dirname, '..', '..', 'docs', 'report.png'));
  });

  test('after all of the above, the page had asked for nothing beyond its own file', () => {
    expect(blocked).toEqual([]);
    expect(refused).toEqual([]);
  });
}

describeWith(CHROMIUM, 'report.html in headless Chromium', browserTests);
