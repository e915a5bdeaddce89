// The web UI with auth on (auth.mode keys): the API's 401 brings up the key prompt, the key
// is kept in sessionStorage (this tab only) and sent as a Bearer token, and the live stream
// (read with fetch, since EventSource cannot send headers) works with it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { chromiumMissingReason, launchTestBrowser, type TestBrowser } from './browser.js';
import { buildUiIntoTempDir } from './build-ui.js';
import { makeCaptureVariant } from './capture-variants.js';

const skipReason = chromiumMissingReason();

describe.skipIf(skipReason !== null)('web UI with auth on', () => {
  let uiDir: string;
  let server: TestServer;
  let browser: TestBrowser;
  let secret: string;

  const sendAs = async (caseName: string) => {
    const res = await fetch(`${server.otlpHttpUrl}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(makeCaptureVariant(caseName)),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    uiDir = await buildUiIntoTempDir();
    server = await startTestServer({ config: { api: { ui_dir: uiDir }, auth: { mode: 'keys', key_cache_seconds: 0 } } });
    const db = new Database(server.dbPath);
    db.pragma('busy_timeout = 5000');
    createProject(db, 'alpha');
    secret = createApiKey(db, { projectId: 'alpha', role: 'developer', owner: 'ui-test' }).secretKey;
    db.close();
    await sendAs('openai-openinference');
    browser = await launchTestBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (uiDir) fs.rmSync(uiDir, { recursive: true, force: true });
  });

  it('asks for a key on 401, keeps it for the tab, and lists and streams with it', async () => {
    const { page } = browser;
    await page.goto(`${server.apiUrl}/projects/alpha/traces`);
    await page.getByRole('dialog', { name: 'This tracelite needs a key' }).waitFor();
    await page.getByLabel('Key', { exact: true }).fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'weather-agent', exact: true }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('tracelite.apiKey')")).toBe(secret);
    await sendAs('strands-openai');
    await page.getByRole('link', { name: 'invoke_agent weather_agent' }).waitFor({ timeout: 10_000 });
    // Only the 401s before the key was given may be logged.
    expect(browser.errors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});
