// RECORD step for the capture golden tests (run by hand, not by vitest):
//   npx tsx test/captures/record/record-captures.ts [--out=DIR] [case ...]
// Records each case (all when none is named) in its own process — instrumentations patch
// `openai` when it is first required — into DIR/<case>/{traces,logs,llm-requests}.json
// (DIR defaults to test/fixtures/captures). Re-recording changes ids and times: the
// hand-written expected.json files and any timestamp a test names must be re-checked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableInstrumentation, recordCase, type CaseDriver } from './capture-recorder.js';
import { driveOpenAiClient } from './drive-openai-client.js';
import { driveVercelAi } from './drive-vercel-ai.js';

const DEFAULT_OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/captures');
const require = createRequire(import.meta.url);

/** Each case enables its instrumentation, then requires `openai` (so the hook sees it) and drives it. */
const CASES: Record<string, CaseDriver> = {
  'vercel-ai-openai': (baseUrl) => driveVercelAi(baseUrl),
  'openai-otel-contrib': async (baseUrl, r) => {
    const { OpenAIInstrumentation } = await import('@opentelemetry/instrumentation-openai');
    enableInstrumentation(new OpenAIInstrumentation({ captureMessageContent: true }), r);
    await driveOpenAiClient(require('openai').OpenAI, baseUrl, r.tracerProvider.getTracer('weather-app'));
  },
  'openai-openinference': async (baseUrl, r) => {
    const { OpenAIInstrumentation } = await import('@arizeai/openinference-instrumentation-openai');
    enableInstrumentation(new OpenAIInstrumentation(), r);
    await driveOpenAiClient(require('openai').OpenAI, baseUrl, r.tracerProvider.getTracer('weather-app'));
  },
  'openai-traceloop': async (baseUrl, r) => {
    const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
    enableInstrumentation(new OpenAIInstrumentation({ traceContent: true, enrichTokens: false }), r);
    await driveOpenAiClient(require('openai').OpenAI, baseUrl, r.tracerProvider.getTracer('weather-app'));
  },
};

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function recordToDir(name: string, outDir: string): Promise<void> {
  const drive = CASES[name];
  if (!drive) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
  const recorded = await recordCase(drive);
  const dir = path.join(outDir, name);
  fs.mkdirSync(dir, { recursive: true });
  writeJson(path.join(dir, 'traces.json'), recorded.traces);
  if (recorded.logs) writeJson(path.join(dir, 'logs.json'), recorded.logs);
  writeJson(path.join(dir, 'llm-requests.json'), recorded.llmRequests);
  console.log(`${name}: ${recorded.llmRequests.length} LLM requests recorded into ${dir}`);
}

const args = process.argv.slice(2);
const outArg = args.find((a) => a.startsWith('--out='));
const outDir = outArg ? path.resolve(outArg.slice('--out='.length)) : DEFAULT_OUT;
const names = args.filter((a) => !a.startsWith('--'));
if (names.length === 1) {
  await recordToDir(names[0]!, outDir);
} else {
  for (const name of names.length > 0 ? names : Object.keys(CASES)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--out=${outDir}`, name], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = 1;
  }
}
