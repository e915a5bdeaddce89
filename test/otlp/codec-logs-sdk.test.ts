// Logs round trip through the real OpenTelemetry JS SDK: records from @opentelemetry/sdk-logs,
// serialized by otlp-transformer (protobuf and JSON), decoded by both of our codecs.

import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequestJson } from '../../src/otlp/decode-json.js';
import { decodeLogsRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import { KvList } from '../../src/otlp/model.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

function recordLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'logs-codec-test' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('gen_ai.events', '0.9.0');
  const spanContext = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  logger.emit({
    eventName: 'gen_ai.choice',
    timestamp: new Date(1_700_000_000_123),
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Sunny ☀️' }, tags: ['a', 'b'] },
    attributes: { 'gen_ai.system': 'openai', 'tokens': 12, ratio: 0.5 },
    context: spanContext,
  });
  logger.emit({ body: 'plain text body', severityNumber: SeverityNumber.ERROR2 });
  return exporter.getFinishedLogRecords();
}

describe('logs codecs against the OpenTelemetry JS SDK encoders', () => {
  const records = recordLogs();
  const protobufBytes = ProtobufLogsSerializer.serializeRequest(records)!;
  const jsonText = new TextDecoder().decode(JsonLogsSerializer.serializeRequest(records)!);
  const fromProtobuf = decodeLogsRequestProtobuf(protobufBytes);
  const fromJson = decodeLogsRequestJson(jsonText);

  it('decodes protobuf and JSON to the identical model', () => {
    expect(fromJson).toEqual(fromProtobuf);
  });

  it('keeps event name, severity, body, attributes, times and trace correlation', () => {
    const [rl] = fromProtobuf.resourceLogs;
    expect(rl!.resource.attributes['service.name']).toBe('logs-codec-test');
    const [sl] = rl!.scopeLogs;
    expect(sl!.scope).toMatchObject({ name: 'gen_ai.events', version: '0.9.0' });
    const [event, plain] = sl!.logRecords;
    expect(event).toMatchObject({
      eventName: 'gen_ai.choice',
      timeUnixNano: 1_700_000_000_123_000_000n,
      severityNumber: 9,
      severityText: 'INFO',
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      flags: 1,
      attributes: { 'gen_ai.system': 'openai', tokens: 12n, ratio: 0.5 },
    });
    expect(event!.observedTimeUnixNano).toBeGreaterThan(0n);
    expect(event!.body).toEqual(
      new KvList({ index: 0n, finish_reason: 'stop', message: new KvList({ role: 'assistant', content: 'Sunny ☀️' }), tags: ['a', 'b'] }),
    );
    expect(plain).toMatchObject({ body: 'plain text body', severityNumber: 18, eventName: '', traceId: '', spanId: '' });
  });

  it('accepts severity names and snake_case keys in OTLP/JSON', () => {
    const request = decodeLogsRequestJson(
      JSON.stringify({
        resource_logs: [
          {
            scope_logs: [
              {
                log_records: [
                  { severity_number: 'SEVERITY_NUMBER_WARN', event_name: 'x', trace_id: TRACE_ID.toUpperCase(), time_unix_nano: '1' },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(request.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]).toMatchObject({
      severityNumber: 13,
      eventName: 'x',
      traceId: TRACE_ID,
      timeUnixNano: 1n,
      body: null,
    });
  });
});
