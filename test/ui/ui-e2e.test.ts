// The web UI end to end: a real tracelite fed by recorded OTLP from real instrumentation
// libraries (test/fixtures/captures), the built UI, headless Chromium. Screenshots go to
// test-results/ui/ (git-ignored); the ones in docs/ are copies of them.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { chromiumMissingReason, expectNoAxeViolations, launchTestBrowser, screenshot, type TestBrowser } from './browser.js';
import { buildUiIntoTempDir } from './build-ui.js';
import { makeCaptureVariant, sendOtlpJson, traceIdsOf } from './capture-variants.js';
import { findFreePort } from '../helpers/free-ports.js';
import { runInstrumentedAgent } from './live-agent.js';

const skipReason = chromiumMissingReason();
if (skipReason) console.warn(skipReason);



/** The trace ids the list shows, sorted (the order is the start times'). */
const listedTraceIds = (page: Page) => page.locator('.list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id') ?? '').sort());

describe.skipIf(skipReason !== null)('web UI in headless Chromium', () => {
  let uiDir: string;
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const ports = { grpc: 0, http: 0 };

  beforeAll(async () => {
    uiDir = await buildUiIntoTempDir();
    // A free port can be taken by a parallel test before we bind it: try again with new ones.
    for (let attempt = 1; !server; attempt++) {
      ports.grpc = await findFreePort();
      ports.http = await findFreePort();
      server = await startTestServer({
        config: {
          receivers: { otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${ports.grpc}` }, http: { endpoint: `127.0.0.1:${ports.http}` } } } },
          api: { ui_dir: uiDir },
        },
      }).catch((err: Error) => {
        if (attempt >= 3 || !/already in use/.test(err.message)) throw err;
        return undefined as unknown as TestServer;
      });
    }
    browser = await launchTestBrowser();
    page = browser.page;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (uiDir) fs.rmSync(uiDir, { recursive: true, force: true });
  });

  it('teaches with the exact endpoints, then shows the first trace live', async () => {
    await page.goto(`${server.apiUrl}/`);
    const http = page.getByTestId('otlp-http');
    await http.waitFor();
    expect(await http.textContent()).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${ports.http}`);
    expect(await page.getByTestId('otlp-grpc').textContent()).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${ports.grpc}`);
    await screenshot(page, 'empty-state');
    await expectNoAxeViolations(page);
    await sendOtlpJson(server.otlpHttpUrl, makeCaptureVariant('openai-openinference', { startMs: Date.now() - 120_000 }));
    await page.locator('.list-row', { hasText: 'weather-agent' }).first().waitFor({ timeout: 10_000 });
    // The switcher's count follows the new spans too (it shares the live stream), without focus.
    const current = page.getByLabel('Project', { exact: true }).locator('option:checked');
    await expect.poll(() => current.textContent(), { timeout: 10_000 }).toBe('default (3 traces)');
  });

  it('lists traces with previews, tokens and cost', async () => {
    const row = page.locator('.list-row').filter({ has: page.getByRole('link', { name: 'weather-agent', exact: true }) });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('310');
    expect(text).toContain('$0.0000552');
    expect(await page.locator('.list-row').count()).toBe(3);
    // Keyboard: arrows move between the rows' links.
    await page.locator('.list-row a').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement.textContent')).toBe(await page.locator('.list-row a').nth(1).textContent());
  });

  it('inserts new traces at the top live, and the search narrows the list', async () => {
    await sendOtlpJson(server.otlpHttpUrl, makeCaptureVariant('strands-openai', { sessionId: 'chat-42', userId: 'ada' }));
    await page.locator('.list-row').first().filter({ hasText: 'invoke_agent weather_agent' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'traces');
    await expectNoAxeViolations(page);
    await page.getByLabel('Search traces').fill('invoke');
    await expect.poll(() => page.locator('.list-row').count()).toBe(1);
    expect(await page.locator('.list-row').first().textContent()).toContain('invoke_agent weather_agent');
    await page.getByLabel('Search traces').fill('');
    await expect.poll(() => page.locator('.list-row').count()).toBe(4);
  });

  it('narrows by a facet', async () => {
    // Span facets (framework, model) are kept by the writer; trace-table ones (environment,
    // user, session) come from a cache that may lag new data by up to 30 s.
    await page.reload();
    await page.getByLabel('Framework').selectOption('strands');
    await expect.poll(() => page.locator('.list-row').count()).toBe(1);
    expect(await page.locator('.list-row').first().textContent()).toContain('invoke_agent weather_agent');
    await page.getByLabel('Framework').selectOption('');
    await expect.poll(() => page.locator('.list-row').count()).toBe(4);
  });

  it('opens a trace: span tree, tool call with arguments, final answer, generations', async () => {
    await page.locator('.list-row').filter({ hasText: 'invoke_agent weather_agent' }).getByRole('link').click();
    await page.waitForURL(/\/projects\/default\/traces\/[0-9a-f]{32}$/);
    const toolCall = page.locator('.tool-call', { hasText: 'Tool call: get_weather' });
    await toolCall.waitFor();
    expect(await toolCall.textContent()).toContain('"city": "Paris"');
    expect(await page.getByRole('article', { name: 'Final answer' }).textContent()).toContain('It is 18°C and sunny in Paris.');
    expect(await page.locator('table.generations tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'trace');
    await expectNoAxeViolations(page);
  });

  it('moves through the span tree with the keyboard and shows raw attributes', async () => {
    await page.locator('[role="treeitem"]').first().focus();
    await page.keyboard.press('ArrowDown');
    const selected = page.locator('[role="treeitem"][aria-selected="true"]');
    expect(await selected.getAttribute('data-span-id')).toBe(await page.locator('[role="treeitem"]').nth(1).getAttribute('data-span-id'));
    await page.locator('details[open] > summary', { hasText: 'attributes' }).waitFor();
    expect(await page.locator('details[open] .json').first().textContent()).toContain('gen_ai.');
    await page.keyboard.press('Home');
    expect(await selected.getAttribute('data-span-id')).toBe(await page.locator('[role="treeitem"]').first().getAttribute('data-span-id'));
  });

  it('keeps the trace after a reload of its URL (deep link)', async () => {
    const url = page.url();
    await page.reload();
    await page.locator('.tool-call', { hasText: 'get_weather' }).waitFor();
    expect(page.url()).toBe(url);
    expect(await page.locator('h1').textContent()).toBe('invoke_agent weather_agent');
  });

  it('shows a session: its traces in order, each turn linking to its trace', async () => {
    await sendOtlpJson(server.otlpHttpUrl, makeCaptureVariant('openai-openinference', { sessionId: 'chat-42', userId: 'ada' }));
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('link', { name: 'chat-42', exact: true }).click();
    await page.waitForURL(/\/projects\/default\/sessions\/chat-42$/);
    await page.locator('.msg.tool').first().waitFor();
    // Four traces (one Strands, three OpenInference); repeated turns appear once (API de-duplication).
    expect(await page.locator('.session-traces li').count()).toBe(4);
    expect(await page.locator('.boundary a').first().textContent()).toBe('invoke_agent weather_agent');
    expect(await page.getByRole('article', { name: 'Final answer' }).count()).toBe(1);
    await screenshot(page, 'session');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('link', { name: 'chat-42', exact: true }).waitFor();
    await screenshot(page, 'sessions');
  });

  it('deletes a trace after confirming', async () => {
    await page.goto(`${server.apiUrl}/projects/default/traces`);
    await page.getByRole('link', { name: 'weather-agent-stream' }).first().click();
    await page.locator('h1', { hasText: 'weather-agent-stream' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    const traceId = page.url().split('/').pop()!;
    await page.getByRole('button', { name: 'Delete trace' }).click();
    await page.waitForURL(/\/traces$/);
    expect((await fetch(`${server.apiUrl}/api/v1/project/default/otel/traces/${traceId}`)).status).toBe(404);
  });

  // Project "other": a tagged OpenInference capture (3 traces), a Strands one whose
  // conversation is about Lisbon, and a Strands one from another service (1 trace each).
  const other = { tagged: [] as string[], lisbon: [] as string[], concierge: [] as string[] };

  it('lists the projects with data in the switcher, with counts, and opens another one', async () => {
    const sends = {
      tagged: makeCaptureVariant('openai-openinference', { tags: ['vip', 'beta'] }),
      lisbon: makeCaptureVariant('strands-openai', { city: 'Lisbon' }),
      concierge: makeCaptureVariant('strands-openai', { serviceName: 'concierge-bot', userId: 'grace' }),
    };
    for (const [name, body] of Object.entries(sends)) {
      await sendOtlpJson(server.otlpHttpUrl, body, 'other');
      other[name as keyof typeof other] = traceIdsOf(body).sort();
    }
    const otherCount = async () => ((await (await fetch(`${server.apiUrl}/api/v1/projects`)).json()) as { data: { id: string; trace_count: number }[] })
      .data.find((p) => p.id === 'other')?.trace_count;
    await expect.poll(otherCount).toBe(5);
    // The page was loaded before "other" had data: focusing the switcher reads the list again.
    expect(page.url()).toBe(`${server.apiUrl}/projects/default/traces`);
    const switcher = page.getByLabel('Project', { exact: true });
    expect(await switcher.locator('option').allTextContents()).not.toContain('other (5 traces)');
    await switcher.focus();
    await expect.poll(() => switcher.locator('option').allTextContents()).toContain('other (5 traces)');
    expect(await switcher.inputValue()).toBe('default');
    await switcher.selectOption('other');
    await page.waitForURL(/\/projects\/other\/traces$/);
    await expect.poll(() => listedTraceIds(page)).toEqual([...other.tagged, ...other.lisbon, ...other.concierge].sort());
    expect(await switcher.inputValue()).toBe('other');
  });

  it('searches conversation text and service names on the server', async () => {
    const search = page.getByLabel('Search traces');
    expect(await search.getAttribute('placeholder')).toMatch(/text/);
    // "Lisbon" is in no name, id, user or service: only the conversation of one trace has it.
    await search.fill('lisbon');
    await expect.poll(() => listedTraceIds(page)).toEqual(other.lisbon);
    await search.fill('concierge');
    await expect.poll(() => listedTraceIds(page)).toEqual(other.concierge);
    expect(await page.locator('.list-row').first().textContent()).toContain('grace');
    await search.fill('');
    await expect.poll(() => page.locator('.list-row').count()).toBe(5);
  });

  it('narrows by a tag, and shows the tags in the rows', async () => {
    await page.getByLabel('Tags').selectOption('vip');
    await expect.poll(() => listedTraceIds(page)).toEqual(other.tagged);
    const chips = page.locator('.list-row .tag-chip');
    expect(await chips.allTextContents()).toEqual(['vip', 'beta', 'vip', 'beta', 'vip', 'beta']);
    await screenshot(page, 'traces-tags');
    await expectNoAxeViolations(page);
    await page.getByLabel('Tags').selectOption('');
    await expect.poll(() => page.locator('.list-row').count()).toBe(5);
  });

  it('shows a search the API refuses (400) as a message in the list, then recovers', async () => {
    // Its own browser: Chromium logs the refused request as a console error.
    const refused = await launchTestBrowser();
    try {
      await refused.page.goto(`${server.apiUrl}/projects/other/traces`);
      await refused.page.locator('.list-row').first().waitFor();
      const tooManyWords = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
      await refused.page.getByLabel('Search traces').fill(tooManyWords);
      const alert = refused.page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^This search cannot be run: .*at most 32/);
      expect(await refused.page.locator('.list-row').count()).toBe(0);
      await screenshot(refused.page, 'traces-search-refused');
      await expectNoAxeViolations(refused.page);
      await refused.page.getByLabel('Search traces').fill('');
      await expect.poll(() => refused.page.locator('.list-row').count()).toBe(5);
      expect(await alert.count()).toBe(0);
      expect(refused.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await refused.close();
    }
  });

  it('ages the relative start times on a timer, without reading the list again', async () => {
    const clocked = await launchTestBrowser();
    try {
      await clocked.page.clock.install();
      await clocked.page.goto(`${server.apiUrl}/projects/other/traces`);
      const firstTime = clocked.page.locator('.list-row time').first();
      await firstTime.waitFor();
      const before = await firstTime.textContent();
      let listReads = 0;
      clocked.page.on('request', (request) => { if (/\/otel\/traces\?/.test(request.url())) listReads++; });
      await clocked.page.clock.fastForward('10:00');
      await expect.poll(() => firstTime.textContent()).toMatch(/^1\dm ago$/);
      expect(before).not.toMatch(/^1\dm ago$/);
      expect(listReads).toBe(0);
      expect(clocked.errors).toEqual([]);
    } finally {
      await clocked.close();
    }
  });

  it('follows a dark system theme, with contrast that passes axe', async () => {
    const dark = await launchTestBrowser('dark');
    try {
      await dark.page.goto(`${server.apiUrl}/projects/default/traces`);
      await dark.page.locator('.list-row').first().waitFor();
      await screenshot(dark.page, 'traces-dark');
      await expectNoAxeViolations(dark.page);
      await dark.page.locator('.list-row').filter({ hasText: 'invoke_agent' }).first().getByRole('link').click();
      await dark.page.locator('.tool-call').first().waitFor();
      await screenshot(dark.page, 'trace-dark');
      await expectNoAxeViolations(dark.page);
      // Tag chips and the project switcher in the dark scheme.
      await dark.page.goto(`${server.apiUrl}/projects/other/traces`);
      await dark.page.locator('.list-row .tag-chip').first().waitFor();
      await screenshot(dark.page, 'traces-tags-dark');
      await expectNoAxeViolations(dark.page);
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('shows an agent run live through a real instrumentation library and the OTLP exporter', async () => {
    // OpenInference's OpenAI instrumentation, the openai client and the OTel SDK's exporter, now:
    // not a recording.
    await page.goto(`${server.apiUrl}/projects/live/traces`);
    await page.getByTestId('otlp-http').waitFor();
    await runInstrumentedAgent(server.otlpHttpUrl, 'live-weather-app', 'live');
    await page.locator('.list-row').first().waitFor({ timeout: 10_000 });
    await page.getByLabel('Search traces').fill('live-weather-app');
    await page.locator('.list-row').filter({ has: page.getByRole('link', { name: 'weather-agent', exact: true }) }).getByRole('link', { name: 'weather-agent', exact: true }).click();
    await page.waitForURL(/\/projects\/live\/traces\/[0-9a-f]{32}$/);
    const toolCall = page.locator('.tool-call', { hasText: 'Tool call: get_weather' });
    await toolCall.waitFor();
    expect(await toolCall.textContent()).toContain('Paris');
    expect(await page.getByRole('article', { name: 'Final answer' }).textContent()).toContain('sunny');
    expect(await page.locator('table.generations tbody tr').count()).toBeGreaterThanOrEqual(2);
  });

  it('had no page or console errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
