import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM } from './debian-tool';

/** As the machine's notes advise: no background networking, which this closed network would refuse many times over. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface IsolatedPage {
  browser: Browser;
  page: Page;
  /** Every request the page made beyond its own file: it must need none. */
  blocked: string[];
  /** What the page's Content-Security-Policy refused, which stops a fetch before it reaches the route. */
  refused: string[];
}

/** A file opened in headless Chromium (Debian's) with every non-file request blocked and recorded. */
export async function openIsolatedPage(
  file: string,
  viewport: { width: number; height: number },
  deviceScaleFactor = 1,
): Promise<IsolatedPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM.path, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport, deviceScaleFactor });
  const blocked: string[] = [];
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Refused to|Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  await page.goto(`file://${file}`);
  return { browser, page, blocked, refused };
}
