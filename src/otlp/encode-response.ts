// RECEIVE stage, response side: builds what an OTLP server answers — the
// Export{Trace,Logs,Metrics}ServiceResponse (with partial_success when something was rejected)
// and the google.rpc.Status error body (with RetryInfo when throttled) — in protobuf or JSON.

import type protobuf from 'protobufjs';
import type { Signal } from './model.js';
import { anyTypeUrlField, otlpTypes } from './proto-loader.js';

export type OtlpEncoding = 'protobuf' | 'json';

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';
/** google.rpc.Code UNAVAILABLE: the code OTLP uses for "retry later". */
const UNAVAILABLE = 14;

const RESPONSE_TYPES: Record<Signal, protobuf.Type> = {
  traces: otlpTypes.traceResponse,
  logs: otlpTypes.logsResponse,
  metrics: otlpTypes.metricsResponse,
};

/** The per-signal name of ExportXPartialSuccess's count field. */
const REJECTED_FIELD: Record<Signal, string> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

/** partial_success is sent only when something was rejected or there is a warning to pass on;
 *  an empty response means full success. */
function buildPartialSuccess(signal: Signal, rejectedCount: number, errorMessage: string): Record<string, unknown> | undefined {
  if (rejectedCount <= 0 && !errorMessage) return undefined;
  const partial: Record<string, unknown> = {};
  // proto3 JSON writes int64 as a decimal string; protobufjs accepts the same for encoding.
  if (rejectedCount > 0) partial[REJECTED_FIELD[signal]] = String(Math.trunc(rejectedCount));
  if (errorMessage) partial.errorMessage = errorMessage;
  return partial;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeExportResponse(signal: Signal, rejectedCount: number, errorMessage: string, encoding: 'protobuf'): Uint8Array;
export function encodeExportResponse(signal: Signal, rejectedCount: number, errorMessage: string, encoding: 'json'): string;
export function encodeExportResponse(
  signal: Signal,
  rejectedCount: number,
  errorMessage: string,
  encoding: OtlpEncoding,
): Uint8Array | string;
export function encodeExportResponse(
  signal: Signal,
  rejectedCount: number,
  errorMessage: string,
  encoding: OtlpEncoding,
): Uint8Array | string {
  const partialSuccess = buildPartialSuccess(signal, rejectedCount, errorMessage);
  if (encoding === 'json') return JSON.stringify(partialSuccess === undefined ? {} : { partialSuccess });
  const type = RESPONSE_TYPES[signal];
  return type.encode(type.fromObject(partialSuccess === undefined ? {} : { partialSuccess })).finish();
}

/** The Export response as a Buffer, for grpc-js's custom `responseSerialize`. */
export function serializeExportResponseProtobuf(signal: Signal, rejectedCount: number, message: string): Buffer {
  return toBuffer(encodeExportResponse(signal, rejectedCount, message, 'protobuf'));
}

/** google.protobuf.Duration parts; negative or non-finite delays become 0. */
function toDuration(seconds: number): { seconds: number; nanos: number } {
  if (!Number.isFinite(seconds) || seconds <= 0) return { seconds: 0, nanos: 0 };
  let whole = Math.floor(seconds);
  let nanos = Math.round((seconds - whole) * 1e9);
  if (nanos >= 1e9) {
    whole += 1;
    nanos = 0;
  }
  return { seconds: whole, nanos };
}

/** proto3 JSON form of a Duration: "5s", "1.500s" (0, 3, 6 or 9 fractional digits). */
function formatDurationJson(duration: { seconds: number; nanos: number }): string {
  if (duration.nanos === 0) return `${duration.seconds}s`;
  let fraction = String(duration.nanos).padStart(9, '0');
  while (fraction.endsWith('000')) fraction = fraction.slice(0, -3);
  return `${duration.seconds}.${fraction}s`;
}

// protobufjs resolves google/protobuf/any.proto to its bundled JSON descriptor, whose
// field keeps the snake_case name `type_url` (keepCase only applies to parsed .proto text).
function encodeRetryInfoAny(seconds: number): { type_url: string; value: Uint8Array } {
  const retryInfo = otlpTypes.retryInfo.fromObject({ retryDelay: toDuration(seconds) });
  return { type_url: RETRY_INFO_TYPE_URL, value: otlpTypes.retryInfo.encode(retryInfo).finish() };
}

function encodeStatusProtobuf(code: number, message: string, retryAfterSeconds?: number): Uint8Array {
  const details = retryAfterSeconds === undefined ? [] : [encodeRetryInfoAny(retryAfterSeconds)];
  const status = otlpTypes.status.create({ code, message, details });
  return otlpTypes.status.encode(status).finish();
}

/** google.rpc.Status (an OTLP error body) in the request's encoding; `code` is a google.rpc.Code
 *  (= gRPC status code). With retryAfterSeconds, details carry a google.rpc.RetryInfo. */
export function encodeStatus(code: number, message: string, encoding: 'protobuf', retryAfterSeconds?: number): Uint8Array;
export function encodeStatus(code: number, message: string, encoding: 'json', retryAfterSeconds?: number): string;
export function encodeStatus(code: number, message: string, encoding: OtlpEncoding, retryAfterSeconds?: number): Uint8Array | string;
export function encodeStatus(
  code: number,
  message: string,
  encoding: OtlpEncoding,
  retryAfterSeconds?: number,
): Uint8Array | string {
  if (encoding === 'protobuf') return encodeStatusProtobuf(code, message, retryAfterSeconds);
  const body: Record<string, unknown> = { code, message };
  if (retryAfterSeconds !== undefined) {
    const retryDelay = formatDurationJson(toDuration(retryAfterSeconds));
    body.details = [{ '@type': RETRY_INFO_TYPE_URL, retryDelay }];
  }
  return JSON.stringify(body);
}

/** Value for the `grpc-status-details-bin` trailer: a google.rpc.Status whose details carry
 *  RetryInfo, which OTLP/gRPC clients read to pace their retry. `code`/`message` should repeat
 *  the call's gRPC status. */
export function retryInfoDetailsBin(seconds: number, code: number = UNAVAILABLE, message = ''): Buffer {
  return toBuffer(encodeStatusProtobuf(code, message, seconds));
}
