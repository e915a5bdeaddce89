// RECORD step for the OpenAI Agents SDK capture through OpenInference, run by hand (see README.md):
//   npx tsx record-openai-agents.ts
// One Agents SDK agent with the weather tool, run twice: on the SDK's Chat Completions model and on
// its (default) Responses model, both against the fake LLM, traced by
// @arizeai/openinference-instrumentation-openai-agents (a TracingProcessor that turns the SDK's own
// trace events into OTel spans). Session and user are set the OpenInference way (setSession /
// setUser on the active context).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setSession, setUser } from '@arizeai/openinference-core';
import { OpenAIAgentsInstrumentation } from '@arizeai/openinference-instrumentation-openai-agents';
import * as agents from '@openai/agents';
import { context } from '@opentelemetry/api';
import OpenAI from 'openai';
import { recordCase } from '../../record/capture-recorder.js';
import { getWeather, SYSTEM_PROMPT, USER_QUESTION, WEATHER_TOOL_DESCRIPTION, WEATHER_TOOL_PARAMETERS } from '../../record/weather-script.js';

const CASE_NAME = 'openai-agents-openinference';
const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures', CASE_NAME);

function createWeatherTool() {
  return agents.tool({
    name: 'get_weather',
    description: WEATHER_TOOL_DESCRIPTION,
    parameters: WEATHER_TOOL_PARAMETERS as never,
    strict: true,
    execute: async (input) => getWeather((input as { city: string }).city),
  });
}

/** One run per model API, each in its own SDK trace, under one OpenInference session and user. */
async function driveAgent(baseUrl: string): Promise<void> {
  const client = new OpenAI({ baseURL: baseUrl, apiKey: 'sk-fake', maxRetries: 0 });
  const models: [string, agents.Model][] = [
    ['weather-agent', new agents.OpenAIChatCompletionsModel(client, 'gpt-4o-mini')],
    ['weather-agent-responses', new agents.OpenAIResponsesModel(client, 'gpt-4o-mini')],
  ];
  const sessionContext = setUser(setSession(context.active(), { sessionId: 'sess-agents' }), { userId: 'user-42' });
  for (const [traceName, model] of models) {
    const agent = new agents.Agent({ name: 'weather_agent', instructions: SYSTEM_PROMPT, model, modelSettings: { temperature: 0 }, tools: [createWeatherTool()] });
    await context.with(sessionContext, () => agents.withTrace(traceName, () => agents.run(agent, USER_QUESTION)));
  }
  await agents.getGlobalTraceProvider().forceFlush();
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const recorded = await recordCase(async (baseUrl, recorder) => {
  const instrumentation = new OpenAIAgentsInstrumentation({ tracerProvider: recorder.tracerProvider });
  instrumentation.manuallyInstrument(agents);
  await driveAgent(baseUrl);
});
fs.mkdirSync(OUT_DIR, { recursive: true });
writeJson(path.join(OUT_DIR, 'traces.json'), recorded.traces);
if (recorded.logs) writeJson(path.join(OUT_DIR, 'logs.json'), recorded.logs);
writeJson(path.join(OUT_DIR, 'llm-requests.json'), recorded.llmRequests);
console.log(`${CASE_NAME}: ${recorded.llmRequests.length} LLM requests recorded into ${OUT_DIR}`);
