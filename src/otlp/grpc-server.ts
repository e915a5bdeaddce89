// RECEIVE: the OTLP/gRPC listener (default 127.0.0.1:4317): Trace, Logs and Metrics
// Export. Messages arrive as raw bytes (identity deserializer) so a decode failure is
// our INVALID_ARGUMENT, not grpc-js's generic INTERNAL; every error maps through the
// one status table; nothing surfaces as UNKNOWN.
import * as grpc from '@grpc/grpc-js';
import type { AppConfig } from '../config/schema.js';
import { toAppError, type AppError } from '../errors.js';
import type { IngestResult } from '../ingest.js';
import type { Logger } from '../logger.js';
import { decodeLogsRequestProtobuf, decodeMetricsRequestProtobuf, decodeTraceRequestProtobuf } from './decode-protobuf.js';
import { retryInfoDetailsBin, serializeExportResponseProtobuf } from './encode-response.js';
import type { Signal } from './model.js';
import { firstValue, requestedProject, type OtlpIngest } from './otlp-ingest.js';
import { countItems, type ItemTally } from './export-outcomes.js';

type GrpcProtocolConfig = NonNullable<AppConfig['receivers']['otlp']['protocols']['grpc']>;

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const passThrough = (value: Buffer) => value;

export interface StartedGrpcServer {
  port: number;
  close(): Promise<void>;
}

export async function startOtlpGrpcServer(config: GrpcProtocolConfig, host: string, port: number, ingest: OtlpIngest, log: Logger): Promise<StartedGrpcServer> {
  const options: grpc.ServerOptions = { 'grpc.max_receive_message_length': Math.floor(config.max_recv_msg_size_mib * 1024 * 1024) };
  if (config.max_concurrent_streams > 0) options['grpc.max_concurrent_streams'] = config.max_concurrent_streams;
  const server = new grpc.Server(options);
  enlargeFlowControlWindow(server, config.initial_window_size_kib * 1024, log);
  for (const signal of Object.keys(SERVICES) as Signal[]) {
    const definition: grpc.ServiceDefinition = {
      Export: { path: SERVICES[signal], requestStream: false, responseStream: false, requestSerialize: passThrough, requestDeserialize: passThrough, responseSerialize: passThrough, responseDeserialize: passThrough },
    };
    server.addService(definition, { Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => void exportCall(signal, call, callback, ingest, log) });
  }
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, actual) => {
      if (err) reject(/EADDRINUSE|address already in use/i.test(err.message) ? new Error(`address ${host}:${port} is already in use`) : err);
      else resolve(actual);
    });
  });
  return { port: bound, close: () => shutdown(server) };
}

async function exportCall(signal: Signal, call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>, ingest: OtlpIngest, log: Logger): Promise<void> {
  const tally: ItemTally | null = ingest.outcomes ? { items: 0 } : null;
  try {
    const metadata = (key: string) => firstValue(call.metadata.get(key).map(String));
    // Exporters send the key as `authorization` metadata, or as `x-api-key` (some configure that).
    const credentials = { authorization: metadata('authorization'), apiKey: metadata('x-api-key') };
    const projectId = await ingest.resolveProject(credentials, requestedProject(undefined, call.metadata.get('x-project-id').map(String)));
    const result = await exportSignal(signal, projectId, call.request, ingest, tally);
    ingest.outcomes?.accepted(signal, 'grpc', result.accepted, result.rejected);
    callback(null, serializeExportResponseProtobuf(signal, result.rejected, result.errorMessage));
  } catch (err) {
    const error = toAppError(err);
    if (error.code === 'INTERNAL') log.error('OTLP/gRPC export failed', { signal, error: err });
    ingest.outcomes?.refused(signal, 'grpc', error, tally?.items ?? 0);
    callback(toServiceError(error));
  }
}

function exportSignal(signal: Signal, projectId: string, body: Buffer, ingest: OtlpIngest, tally: ItemTally | null): Promise<IngestResult> {
  if (signal === 'traces') return ingest.traces(projectId, countItems(decodeTraceRequestProtobuf(body), tally));
  if (signal === 'logs') return ingest.logs(projectId, countItems(decodeLogsRequestProtobuf(body), tally));
  return ingest.metrics(projectId, countItems(decodeMetricsRequestProtobuf(body), tally));
}

function toServiceError(error: AppError): Partial<grpc.ServiceError> {
  const metadata = new grpc.Metadata();
  if (error.retryAfterSeconds !== undefined) metadata.set('grpc-status-details-bin', retryInfoDetailsBin(error.retryAfterSeconds, error.grpcCode, error.message));
  return { code: error.grpcCode, details: error.message, metadata };
}

// grpc-js has no server option for the HTTP/2 flow-control window, and its 64 KiB default
// makes a client stall after every 64 KiB of a multi-MB OTLP message (throughput halves).
// We raise the stream window via the HTTP/2 SETTINGS it passes through, and the session
// window as each session opens. Both reach into grpc-js internals; if they move, we log
// and keep the default instead of failing.
function enlargeFlowControlWindow(server: grpc.Server, windowBytes: number, log: Logger): void {
  const internals = server as unknown as { commonServerOptions?: { settings?: Record<string, unknown> }; http2Servers?: Map<unknown, unknown>; bindAsync: grpc.Server['bindAsync'] };
  if (!internals.commonServerOptions) {
    log.warn('cannot raise the gRPC flow-control window: grpc-js internals changed');
    return;
  }
  internals.commonServerOptions.settings = { ...internals.commonServerOptions.settings, initialWindowSize: windowBytes };
  const originalBind = internals.bindAsync.bind(server);
  internals.bindAsync = (address, credentials, callback) =>
    originalBind(address, credentials, (err, port) => {
      for (const http2Server of internals.http2Servers?.keys() ?? []) {
        (http2Server as import('node:http2').Http2Server).on('session', (session) => {
          session.once('localSettings', () => session.setLocalWindowSize(windowBytes));
        });
      }
      callback(err, port);
    });
}

function shutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 5000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
