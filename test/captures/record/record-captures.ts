// RECORD step for the capture golden tests (run by hand, not by vitest):
//   npx tsx test/captures/record/record-captures.ts            # every case, one process each
//   npx tsx test/captures/record/record-captures.ts <case>     # one case
// Drives a real instrumented library against the fake LLM, keeps the spans and log records in
// memory, and writes them as OTLP/JSON export requests (the exporters' own serializer) to
// test/fixtures/captures/<case>/{traces,logs,llm-requests}.json. Each case runs in its own
// process because instrumentations patch `openai` when it is first required.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { context, metrics, trace, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startFakeLlmServer } from '../fake-llm-server.js';
import { driveOpenAiClient } from './drive-openai-client.js';
import { driveVercelAi } from './drive-vercel-ai.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/captures');
const require = createRequire(import.meta.url);

interface Recorder {
  tracerProvider: BasicTracerProvider;
  loggerProvider: LoggerProvider;
}

/** Each case enables its instrumentation, then drives the library against `baseUrl`. */
const CASES: Record<string, (baseUrl: string, recorder: Recorder) => Promise<void>> = {
  'vercel-ai-openai': (baseUrl) => driveVercelAi(baseUrl),
  'openai-otel-contrib': async (baseUrl, r) => {
    const { OpenAIInstrumentation } = await import('@opentelemetry/instrumentation-openai');
    enable(new OpenAIInstrumentation({ captureMessageContent: true }), r);
    await driveOpenAiClient(require('openai').OpenAI, baseUrl, r.tracerProvider.getTracer('weather-app'));
  },
  'openai-openinference': async (baseUrl, r) => {
    const { OpenAIInstrumentation } = await import('@arizeai/openinference-instrumentation-openai');
    enable(new OpenAIInstrumentation(), r);
    await driveOpenAiClient(require('openai').OpenAI, baseUrl, r.tracerProvider.getTracer('weather-app'));
  },
  'openai-traceloop': async (baseUrl, r) => {
    const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
    enable(new OpenAIInstrumentation({ traceContent: true, enrichTokens: false }), r);
    await driveOpenAiClient(require('openai').OpenAI, baseUrl, r.tracerProvider.getTracer('weather-app'));
  },
};

interface Instrumentation {
  setTracerProvider(provider: TracerProvider): void;
  setLoggerProvider?(provider: LoggerProvider): void;
  setMeterProvider?(provider: MeterProvider): void;
  enable(): void;
}

function enable(instrumentation: Instrumentation, recorder: Recorder): void {
  instrumentation.setTracerProvider(recorder.tracerProvider);
  instrumentation.setLoggerProvider?.(recorder.loggerProvider);
  // instrumentation-openai 0.21 creates its histograms in the base constructor, before its own
  // class fields reset them; setting a (no-op) meter provider creates them again.
  instrumentation.setMeterProvider?.(metrics.getMeterProvider());
  instrumentation.enable();
}

async function recordCase(name: string): Promise<void> {
  const drive = CASES[name];
  if (!drive) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
  const resource = resourceFromAttributes({ 'service.name': 'weather-app', 'deployment.environment.name': 'test' });
  const spans = new InMemorySpanExporter();
  const logRecords = new InMemoryLogRecordExporter();
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(spans)] });
  const loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logRecords })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  logs.setGlobalLoggerProvider(loggerProvider);

  const llm = await startFakeLlmServer();
  try {
    await drive(llm.baseUrl, { tracerProvider, loggerProvider });
    await tracerProvider.forceFlush();
    await loggerProvider.forceFlush();
  } finally {
    await llm.stop();
  }
  const dir = path.join(FIXTURES, name);
  fs.mkdirSync(dir, { recursive: true });
  const finished = spans.getFinishedSpans();
  writeJson(path.join(dir, 'traces.json'), JsonTraceSerializer.serializeRequest(finished));
  const records = logRecords.getFinishedLogRecords();
  if (records.length > 0) writeJson(path.join(dir, 'logs.json'), JsonLogsSerializer.serializeRequest(records));
  writeJson(path.join(dir, 'llm-requests.json'), new TextEncoder().encode(JSON.stringify(llm.requests)));
  console.log(`${name}: ${finished.length} spans, ${records.length} log records, ${llm.requests.length} LLM requests`);
}

function writeJson(file: string, bytes: Uint8Array | undefined): void {
  if (!bytes) throw new Error(`nothing serialized for ${file}`);
  fs.writeFileSync(file, `${JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, 2)}\n`);
}

const requested = process.argv.slice(2);
if (requested.length === 1) {
  await recordCase(requested[0]!);
} else {
  for (const name of requested.length > 0 ? requested : Object.keys(CASES)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = 1;
  }
}
