// Headless Chromium for the UI tests: Debian's /usr/bin/chromium driven by playwright-core,
// a fresh profile each time, no network features (this machine has no internet). Collects
// page errors and console errors so a test can assert there were none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { expect } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const chromiumMissingReason = (): string | null =>
  fs.existsSync(CHROMIUM_PATH) ? null : `${CHROMIUM_PATH} is missing (apt-get install chromium): web UI e2e skipped`;

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console.error messages, in order. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchTestBrowser(colorScheme: 'light' | 'dark' = 'light'): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH, headless: true, args: ARGS, viewport: { width: 1400, height: 900 }, colorScheme,
  });
  const errors: string[] = [];
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  return {
    context, page, errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the e2e tests save screenshots (git-ignored; docs/ui-*.png are copies). */
export const SHOTS = path.resolve('test-results/ui');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Runs axe-core in the page; the script is a string because it runs in the browser (DOM types). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')))`);
  expect(violations).toEqual([]);
}
