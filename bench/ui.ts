// Web UI benchmark (prints figures; not a test). Builds the UI, measures the gzip size of
// the JavaScript the first page load fetches, seeds a tracelite through OTLP/HTTP (the
// query bench's seeder: ~10 spans per trace, 70% in project "acme"), adds one 500-span
// trace, then times in headless Chromium (ms since navigation start, median of runs):
//   - the traces list's first paint of rows for "acme";
//   - the trace view of the 500-span trace (tree rows and conversation messages drawn; the
//     tree and the conversation are windowed, so "drawn" is the rows in view, not all).
// Budget (issue #20): JS <= 250 KB gzip; both paints <= 1 s.
//   npx tsx bench/ui.ts [--spans 1000000] [--runs 5] [--ui-dir <built UI>]
// --ui-dir times an already built UI (e.g. `vite build --config src/ui/vite.config.ts
// --outDir /tmp/ui-before` of other code) instead of building src/ui: before/after figures.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { startTestServer } from '../test/helpers/test-server.js';
import { chromiumMissingReason, launchTestBrowser } from '../test/ui/browser.js';
import { buildUiIntoTempDir } from '../test/ui/build-ui.js';
import { sendOtlpJson } from '../test/ui/capture-variants.js';
import { MEASURED_PROJECT, seed } from './query-seed.js';

const { values: args } = parseArgs({ options: { spans: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, 'ui-dir': { type: 'string' } } });
const totalSpans = Number(args.spans);
const runs = Number(args.runs);

/** gzip bytes of the module scripts index.html loads (entry + modulepreload). */
function measureInitialJs(uiDir: string): { files: string[]; gzipBytes: number } {
  const html = fs.readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipBytes = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(uiDir, f)), { level: 9 }).length, 0);
  return { files, gzipBytes };
}

