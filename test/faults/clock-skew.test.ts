// Clock skew and bad timestamps through the real receiver and the real explorer API. Spans
// recorded with the OpenTelemetry JS SDK from a clock three days ahead and from 1970, and
// OTLP/JSON spans whose end is before their start (test/fixtures/faults/bad-end-times.json),
// must show up in a "last 24 h" list at their receive time, be found with the `clock_skew`
// filter, keep the times they were sent with, and never show a negative duration.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Tracer } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk, recordSpans } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { findExportSpanPage } from '../../src/store/read/export-queries.js';
import { placeSpanTimes } from '../../src/ingest-times.js';

const DAY_MS = 24 * 3600 * 1000;
const FUTURE_MS = Date.now() + 3 * DAY_MS;
const fixture = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/faults/bad-end-times.json'), 'utf8')) as { request: unknown };

let server: TestServer;
const ids: Record<string, string> = {};
let receivedFromMs = 0;
let receivedToMs = 0;

interface TraceDto { trace_id: string; start_time: string; duration_ms: number }
interface SpanDto { span_name: string; timestamp_start: string; timestamp_end: string; duration_ms: number; clock_skew: null | Record<string, string> }

async function recordChat(name: string, start: Date, end: Date) {
  const spans = await recordSpans((tracer: Tracer) => {
    const span = tracer.startSpan(name, { startTime: start, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
    span.end(end);
  });
  ids[name] = spans[0]!.spanContext().traceId;
  return spans;
}

async function getJson<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${server.apiUrl}/api/v1/project/skew/otel/${pathAndQuery}`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body as T;
}

const listNames = async (query: string) => {
  const page = await getJson<{ data: TraceDto[] }>(`traces?${query}`);
  const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return page.data.map((t) => byId[t.trace_id]);
};
const filter = (value: boolean) => `filters=${encodeURIComponent(JSON.stringify([{ key: 'clock_skew', op: 'eq', value }]))}`;

beforeAll(async () => {
  server = await startTestServer();
  const exporter = createExporter('http-protobuf', server, { projectId: 'skew' });
  const onTime = await recordChat('on-time chat', new Date(Date.now() - 1000), new Date());
  const future = await recordChat('future chat', new Date(FUTURE_MS), new Date(FUTURE_MS + 1500));
  const epoch = await recordChat('epoch chat', new Date(0), new Date(0));
  receivedFromMs = Date.now();
  for (const spans of [onTime, future, epoch]) await exportOk(exporter, spans);
  const posted = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'skew' }, body: JSON.stringify(fixture.request) });
  expect(posted.status).toBe(200);
  ids['backwards chat'] = 'b0000000000000000000000000000001';
  ids['unended chat'] = 'b0000000000000000000000000000002';
  await new Promise((r) => setTimeout(r, 20));
  // Exported last, stamped now: newer than anything placed at its receive time before it.
  await exportOk(exporter, await recordChat('later chat', new Date(), new Date(Date.now() + 10)));
  receivedToMs = Date.now();
});

afterAll(async () => {
  await server?.stop();
});

describe('spans from a skewed clock', () => {
  it('appear in a last-24-hours list at their receive time, under newer traces', async () => {
    const since = new Date(Date.now() - DAY_MS).toISOString();
    const names = await listNames(`from_timestamp=${since}&limit=50`);
    expect(names).toEqual(expect.arrayContaining(['on-time chat', 'future chat', 'epoch chat', 'later chat']));
    // Not pinned to the top by a start three days ahead: the trace exported after it is newer.
    expect(names[0]).toBe('later chat');
    const page = await getJson<{ data: TraceDto[] }>(`traces?from_timestamp=${since}&limit=50`);
    for (const name of ['future chat', 'epoch chat']) {
      const trace = page.data.find((t) => t.trace_id === ids[name])!;
      const startMs = Date.parse(trace.start_time);
      expect(startMs).toBeGreaterThanOrEqual(receivedFromMs - 1);
      expect(startMs).toBeLessThanOrEqual(receivedToMs);
    }
    expect(page.data.find((t) => t.trace_id === ids['future chat'])!.duration_ms).toBe(1500);
  });

  it('are found with the clock_skew filter, and only they', async () => {
    expect((await listNames(`${filter(true)}&order_by=start_time:asc`)).sort()).toEqual(['backwards chat', 'epoch chat', 'future chat', 'unended chat']);
    expect((await listNames(filter(false))).sort()).toEqual(['later chat', 'on-time chat']);
    const spans = await getJson<{ data: SpanDto[] }>(`spans?${filter(true)}`);
    expect(spans.data.map((s) => s.span_name).sort()).toEqual(['backwards chat', 'epoch chat', 'future chat', 'unended chat']);
  });

  it('keep the times they were sent with, on the span and in the raw span', async () => {
    const [future] = (await getJson<{ data: (SpanDto & { raw_span: { start_time_unix_nano: string } })[] }>(`traces/${ids['future chat']}/spans?include_raw_span=true`)).data;
    expect(future!.clock_skew!.sent_timestamp_start).toBe(new Date(FUTURE_MS).toISOString());
    expect(future!.raw_span.start_time_unix_nano).toBe(`${BigInt(FUTURE_MS) * 1_000_000n}`);
    expect(future!.duration_ms).toBe(1500);
    const [epoch] = (await getJson<{ data: SpanDto[] }>(`traces/${ids['epoch chat']}/spans`)).data;
    expect(epoch!.clock_skew).toMatchObject({ sent_start_time_unix_nano: '0', sent_end_time_unix_nano: '0' });
    const [onTime] = (await getJson<{ data: SpanDto[] }>(`traces/${ids['on-time chat']}/spans`)).data;
    expect(onTime!.clock_skew).toBeNull();
  });

  it('with an end before the start keep their start and last zero, never a negative duration', async () => {
    const [backwards] = (await getJson<{ data: SpanDto[] }>(`traces/${ids['backwards chat']}/spans`)).data;
    expect(backwards!.timestamp_start).toBe('2025-01-26T10:12:40.000Z');
    expect(backwards!.timestamp_end).toBe(backwards!.timestamp_start);
    expect(backwards!.duration_ms).toBe(0);
    expect(backwards!.clock_skew).toMatchObject({ sent_end_time_unix_nano: '1737886355000000000' });
    const [unended] = (await getJson<{ data: SpanDto[] }>(`traces/${ids['unended chat']}/spans`)).data;
    expect(unended!.duration_ms).toBe(0);
    const all = await getJson<{ data: TraceDto[] }>('traces?limit=50');
    expect(all.data).toHaveLength(6);
    for (const trace of all.data) expect(trace.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('go out of tracelite export with the times they came in with', () => {
    const db = new Database(server.dbPath, { readonly: true });
    try {
      const page = findExportSpanPage(db, { projectId: 'skew', traceIds: [ids['epoch chat']!, ids['unended chat']!], sinceNs: null, untilNs: null }, null, 100);
      const times = Object.fromEntries(page.items.map(({ item }) => [item.name, [item.startTimeUnixNano, item.endTimeUnixNano]]));
      expect(times).toEqual({ 'epoch chat': [0n, 0n], 'unended chat': [1737886370000000000n, 0n] });
    } finally {
      db.close();
    }
  });
});

describe('the placement rule at its edges', () => {
  const receivedMs = Date.parse('2026-12-05T09:30:00Z');
  const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
  const receivedNs = BigInt(receivedMs) * 1_000_000n;

  it('leaves ordinary skew and old-but-real times alone', () => {
    expect(placeSpanTimes(ns('2026-12-05T10:29:59Z'), ns('2026-12-05T10:30:01Z'), receivedMs)).toBeNull(); // 59:59 ahead
    expect(placeSpanTimes(ns('2000-01-01T00:00:00Z'), ns('2000-01-01T00:00:01Z'), receivedMs)).toBeNull(); // an import of old data
  });

  it('places a start over an hour ahead or before 2000 at the receive time, keeping a duration up to a day', () => {
    expect(placeSpanTimes(ns('2026-12-05T10:30:01Z'), ns('2026-12-05T10:30:03Z'), receivedMs)).toMatchObject({ startNs: receivedNs, endNs: receivedNs + 2_000_000_000n, durationNs: 2_000_000_000n });
    expect(placeSpanTimes(ns('1999-12-31T23:59:59Z'), ns('2000-01-01T00:00:00Z'), receivedMs)).toMatchObject({ startNs: receivedNs, durationNs: 1_000_000_000n });
    // Start 0 with a real end: 56 years is no duration.
    expect(placeSpanTimes(0n, ns('2026-12-05T09:29:00Z'), receivedMs)).toMatchObject({ startNs: receivedNs, endNs: receivedNs, durationNs: 0n });
  });
});

