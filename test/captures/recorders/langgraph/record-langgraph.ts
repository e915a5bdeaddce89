// RECORD step for the LangGraph.js capture through OpenInference, run by hand (see README.md):
//   npx tsx record-langgraph.ts
// A LangGraph ReAct agent (createReactAgent) with the weather tool and ChatOpenAI (Chat
// Completions) against the fake LLM, traced by @arizeai/openinference-instrumentation-langchain
// patching @langchain/core's CallbackManager. Session and user are set the way LangChain users
// do with OpenInference: `session_id` / `user_id` in the run's metadata.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { recordCase } from '../../record/capture-recorder.js';
import { getWeather, SYSTEM_PROMPT, USER_QUESTION, WEATHER_TOOL_DESCRIPTION, WEATHER_TOOL_PARAMETERS } from '../../record/weather-script.js';

const CASE_NAME = 'langgraph-openinference';
const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures', CASE_NAME);

async function driveReactAgent(baseUrl: string): Promise<void> {
  const weatherTool = tool(async ({ city }: { city: string }) => JSON.stringify(getWeather(city)), {
    name: 'get_weather',
    description: WEATHER_TOOL_DESCRIPTION,
    schema: WEATHER_TOOL_PARAMETERS as never,
  });
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0, apiKey: 'sk-fake', maxRetries: 0, configuration: { baseURL: baseUrl } });
  const agent = createReactAgent({ llm, tools: [weatherTool], name: 'weather_agent' });
  await agent.invoke(
    { messages: [new SystemMessage(SYSTEM_PROMPT), new HumanMessage(USER_QUESTION)] },
    { runName: 'weather-agent', metadata: { session_id: 'sess-langgraph', user_id: 'user-42' } },
  );
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const recorded = await recordCase(async (baseUrl, recorder) => {
  const instrumentation = new LangChainInstrumentation({ tracerProvider: recorder.tracerProvider });
  instrumentation.manuallyInstrument(CallbackManagerModule);
  await driveReactAgent(baseUrl);
});
fs.mkdirSync(OUT_DIR, { recursive: true });
writeJson(path.join(OUT_DIR, 'traces.json'), recorded.traces);
if (recorded.logs) writeJson(path.join(OUT_DIR, 'logs.json'), recorded.logs);
writeJson(path.join(OUT_DIR, 'llm-requests.json'), recorded.llmRequests);
console.log(`${CASE_NAME}: ${recorded.llmRequests.length} LLM requests recorded into ${OUT_DIR}`);
