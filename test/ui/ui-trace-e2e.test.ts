// The trace view of a large trace end to end (issue #20: a 500-span trace must stay fast):
// a generated 501-span OTLP trace (an agent, 125 turns of chat + tool + HTTP call, in a
// session) sent to a real tracelite, the built UI, headless Chromium. Checks that the span
// tree is windowed (a bounded number of rows in the DOM) yet still a keyboard tree — End
// reaches and shows the last span, focus survives scrolling it away, Left goes up — that
// selecting shows the details, and that "Jump to final answer" lands on it, in the trace
// and in the session. axe-core runs on the big trace in both colour schemes. Screenshots go
// to test-results/ui/ (git-ignored).
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { chromiumMissingReason, expectNoAxeViolations, launchTestBrowser, screenshot, type TestBrowser } from './browser.js';
import { buildUiIntoTempDir } from './build-ui.js';
import { sendOtlpJson } from './capture-variants.js';

const PROJECT = 'big';
const TURNS = 125;
const SPAN_COUNT = 1 + TURNS * 4;
const FINAL_ANSWER = `All ${TURNS} turns are done.`;
const skipReason = chromiumMissingReason();
if (skipReason) console.warn(skipReason);

type Attr = { key: string; value: { stringValue: string } | { intValue: string } };
const attr = (key: string, value: string | number): Attr => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });
const messagesAttr = (key: string, role: string, text: string) => attr(key, JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]));

/** root agent → TURNS × (turn → chat, tool → http call), 1 ms apart; depth-first order is
 *  start order, so the last span (the one End reaches) is the last turn's http call. */
