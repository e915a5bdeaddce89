// POST /logs stores an OTLP log record (severity mapped to OTLP's numbers, ids mapped as the
// direct-ingestion path maps them); POST /flush gives read-your-writes after concurrent posts.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpSpanId, toOtlpTraceId } from '../../../src/direct-ingest/ids.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { facade } from './facade-client.js';
import { SPEC_GENERATION } from './spec-examples.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

interface StoredLog {
  trace_id: string | null;
  span_id: string | null;
  time_ns: bigint;
  severity_number: number;
  severity_text: string;
  body_json: string;
  attributes_json: string;
  scope_name: string;
}

function readLogs(): StoredLog[] {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    return db.prepare('SELECT trace_id, span_id, time_ns, severity_number, severity_text, body_json, attributes_json, scope_name FROM logs ORDER BY id').safeIntegers(true).all() as StoredLog[];
  } finally {
    db.close();
  }
}

describe('POST /logs', () => {
  it('stores an OTLP log record with its ids, time, body and attributes', async () => {
    const res = await facade(server, 'POST', '/logs', {
      level: 'info', message: 'tool call finished', attributes: { user: 'u1', attempt: 3, ratio: 0.5, nested: { list: [1, 'b'] } },
      trace_id: 't1', span_id: 's1', timestamp: '2026-04-03T10:00:00.250Z',
    });
    expect(res).toEqual({ status: 202, body: { status: 'accepted' } });
    const [log] = readLogs();
    expect(log).toMatchObject({
      trace_id: toOtlpTraceId('t1'), span_id: toOtlpSpanId('s1'), time_ns: BigInt(Date.parse('2026-04-03T10:00:00.250Z')) * 1_000_000n,
      severity_number: 9n, severity_text: 'info', body_json: '"tool call finished"', scope_name: 'tracelite.observability-api',
    });
    expect(JSON.parse(log!.attributes_json)).toEqual({ user: 'u1', attempt: 3, ratio: 0.5, nested: { list: [1, 'b'] } });
  });

  it('maps each level to OTLP\'s severity number', async () => {
    const levels = ['debug', 'warning', 'WARN', 'error', 'critical', 'Fatal'];
    for (const level of levels) expect((await facade(server, 'POST', '/logs', { level, message: level })).status).toBe(202);
    const stored = readLogs().slice(-levels.length);
    expect(stored.map((l) => [l.severity_text, Number(l.severity_number), l.trace_id])).toEqual([
      ['debug', 5, null], ['warning', 13, null], ['WARN', 13, null], ['error', 17, null], ['critical', 21, null], ['Fatal', 21, null],
    ]);
    expect(Number(stored[0]!.time_ns / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('POST /flush', () => {
  it('answers 202 flushed with nothing pending', async () => {
    expect(await facade(server, 'POST', '/flush')).toEqual({ status: 202, body: { status: 'flushed' } });
  });

  it('makes every trace of 20 concurrent posts readable right after', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `flush-${i}`);
    const posts = await Promise.all(ids.map((id) => facade(server, 'POST', '/traces', { name: id, trace_id: id, input: `question ${id}` })));
    expect(posts.map((p) => p.status)).toEqual(ids.map(() => 202));
    expect((await facade(server, 'POST', '/flush')).status).toBe(202);
    const reads = await Promise.all(ids.map((id) => facade(server, 'GET', `/traces/${id}`)));
    expect(reads.map((r) => [r.status, r.body.trace_id, r.body.name])).toEqual(ids.map((id) => [200, id, id]));
  });

  it('keeps every one of 10 concurrent generations on one trace', async () => {
    const posts = await Promise.all(Array.from({ length: 10 }, () => facade(server, 'POST', '/traces/busy/generations', SPEC_GENERATION)));
    expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
    expect((await facade(server, 'POST', '/flush')).status).toBe(202);
    expect((await facade(server, 'GET', '/traces/busy')).body).toMatchObject({ trace_id: 'busy', observation_count: 10, total_tokens: 150 });
  });
});
