// A real instrumented agent for the UI's end-to-end test: the OpenAI client instrumented by
// OpenInference, talking to the fake LLM (test/captures/fake-llm-server.ts), its spans sent by
// the OTel SDK's own OTLP/HTTP exporter to tracelite — the path an application's traces take.
// The same tool-calling run the captures were recorded from (record/drive-openai-client.ts).
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { startFakeLlmServer } from '../captures/fake-llm-server.js';
import { driveOpenAiClient } from '../captures/record/drive-openai-client.js';

const require = createRequire(import.meta.url);

/** Runs the agent once (two tool-calling turns and an embedding); resolves once every span is exported. */
export async function runInstrumentedAgent(otlpHttpUrl: string, serviceName: string, projectId: string): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `${otlpHttpUrl}/v1/traces`, headers: { 'x-project-id': projectId } });
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  // Vitest loads modules through its own loader, past the require hook: patch the module itself
  // (patch() reads `module.OpenAI`; the declared parameter type is the class).
  const openai = require('openai') as typeof import('openai');
  instrumentation.manuallyInstrument(openai as never);
  const llm = await startFakeLlmServer();
  try {
    await driveOpenAiClient(openai.OpenAI, llm.baseUrl, provider.getTracer('weather-app'));
    await provider.forceFlush();
  } finally {
    instrumentation.disable();
    await llm.stop();
    await provider.shutdown();
    trace.disable();
    context.disable();
  }
}
