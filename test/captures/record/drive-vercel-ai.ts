// Recording driver: the Vercel AI SDK (`ai` + `@ai-sdk/openai`, chat completions API) with
// telemetry on, against the fake LLM. Three traces: generateText with a tool loop, the same
// with streamText, and one embed call.
import { createOpenAI } from '@ai-sdk/openai';
import { embed, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { EMBEDDING_TEXT, SYSTEM_PROMPT, USER_QUESTION, WEATHER_TOOL_DESCRIPTION, WEATHER_TOOL_PARAMETERS, getWeather } from './weather-script.js';

function createWeatherTool() {
  return tool({
    description: WEATHER_TOOL_DESCRIPTION,
    inputSchema: jsonSchema<{ city: string }>(WEATHER_TOOL_PARAMETERS as never),
    execute: async ({ city }) => getWeather(city),
  });
}

export async function driveVercelAi(baseUrl: string): Promise<void> {
  const provider = createOpenAI({ baseURL: baseUrl, apiKey: 'sk-fake' });
  const model = provider.chat('gpt-4o-mini');
  const telemetry = (functionId: string, sessionId: string) => ({ isEnabled: true, functionId, metadata: { sessionId, userId: 'user-42' } });

  await generateText({
    model, system: SYSTEM_PROMPT, prompt: USER_QUESTION, tools: { get_weather: createWeatherTool() },
    stopWhen: stepCountIs(3), maxRetries: 0, experimental_telemetry: telemetry('weather-agent', 'sess-generate'),
  });

  const stream = streamText({
    model, system: SYSTEM_PROMPT, prompt: USER_QUESTION, tools: { get_weather: createWeatherTool() },
    stopWhen: stepCountIs(3), maxRetries: 0, experimental_telemetry: telemetry('weather-agent-stream', 'sess-stream'),
  });
  for await (const part of stream.textStream) void part;
  await stream.response;

  await embed({
    model: provider.embedding('text-embedding-3-small'), value: EMBEDDING_TEXT, maxRetries: 0,
    experimental_telemetry: telemetry('weather-embed', 'sess-embed'),
  });
}
