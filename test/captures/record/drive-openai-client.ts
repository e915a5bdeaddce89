// Recording driver: the official `openai` client, as an app would use it, with whatever
// instrumentation the caller enabled. Three traces: a tool loop (two chat calls under the
// app's own `weather-agent` span), the same loop streamed, and one embeddings call.
import type { Tracer } from '@opentelemetry/api';
import type OpenAI from 'openai';
import { EMBEDDING_TEXT, SYSTEM_PROMPT, USER_QUESTION, WEATHER_TOOL_DESCRIPTION, WEATHER_TOOL_PARAMETERS, getWeather } from './weather-script.js';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ToolCall = { id: string; name: string; arguments: string };

const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: WEATHER_TOOL_DESCRIPTION, parameters: WEATHER_TOOL_PARAMETERS as never } },
];

function createToolMessages(calls: ToolCall[]): Message[] {
  const assistant: Message = { role: 'assistant', content: null, tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) };
  const results: Message[] = calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: JSON.stringify(getWeather(JSON.parse(c.arguments).city)) }));
  return [assistant, ...results];
}

async function runToolLoop(client: OpenAI): Promise<void> {
  const messages: Message[] = [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: USER_QUESTION }];
  const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: TOOLS, temperature: 0 });
  const calls = (first.choices[0]?.message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : []));
  messages.push(...createToolMessages(calls));
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: TOOLS, temperature: 0 });
}

async function readStream(client: OpenAI, messages: Message[]): Promise<ToolCall[]> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: TOOLS, temperature: 0, stream: true, stream_options: { include_usage: true } });
  const calls: ToolCall[] = [];
  for await (const chunk of stream) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
      call.id ||= delta.id ?? '';
      call.name ||= delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

async function runStreamedToolLoop(client: OpenAI): Promise<void> {
  const messages: Message[] = [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: USER_QUESTION }];
  const calls = await readStream(client, messages);
  messages.push(...createToolMessages(calls));
  await readStream(client, messages);
}

export async function driveOpenAiClient(OpenAIClass: typeof OpenAI, baseUrl: string, appTracer: Tracer): Promise<void> {
  const client = new OpenAIClass({ baseURL: baseUrl, apiKey: 'sk-fake', maxRetries: 0 });
  await appTracer.startActiveSpan('weather-agent', async (span) => {
    await runToolLoop(client);
    span.end();
  });
  await appTracer.startActiveSpan('weather-agent-stream', async (span) => {
    await runStreamedToolLoop(client);
    span.end();
  });
  await client.embeddings.create({ model: 'text-embedding-3-small', input: EMBEDDING_TEXT });
}
