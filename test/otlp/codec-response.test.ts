// Response encoding: Export responses (partial_success only when something was rejected) read
// back by the OpenTelemetry JS exporters' own response parsers, and google.rpc.Status error
// bodies / grpc-status-details-bin with RetryInfo in both encodings.

import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { encodeExportResponse, encodeStatus, retryInfoDetailsBin, serializeExportResponseProtobuf } from '../../src/otlp/encode-response.js';
import { anyTypeUrlField, otlpTypes } from '../../src/otlp/proto-loader.js';

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

function decodeStatus(bytes: Uint8Array) {
  // Read the raw message: protobufjs's toObject would unwrap the Any into its "@type" JSON form.
  const status = otlpTypes.status.decode(bytes) as unknown as {
    code: number;
    message: string;
    details: Record<string, Uint8Array | string>[];
  };
  const details = status.details.map((d) => ({
    typeUrl: d[anyTypeUrlField],
    retryInfo: otlpTypes.retryInfo.toObject(otlpTypes.retryInfo.decode(d.value as Uint8Array), { longs: String, defaults: true }),
  }));
  return { code: status.code, message: status.message, details };
}

describe('encodeExportResponse', () => {
  it('encodes full success as an empty message in both encodings', () => {
    expect(encodeExportResponse('traces', 0, '', 'protobuf')).toHaveLength(0);
    expect(encodeExportResponse('traces', 0, '', 'json')).toBe('{}');
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 0, '', 'protobuf'))).toEqual({});
  });

  it('carries partial_success with the per-signal count field, readable by the SDK exporters', () => {
    const traces = ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 3, 'spans without trace id', 'protobuf'));
    expect(traces.partialSuccess?.rejectedSpans).toBe(3);
    expect(traces.partialSuccess?.errorMessage).toBe('spans without trace id');
    const logs = ProtobufLogsSerializer.deserializeResponse(encodeExportResponse('logs', 2, 'bad', 'protobuf'));
    expect(logs.partialSuccess?.rejectedLogRecords).toBe(2);
    const metrics = ProtobufMetricsSerializer.deserializeResponse(encodeExportResponse('metrics', 7, '', 'protobuf'));
    expect(metrics.partialSuccess?.rejectedDataPoints).toBe(7);
    expect(otlpTypes.metricsResponse.toObject(otlpTypes.metricsResponse.decode(encodeExportResponse('metrics', 7, '', 'protobuf')))).toEqual({
      partialSuccess: { rejectedDataPoints: expect.objectContaining({ low: 7, high: 0 }) },
    });
  });

  it('writes proto3 JSON (int64 as a string) for OTLP/JSON clients', () => {
    const json = encodeExportResponse('traces', 3, 'spans without trace id', 'json');
    expect(JSON.parse(json)).toEqual({ partialSuccess: { rejectedSpans: '3', errorMessage: 'spans without trace id' } });
    expect(JsonTraceSerializer.deserializeResponse(new TextEncoder().encode(json))).toEqual(JSON.parse(json));
    expect(JSON.parse(encodeExportResponse('logs', 0, 'warning only', 'json'))).toEqual({ partialSuccess: { errorMessage: 'warning only' } });
    expect(JsonLogsSerializer.deserializeResponse(new TextEncoder().encode(encodeExportResponse('logs', 1, '', 'json')))).toEqual({
      partialSuccess: { rejectedLogRecords: '1' },
    });
  });

  it('serializes the gRPC response as a Buffer', () => {
    const buffer = serializeExportResponseProtobuf('traces', 1, 'x');
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(ProtobufTraceSerializer.deserializeResponse(buffer).partialSuccess).toEqual({ rejectedSpans: 1, errorMessage: 'x' });
  });
});

describe('encodeStatus', () => {
  it('encodes a plain google.rpc.Status', () => {
    expect(decodeStatus(encodeStatus(3, 'cannot decode', 'protobuf'))).toEqual({ code: 3, message: 'cannot decode', details: [] });
    expect(JSON.parse(encodeStatus(3, 'cannot decode', 'json'))).toEqual({ code: 3, message: 'cannot decode' });
  });

  it('adds RetryInfo when a retry delay is given', () => {
    expect(decodeStatus(encodeStatus(14, 'queue full', 'protobuf', 5))).toEqual({
      code: 14,
      message: 'queue full',
      details: [{ typeUrl: RETRY_INFO, retryInfo: { retryDelay: { seconds: '5', nanos: 0 } } }],
    });
    expect(JSON.parse(encodeStatus(14, 'queue full', 'json', 5))).toEqual({
      code: 14,
      message: 'queue full',
      details: [{ '@type': RETRY_INFO, retryDelay: '5s' }],
    });
    expect(JSON.parse(encodeStatus(14, 'x', 'json', 1.5)).details[0].retryDelay).toBe('1.500s');
    expect(decodeStatus(encodeStatus(14, 'x', 'protobuf', 1.5)).details[0]!.retryInfo).toEqual({ retryDelay: { seconds: '1', nanos: 500_000_000 } });
  });

  it('builds the grpc-status-details-bin trailer value', () => {
    const bin = retryInfoDetailsBin(2);
    expect(Buffer.isBuffer(bin)).toBe(true);
    expect(decodeStatus(bin)).toEqual({
      code: 14,
      message: '',
      details: [{ typeUrl: RETRY_INFO, retryInfo: { retryDelay: { seconds: '2', nanos: 0 } } }],
    });
    expect(decodeStatus(retryInfoDetailsBin(1, 8, 'throttled'))).toMatchObject({ code: 8, message: 'throttled' });
  });
});
