// Debian's chromium driven by playwright-core for the portal's browser tests, and the portal built before they run.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPortal, portalIsStale } from '../../scripts/build-portal.ts';

export const CHROMIUM = process.env.ROSTER_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'test-results/portal';

/** Launches chromium headless; fails with the command that installs it when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The portal's browser tests need chromium at ${CHROMIUM}. Install it with: apt-get install -y --no-install-recommends chromium (or set ROSTER_CHROMIUM to its path)`);
  }
  if (await portalIsStale()) await buildPortal();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A full-page screenshot under test-results/portal/, named by page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
