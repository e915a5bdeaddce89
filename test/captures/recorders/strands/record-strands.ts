// RECORD step for the Strands Agents (TypeScript SDK) captures, run by hand (see README.md):
//   npx tsx record-strands.ts [strands-openai|strands-openai-latest]
// One Strands agent with the weather tool and Strands' OpenAI model provider (Chat Completions,
// always streamed) against the fake LLM. Strands' tracer takes the global tracer provider
// (`trace.getTracer('strands-agents')`), so the shared recorder's in-memory provider sees its
// spans. Each case runs in its own process: Strands reads OTEL_SEMCONV_STABILITY_OPT_IN in its
// Tracer's constructor and the recorder installs global providers once per process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, tool } from '@strands-agents/sdk';
import { OpenAIModel } from '@strands-agents/sdk/models/openai';
import { recordCase } from '../../record/capture-recorder.js';
import { getWeather, SYSTEM_PROMPT, USER_QUESTION, WEATHER_TOOL_DESCRIPTION, WEATHER_TOOL_PARAMETERS } from '../../record/weather-script.js';

const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures');
const SEMCONV_OPT_IN: Record<string, string | undefined> = {
  'strands-openai': undefined,
  'strands-openai-latest': 'gen_ai_latest_experimental',
};

async function driveStrandsAgent(baseUrl: string): Promise<void> {
  const weatherTool = tool({
    name: 'get_weather',
    description: WEATHER_TOOL_DESCRIPTION,
    inputSchema: WEATHER_TOOL_PARAMETERS as never,
    callback: (input) => getWeather((input as { city: string }).city),
  });
  const model = new OpenAIModel({ api: 'chat', modelId: 'gpt-4o-mini', temperature: 0, apiKey: 'sk-fake', clientConfig: { baseURL: baseUrl, maxRetries: 0 } });
  const agent = new Agent({ name: 'weather_agent', model, tools: [weatherTool], systemPrompt: SYSTEM_PROMPT, printer: false });
  await agent.invoke(USER_QUESTION);
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function recordOne(name: string): Promise<void> {
  if (!(name in SEMCONV_OPT_IN)) throw new Error(`unknown case ${name}; known: ${Object.keys(SEMCONV_OPT_IN).join(', ')}`);
  const optIn = SEMCONV_OPT_IN[name];
  if (optIn) process.env.OTEL_SEMCONV_STABILITY_OPT_IN = optIn;
  else delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
  const recorded = await recordCase((baseUrl) => driveStrandsAgent(baseUrl));
  const dir = path.join(OUT_DIR, name);
  fs.mkdirSync(dir, { recursive: true });
  writeJson(path.join(dir, 'traces.json'), recorded.traces);
  if (recorded.logs) writeJson(path.join(dir, 'logs.json'), recorded.logs);
  writeJson(path.join(dir, 'llm-requests.json'), recorded.llmRequests);
  console.log(`${name}: ${recorded.llmRequests.length} LLM requests recorded into ${dir}`);
}

const names = process.argv.slice(2);
if (names.length === 1) {
  await recordOne(names[0]!);
} else {
  for (const name of names.length > 0 ? names : Object.keys(SEMCONV_OPT_IN)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = 1;
  }
}
