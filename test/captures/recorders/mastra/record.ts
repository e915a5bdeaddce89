// RECORD step for the mastra-openai capture (run by hand, see README.md): a Mastra agent with the
// weather tool on an OpenAI-compatible model (the fake LLM), traced by Mastra's AI tracing and
// exported by @mastra/otel-exporter over OTLP/HTTP JSON to a local receiver; the bodies it posted
// are merged into traces.json as sent. Two traces: agent.generate (tool loop) and agent.stream.
import { createOpenAI } from '@ai-sdk/openai';
import { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import { createTool } from '@mastra/core/tools';
import { OtelExporter } from '@mastra/otel-exporter';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startFakeLlmServer } from '../../fake-llm-server.js';
import { SYSTEM_PROMPT, USER_QUESTION, WEATHER_TOOL_DESCRIPTION, getWeather } from '../../record/weather-script.js';

const CASE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/captures/mastra-openai');

interface OtlpReceiver { url: string; bodies: { resourceSpans: unknown[] }[]; stop(): Promise<void> }

async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: { resourceSpans: unknown[] }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/traces`, bodies, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function createWeatherAgent(baseUrl: string, name: string): Agent {
  const getWeatherTool = createTool({
    id: 'get_weather',
    description: WEATHER_TOOL_DESCRIPTION,
    inputSchema: z.object({ city: z.string().describe('City name') }),
    execute: async ({ context }) => getWeather(context.city),
  });
  const openai = createOpenAI({ baseURL: baseUrl, apiKey: 'sk-fake' });
  return new Agent({ name, instructions: SYSTEM_PROMPT, model: openai.chat('gpt-4o-mini'), tools: { get_weather: getWeatherTool } });
}

/** The root span is named after the agent: one agent per trace keeps the trace names apart. */
async function driveAgents(mastra: Mastra): Promise<void> {
  const tracingOptions = (sessionId: string) => ({ metadata: { sessionId, userId: 'user-42' } });
  await mastra.getAgent('weatherAgent').generate(USER_QUESTION, { maxSteps: 3, tracingOptions: tracingOptions('sess-generate') });
  const stream = await mastra.getAgent('weatherAgentStream').stream(USER_QUESTION, { maxSteps: 3, tracingOptions: tracingOptions('sess-stream') });
  for await (const part of stream.textStream) void part;
}

const llm = await startFakeLlmServer();
const receiver = await startOtlpReceiver();
const exporter = new OtelExporter({ provider: { custom: { endpoint: receiver.url, protocol: 'http/json' } }, resourceAttributes: { 'deployment.environment.name': 'test' } });
const mastra = new Mastra({
  agents: { weatherAgent: createWeatherAgent(llm.baseUrl, 'weather-agent'), weatherAgentStream: createWeatherAgent(llm.baseUrl, 'weather-agent-stream') },
  // The deprecated pre-AI-tracing telemetry is separate and exports nothing here.
  telemetry: { enabled: false },
  observability: { configs: { otel: { serviceName: 'weather-app', exporters: [exporter] } } },
});
try {
  await driveAgents(mastra);
  await mastra.shutdown();
} finally {
  await llm.stop();
  await receiver.stop();
}
fs.mkdirSync(CASE_DIR, { recursive: true });
const traces = { resourceSpans: receiver.bodies.flatMap((body) => body.resourceSpans) };
fs.writeFileSync(path.join(CASE_DIR, 'traces.json'), `${JSON.stringify(traces, null, 2)}\n`);
fs.writeFileSync(path.join(CASE_DIR, 'llm-requests.json'), `${JSON.stringify(llm.requests, null, 2)}\n`);
console.log(`mastra-openai: ${llm.requests.length} LLM requests, ${receiver.bodies.length} OTLP posts recorded into ${CASE_DIR}`);
