// DECODE stage setup: loads the OTLP + google.rpc .proto files from the repo's proto/
// directory once, at module load, with protobufjs reflection.
// Output: the message types the protobuf codecs decode requests and encode responses with.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

// src/otlp/ and dist/otlp/ both sit two levels under the repo root, next to proto/.
const PROTO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'proto');

const PROTO_FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
];

function loadOtlpRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports are written relative to proto/ (as protoc -I proto would resolve them).
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync(PROTO_FILES, { keepCase: false });
  root.resolveAll();
  return root;
}

const root = loadOtlpRoot();

function lookupType(name: string): protobuf.Type {
  return root.lookupType(name);
}

export const otlpTypes = {
  traceRequest: lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  traceResponse: lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  logsRequest: lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
  logsResponse: lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
  metricsRequest: lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
  metricsResponse: lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
  status: lookupType('google.rpc.Status'),
  retryInfo: lookupType('google.rpc.RetryInfo'),
  any: lookupType('google.protobuf.Any'),
} as const;

/** Field name of google.protobuf.Any.type_url in this root. protobufjs substitutes its bundled
 *  google/protobuf/*.proto for ours, and its bundled Any keeps the snake_case name `type_url`. */
export const anyTypeUrlField: string = otlpTypes.any.fieldsById[1]!.name;

function lookupEnumValues(name: string): Readonly<Record<string, number>> {
  return root.lookupEnum(name).values;
}

/** Enum name -> number tables (OTLP/JSON may send enums by name). */
export const otlpEnums = {
  spanKind: lookupEnumValues('opentelemetry.proto.trace.v1.Span.SpanKind'),
  statusCode: lookupEnumValues('opentelemetry.proto.trace.v1.Status.StatusCode'),
  severityNumber: lookupEnumValues('opentelemetry.proto.logs.v1.SeverityNumber'),
  aggregationTemporality: lookupEnumValues('opentelemetry.proto.metrics.v1.AggregationTemporality'),
} as const;

/** Directory holding the .proto files (for callers that need the files themselves, e.g. tooling). */
export const protoDir = PROTO_DIR;
