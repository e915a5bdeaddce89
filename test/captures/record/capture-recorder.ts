// RECORD step, in memory: runs one case's driver (a real instrumented library) against the
// fake LLM with SDK providers that keep spans and log records, and returns them as OTLP/JSON
// export requests serialized by the exporters' own serializer (record-captures.ts writes them).
import { context, metrics, trace, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startFakeLlmServer } from '../fake-llm-server.js';

export interface Recorder {
  tracerProvider: BasicTracerProvider;
  loggerProvider: LoggerProvider;
}

export type CaseDriver = (baseUrl: string, recorder: Recorder) => Promise<void>;

export interface RecordedCase {
  /** ExportTraceServiceRequest as OTLP/JSON (hex ids). */
  traces: unknown;
  /** ExportLogsServiceRequest as OTLP/JSON, or null when the library logged nothing. */
  logs: unknown | null;
  /** What the library sent to the fake LLM, in order. */
  llmRequests: { path: string; body: unknown }[];
}

interface Instrumentation {
  setTracerProvider(provider: TracerProvider): void;
  setLoggerProvider?(provider: LoggerProvider): void;
  setMeterProvider?(provider: MeterProvider): void;
  enable(): void;
}

export function enableInstrumentation(instrumentation: Instrumentation, recorder: Recorder): void {
  instrumentation.setTracerProvider(recorder.tracerProvider);
  instrumentation.setLoggerProvider?.(recorder.loggerProvider);
  // instrumentation-openai 0.21 creates its histograms in the base constructor, before its own
  // class fields reset them; setting a (no-op) meter provider creates them again.
  instrumentation.setMeterProvider?.(metrics.getMeterProvider());
  instrumentation.enable();
}

function decodeJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) throw new Error('the OTLP serializer returned nothing');
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Installs global providers (context, tracer, logger): one recording per process. */
export async function recordCase(drive: CaseDriver): Promise<RecordedCase> {
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
  const records = logRecords.getFinishedLogRecords();
  return {
    traces: decodeJson(JsonTraceSerializer.serializeRequest(spans.getFinishedSpans())),
    logs: records.length > 0 ? decodeJson(JsonLogsSerializer.serializeRequest(records)) : null,
    llmRequests: llm.requests,
  };
}