/** One trace: a root agent span, 166 LLM calls each with a tool span and a child. */
function buildLargeTrace(spanCount: number): { body: unknown; traceId: string } {
  const traceId = crypto.randomBytes(16).toString('hex');
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const spanId = () => crypto.randomBytes(8).toString('hex');
  const rootId = spanId();
  const attr = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });
  const spans: unknown[] = [{ traceId, spanId: rootId, name: 'invoke_agent big_agent', kind: 1, startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + BigInt(spanCount) * 2_000_000n), attributes: [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', 'big_agent')] }];
  for (let i = 1; i < spanCount; i++) {
    const start = startNs + BigInt(i) * 2_000_000n;
    const llm = i % 3 === 1;
    spans.push({
      traceId, spanId: spanId(), parentSpanId: rootId, name: llm ? 'chat gpt-4o-mini' : `execute_tool step_${i}`, kind: llm ? 3 : 1,
      startTimeUnixNano: String(start), endTimeUnixNano: String(start + 1_500_000n),
      attributes: llm
        ? [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.system', 'openai'), attr('gen_ai.request.model', 'gpt-4o-mini'), attr('gen_ai.usage.input_tokens', 100), attr('gen_ai.usage.output_tokens', 20),
          attr('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `step ${i}?` }] }])),
          attr('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `answer ${i}` }], finish_reason: 'stop' }]))]
        : [attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', `step_${i}`)],
    });
  }
  return { body: { resourceSpans: [{ resource: { attributes: [attr('service.name', 'bench-ui')] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] }, traceId };
}

/** Runs in the page before its scripts (a string: the bench's tsconfig has no DOM types):
 *  for each selector, the time (ms since navigation start) of the first frame after a
 *  matching element appeared, i.e. once it was painted, in window.benchPainted. */
const recordPaintsScript = (selectors: string[]) => `
  const painted = window.benchPainted = {};
  const seen = new Set();
  new MutationObserver(() => {
    for (const selector of ${JSON.stringify(selectors)}) {
      if (seen.has(selector) || !document.querySelector(selector)) continue;
      seen.add(selector);
      requestAnimationFrame(() => requestAnimationFrame((at) => { painted[selector] = at; }));
    }
  }).observe(document, { childList: true, subtree: true });`;

/** Median ms from navigation start until every selector is in the page, twice: painted (in
 *  the page: the first frame after the last of them appeared) and as Playwright sees it
 *  (waitForSelector, then a round trip: adds the harness's own latency, large under load). */
async function timePaint(page: Page, url: string, ...readySelectors: string[]): Promise<{ painted: number; seen: number }> {
  const painted: number[] = [];
  const seen: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(url);
    for (const selector of readySelectors) await page.waitForSelector(selector);
    seen.push(await page.evaluate(() => performance.now()));
    const selectors = JSON.stringify(readySelectors);
    const times = await page.waitForFunction(`${selectors}.every((s) => window.benchPainted?.[s] !== undefined) && ${selectors}.map((s) => window.benchPainted[s])`);
    painted.push(Math.max(...(await times.jsonValue() as number[])));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { painted: median(painted), seen: median(seen) };
}

const formatPaint = (t: { painted: number; seen: number }) =>
  `median ${t.painted.toFixed(0)} ms painted (${t.seen.toFixed(0)} ms seen by Playwright) of ${runs} (budget 1000 ms)`;

async function main(): Promise<void> {
  const skip = chromiumMissingReason();
  const uiDir = args['ui-dir'] ?? await buildUiIntoTempDir();
  const js = measureInitialJs(uiDir);
  console.log(`initial load JS: ${(js.gzipBytes / 1024).toFixed(1)} KB gzip (${js.files.join(', ')}; budget 250 KB)`);
  if (skip) return console.log(skip);
  const server = await startTestServer({ config: { api: { ui_dir: uiDir } } });
  const browser = await launchTestBrowser();
  await browser.page.addInitScript(recordPaintsScript(['.list-row', '[role="treeitem"]', '.msg']));
  try {
    const seeded = await seed({ otlpHttpUrl: server.otlpHttpUrl, totalSpans, concurrency: 4, spansPerRequest: 100 });
    const big = buildLargeTrace(500);
    await sendOtlpJson(server.otlpHttpUrl, big.body, 'bench');
    await new Promise((r) => setTimeout(r, 1000));
    const listed = await (await fetch(`${server.apiUrl}/api/v1/project/${MEASURED_PROJECT}/otel/traces?limit=1`)).json() as { meta: { total_items: number } };
    console.log(`seeded ${seeded.ackedSpans} spans (${seeded.traces} traces) in ${seeded.seconds.toFixed(1)} s; "${MEASURED_PROJECT}" lists ${listed.meta.total_items} traces`);
    const listMs = await timePaint(browser.page, `${server.apiUrl}/projects/${MEASURED_PROJECT}/traces`, '.list-row');
    console.log(`traces list first paint (${listed.meta.total_items} traces): ${formatPaint(listMs)}`);
    for (const suffix of ['', '/messages']) {
      const t0 = performance.now();
      const res = await fetch(`${server.apiUrl}/api/v1/project/bench/otel/traces/${big.traceId}${suffix}`);
      const bytes = (await res.arrayBuffer()).byteLength;
      console.log(`  API trace${suffix}: ${(performance.now() - t0).toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KB`);
    }
    // Tree rows and message cards: what the view draws first (not '#final-answer', which a
    // windowed conversation would draw only when scrolled to).
    const traceMs = await timePaint(browser.page, `${server.apiUrl}/projects/bench/traces/${big.traceId}`, '[role="treeitem"]', '.msg');
    const rows = await browser.page.locator('[role="treeitem"]').count();
    const cards = await browser.page.locator('.msg').count();
    console.log(`trace view, 500 spans (${rows} tree rows and ${cards} message cards in the DOM): ${formatPaint(traceMs)}`);
  } finally {
    await browser.close();
    await server.stop();
    if (!args['ui-dir']) fs.rmSync(uiDir, { recursive: true, force: true });
  }
}

await main();