function buildLargeTrace(sessionId: string) {
  const traceId = crypto.randomBytes(16).toString('hex');
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  const spans: unknown[] = [];
  const add = (name: string, parent: string | undefined, startMs: number, durationMs: number, attributes: Attr[]) => {
    const spanId = crypto.randomBytes(8).toString('hex');
    const start = t0 + BigInt(startMs) * 1_000_000n;
    spans.push({ traceId, spanId, parentSpanId: parent, name, kind: 1, startTimeUnixNano: String(start), endTimeUnixNano: String(start + BigInt(durationMs) * 1_000_000n), attributes: [attr('session.id', sessionId), ...attributes] });
    return spanId;
  };
  const rootId = add('invoke_agent big_agent', undefined, 0, TURNS * 4 + 1, [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', 'big_agent')]);
  let lastSpan = { id: rootId, name: 'invoke_agent big_agent' };
  for (let turn = 1; turn <= TURNS; turn++) {
    const at = (turn - 1) * 4 + 1;
    const turnId = add(`turn ${turn}`, rootId, at, 4, []);
    add('chat gpt-4o-mini', turnId, at, 1, [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.system', 'openai'), attr('gen_ai.request.model', 'gpt-4o-mini'),
      attr('gen_ai.usage.input_tokens', 100), attr('gen_ai.usage.output_tokens', 20),
      messagesAttr('gen_ai.input.messages', 'user', `question ${turn}?`), messagesAttr('gen_ai.output.messages', 'assistant', turn === TURNS ? FINAL_ANSWER : `answer ${turn}`)]);
    const toolId = add(`execute_tool step_${turn}`, turnId, at + 1, 3, [attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', `step_${turn}`)]);
    const name = `GET /data/${turn}`;
    lastSpan = { id: add(name, toolId, at + 2, 1, [attr('http.request.method', 'GET')]), name };
  }
  return { traceId, lastSpan, body: { resourceSpans: [{ resource: { attributes: [attr('service.name', 'big-agent')] }, scopeSpans: [{ scope: { name: 'ui-trace-e2e' }, spans }] }] } };
}



/** True when the element's box lies inside the box of `within` (or the window). A string
 *  script: it runs in the page, and the root tsconfig has no DOM types. */
async function isShown(page: Page, selector: string, within: string | null): Promise<boolean> {
  return page.evaluate(`(() => {
    const rect = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect();
    if (!rect) return false;
    const view = ${within ? `document.querySelector(${JSON.stringify(within)}).getBoundingClientRect()` : '{ top: 0, bottom: innerHeight }'};
    return rect.top >= view.top - 1 && rect.bottom <= view.bottom + 1;
  })()`);
}

/** Ingest is asynchronous: wait until the API answers the trace (expect.poll needs a test). */
async function waitForTrace(url: string): Promise<void> {
  for (let waited = 0; (await fetch(url)).status !== 200; waited += 100) {
    if (waited > 10_000) throw new Error(`${url} still not found after 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const focusedSpanId = (page: Page) => page.evaluate<string | null>('document.activeElement?.dataset.spanId ?? null');

describe.skipIf(skipReason !== null)('trace view of a 501-span trace in headless Chromium', () => {
  let uiDir: string;
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const sessionId = `big-session-${crypto.randomBytes(4).toString('hex')}`;
  const big = buildLargeTrace(sessionId);
  const selected = '[role="treeitem"][aria-selected="true"]';

  beforeAll(async () => {
    uiDir = await buildUiIntoTempDir();
    server = await startTestServer({ config: { api: { ui_dir: uiDir } } });
    browser = await launchTestBrowser();
    page = browser.page;
    await sendOtlpJson(server.otlpHttpUrl, big.body, PROJECT);
    await waitForTrace(`${server.apiUrl}/api/v1/project/${PROJECT}/otel/traces/${big.traceId}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (uiDir) fs.rmSync(uiDir, { recursive: true, force: true });
  });

  it('draws only the tree rows in view, not all 501', async () => {
    await page.goto(`${server.apiUrl}/projects/${PROJECT}/traces/${big.traceId}`);
    await page.locator('#tree-title', { hasText: `Spans (${SPAN_COUNT})` }).waitFor();
    await page.locator('.msg').first().waitFor();
    const rows = await page.locator('[role="treeitem"]').count();
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThanOrEqual(60);
    expect(await page.locator('[role="treeitem"]').first().getAttribute('aria-setsize')).toBe('1');
    await expectNoAxeViolations(page);
  });

  it('End reaches the last span, scrolls it into view, focuses it and shows its details', async () => {
    await page.locator('[role="treeitem"]').first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => focusedSpanId(page)).toBe(big.lastSpan.id);
    expect(await page.locator(selected).getAttribute('data-span-id')).toBe(big.lastSpan.id);
    expect(await page.locator(selected).getAttribute('aria-level')).toBe('4');
    await expect.poll(() => isShown(page, selected, '.tree-scroll')).toBe(true);
    await page.locator('#span-title', { hasText: big.lastSpan.name }).waitFor();
    expect(await page.locator('.kv').textContent()).toContain(big.lastSpan.id);
    expect(await page.locator('[role="treeitem"]').count()).toBeLessThanOrEqual(60);
    await screenshot(page, 'trace-large-end');
  });

  it('keeps the focus when the focused row is scrolled out of view, and moves on from it', async () => {
    await page.locator('.tree-scroll').evaluate((el) => { el.scrollTop = 0; });
    await page.waitForTimeout(100);
    expect(await focusedSpanId(page)).toBe(big.lastSpan.id);
    await page.keyboard.press('ArrowLeft'); // to the parent: the last tool span
    await expect.poll(() => page.locator(selected).textContent()).toContain(`execute_tool step_${TURNS}`);
    await expect.poll(() => isShown(page, selected, '.tree-scroll')).toBe(true);
    await page.keyboard.press('ArrowLeft'); // it is open: this closes it
    expect(await page.locator(selected).getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator(selected).textContent()).toContain('invoke_agent big_agent');
    expect(await page.locator('.tree-scroll').evaluate((el) => el.scrollTop)).toBe(0);
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(selected).textContent()).toContain('turn 1');
    expect(await focusedSpanId(page)).toBe(await page.locator(selected).getAttribute('data-span-id'));
  });

  it('selects by click, and shows the rest of the generations on request', async () => {
    await page.locator('[role="treeitem"]', { hasText: 'turn 3' }).click();
    await page.locator('#span-title', { hasText: 'turn 3' }).waitFor();
    expect(await page.locator('table.generations tbody tr').count()).toBeLessThan(TURNS);
    await page.getByRole('button', { name: `Show all ${TURNS} generations` }).click();
    expect(await page.locator('table.generations tbody tr').count()).toBe(TURNS);
  });

  it('collapsing the selected span’s ancestor by click selects that ancestor', async () => {
    await page.locator('[role="treeitem"]', { hasText: 'execute_tool step_2' }).click();
    await page.locator('#span-title', { hasText: 'execute_tool step_2' }).waitFor();
    await page.locator('[role="treeitem"]', { hasText: 'turn 2' }).locator('.tree-toggle').click();
    await expect.poll(() => page.locator(selected).textContent()).toContain('turn 2');
    expect(await page.locator(selected).getAttribute('aria-expanded')).toBe('false');
    await page.locator('#span-title', { hasText: 'turn 2' }).waitFor();
  });

  it('jumps to the final answer, far down a long conversation', async () => {
    const final = page.getByRole('article', { name: 'Final answer' });
    expect(await final.textContent()).toContain(FINAL_ANSWER);
    expect(await isShown(page, '#final-answer', null)).toBe(false);
    await page.getByRole('link', { name: 'Jump to final answer' }).click();
    await expect.poll(() => isShown(page, '#final-answer', null)).toBe(true);
    await screenshot(page, 'trace-large-final-answer');
    // Every card is in the page (off-screen ones are skipped by the browser, not removed),
    // so find in page reaches the first question too.
    expect(await page.locator('.msg', { hasText: 'question 1?' }).count()).toBe(1);
  });

  it('does the same in the session view', async () => {
    await page.goto(`${server.apiUrl}/projects/${PROJECT}/sessions/${sessionId}`);
    await page.locator('.boundary a').first().waitFor();
    expect(await isShown(page, '#final-answer', null)).toBe(false);
    await page.getByRole('link', { name: 'Jump to final answer' }).click();
    await expect.poll(() => isShown(page, '#final-answer', null)).toBe(true);
    expect(await page.getByRole('article', { name: 'Final answer' }).textContent()).toContain(FINAL_ANSWER);
    await screenshot(page, 'session-large-final-answer');
  });

  it('passes axe in the dark scheme too', async () => {
    const dark = await launchTestBrowser('dark');
    try {
      await dark.page.goto(`${server.apiUrl}/projects/${PROJECT}/traces/${big.traceId}`);
      await dark.page.locator('.msg').first().waitFor();
      await dark.page.locator('[role="treeitem"]').first().focus();
      await dark.page.keyboard.press('End');
      await expectNoAxeViolations(dark.page);
      expect(dark.errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('had no page or console errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
