// The real OpenTelemetry JS exporters (gRPC, HTTP/protobuf, HTTP/JSON; with and without
// gzip) against a running tracelite; what is stored must be exact.
import Database from 'better-sqlite3';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link, type SpanContext } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk, recordSpans, type ExporterKind } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { spanResourceJson } from '../../src/store/shared/span-resources.js';

let server: TestServer;
let db: Database.Database;

beforeAll(async () => {
  server = await startTestServer();
  db = new Database(server.dbPath, { readonly: true });
  db.defaultSafeIntegers(true);
});

afterAll(async () => {
  db?.close();
  await server?.stop();
});

const START = [1_770_918_466, 123_456_789] as [number, number]; // [seconds, nanos] — sub-ms precision

async function recordEveryValueType(tag: string) {
  return recordSpans((tracer) => {
    const parent = tracer.startSpan(`parent-${tag}`, { kind: SpanKind.SERVER, startTime: START });
    const parentCtx = parent.spanContext();
    const link: Link = { context: parentCtx, attributes: { 'link.attr': 'yes' } };
    const child = tracer.startSpan(`child-${tag}`, {
      kind: SpanKind.CLIENT,
      startTime: [START[0] + 1, 1],
      links: [link],
      attributes: {
        'attr.string': 'hello ✓',
        'attr.bool': true,
        'attr.int': 42,
        'attr.big': 9_007_199_254_740_991, // 2^53-1: the largest a JS SDK can send exactly
        'attr.negative': -7,
        'attr.double': 3.25,
        'attr.string_array': ['a', 'b'],
        'attr.int_array': [1, 2, 3],
        'attr.bool_array': [true, false],
      },
    }, withParent(parentCtx));
    child.addEvent('step', { 'event.attr': 1.5 }, [START[0] + 1, 500]);
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    child.end([START[0] + 2, 999_999_999]);
    parent.end([START[0] + 3, 7]);
  });
}

// Parent context for the child without touching the global context manager.
function withParent(spanContext: SpanContext) {
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

const cases: { kind: ExporterKind; gzip: boolean }[] = [
  { kind: 'grpc', gzip: false },
  { kind: 'grpc', gzip: true },
  { kind: 'http-protobuf', gzip: false },
  { kind: 'http-protobuf', gzip: true },
  { kind: 'http-json', gzip: false },
  { kind: 'http-json', gzip: true },
];

describe.each(cases)('$kind exporter (gzip: $gzip)', ({ kind, gzip }) => {
  it('stores ids, nanosecond times, every attribute type, events, links and status exactly', async () => {
    const tag = `${kind}-${gzip}`;
    const spans = await recordEveryValueType(tag);
    const exporter = createExporter(kind, server, { gzip, projectId: `p-${tag}` });
    await exportOk(exporter, spans);
    await exporter.shutdown();

    const child = spans.find((s) => s.name === `child-${tag}`)!;
    const row = db.prepare(`SELECT s.*, ${spanResourceJson('s')} AS stored_resource FROM spans s WHERE s.project_id = ? AND s.span_id = ?`).get(`p-${tag}`, child.spanContext().spanId) as Record<string, any>;
    expect(row).toBeDefined();
    expect(row.trace_id).toBe(child.spanContext().traceId);
    expect(row.parent_span_id).toBe(child.parentSpanContext?.spanId);
    expect(row.name).toBe(`child-${tag}`);
    expect(row.kind).toBe(3n); // CLIENT
    expect(row.start_ns).toBe(1_770_918_467_000_000_001n);
    expect(row.end_ns).toBe(1_770_918_468_999_999_999n);
    expect(row.status_code).toBe(2n);
    expect(row.status_message).toBe('boom');

    const attr = (key: string) => db.prepare(`SELECT json_extract(?, '$."' || ? || '"') AS v, json_type(?, '$."' || ? || '"') AS t`).get(row.attributes_json, key, row.attributes_json, key) as { v: unknown; t: string };
    expect(attr('attr.string')).toEqual({ v: 'hello ✓', t: 'text' });
    expect(attr('attr.bool').t).toBe('true');
    expect(attr('attr.int')).toEqual({ v: 42n, t: 'integer' });
    expect(attr('attr.big')).toEqual({ v: 9_007_199_254_740_991n, t: 'integer' });
    expect(attr('attr.negative')).toEqual({ v: -7n, t: 'integer' });
    expect(attr('attr.double')).toEqual({ v: 3.25, t: 'real' });
    expect(JSON.parse(row.attributes_json)['attr.string_array']).toEqual(['a', 'b']);
    expect(JSON.parse(row.attributes_json)['attr.int_array']).toEqual([1, 2, 3]);
    expect(JSON.parse(row.attributes_json)['attr.bool_array']).toEqual([true, false]);

    const events = JSON.parse(row.events_json);
    expect(events).toEqual([{ time_unix_nano: '1770918467000000500', name: 'step', attributes: { 'event.attr': 1.5 }, dropped_attributes_count: 0 }]);
    const links = JSON.parse(row.links_json);
    expect(links[0].span_id).toBe(spans.find((s) => s.name === `parent-${tag}`)!.spanContext().spanId);
    expect(links[0].attributes).toEqual({ 'link.attr': 'yes' });

    const resource = JSON.parse(row.stored_resource);
    expect(resource['service.name']).toBe('tracelite-test');
    expect(row.scope_name).toBe('tracelite-test');
    expect(row.scope_version).toBe('1.0.0');

    const traceRow = db.prepare('SELECT * FROM traces WHERE project_id = ? AND trace_id = ?').get(`p-${tag}`, row.trace_id) as Record<string, any>;
    expect(traceRow.span_count).toBe(2n);
    expect(traceRow.name).toBe(`parent-${tag}`);
    expect(traceRow.error_count).toBe(1n);
    expect(traceRow.start_ns).toBe(1_770_918_466_123_456_789n);
  });
});

describe('idempotency', () => {
  it('stores a span exported twice (a client retry) once, and counts it once', async () => {
    const spans = await recordEveryValueType('retry');
    const exporter = createExporter('http-protobuf', server, { projectId: 'p-retry' });
    await exportOk(exporter, spans);
    await exportOk(exporter, spans);
    await exporter.shutdown();
    const count = db.prepare("SELECT count(*) AS n FROM spans WHERE project_id = 'p-retry'").get() as { n: bigint };
    expect(count.n).toBe(2n);
    const traceRow = db.prepare("SELECT span_count FROM traces WHERE project_id = 'p-retry'").get() as { span_count: bigint };
    expect(traceRow.span_count).toBe(2n);
  });
});
