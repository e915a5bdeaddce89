// Deletes and live SSE through real HTTP: deletes really remove the trace's rows (spans,
// roll-up, logs, scores); SSE delivers an event for a newly exported span, honours its
// trace filter, and is bounded in connections.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk } from '../../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { recordAgentTrace, recordSingleChatTrace } from './explorer-fixture.js';

let server: TestServer;
const project = (path: string) => `${server.apiUrl}/api/v1/project/w/otel/${path}`;

beforeAll(async () => {
  server = await startTestServer({ config: { api: { max_sse_connections: 1, sse_keepalive_seconds: 1 } } });
});

afterAll(async () => {
  await server?.stop();
});

async function exportTo(projectId: string, spans: Parameters<typeof exportOk>[1]): Promise<void> {
  await exportOk(createExporter('http-protobuf', server, { projectId }), spans);
}

function countRows(sql: string, ...params: unknown[]): number {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as number;
  } finally {
    db.close();
  }
}

describe('DELETE', () => {
  it('deletes one trace with its spans, logs and scores; a second delete is 404', async () => {
    const { spans, ids } = await recordAgentTrace({ sessionId: 'sx', userId: 'u', environment: 'dev', offsetMs: 0 });
    await exportTo('w', spans);
    const db = new Database(server.dbPath);
    db.prepare(`INSERT INTO logs (project_id, trace_id, span_id, time_ns, observed_time_ns, severity_number, attributes_json, resource_json, ingested_at_ms)
      VALUES ('w', ?, ?, 1, 1, 9, '{}', '{}', 0)`).run(ids.traceId, ids.chat1SpanId);
    db.prepare(`INSERT INTO scores (id, project_id, trace_id, name, data_type, value, timestamp_ms, created_at_ms, updated_at_ms)
      VALUES ('sc1', 'w', ?, 'quality', 'NUMERIC', 1, 0, 0, 0)`).run(ids.traceId);
    db.close();

    const res = await fetch(project(`traces/${ids.traceId}`), { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await fetch(project(`traces/${ids.traceId}`))).status).toBe(404);
    for (const table of ['spans', 'traces', 'logs', 'scores']) {
      expect(countRows(`SELECT COUNT(*) FROM ${table} WHERE project_id = 'w' AND trace_id = ?`, ids.traceId), table).toBe(0);
    }
    const again = await fetch(project(`traces/${ids.traceId}`), { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('bulk-deletes traces, and never another project’s', async () => {
    const a = await recordSingleChatTrace({ environment: 'dev', offsetMs: 100 });
    const b = await recordSingleChatTrace({ environment: 'dev', offsetMs: 200 });
    await exportTo('w', [...a.spans, ...b.spans]);
    await exportTo('other', a.spans);
    const res = await fetch(project('traces'), { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trace_ids: [a.traceId, b.traceId] }) });
    expect(res.status).toBe(204);
    expect(countRows(`SELECT COUNT(*) FROM traces WHERE project_id = 'w' AND trace_id IN (?, ?)`, a.traceId, b.traceId)).toBe(0);
    expect((await fetch(`${server.apiUrl}/api/v1/project/other/otel/traces/${a.traceId}`)).status).toBe(200);
    const bad = await fetch(project('traces'), { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trace_ids: [] }) });
    expect(bad.status).toBe(400);
  });

  it('deletes a session with all its traces', async () => {
    const one = await recordAgentTrace({ sessionId: 'sess-del', userId: 'u', environment: 'dev', offsetMs: 300 });
    const two = await recordAgentTrace({ sessionId: 'sess-del', userId: 'u', environment: 'dev', offsetMs: 400 });
    await exportTo('w', [...one.spans, ...two.spans]);
    expect((await fetch(project('sessions/sess-del'))).status).toBe(200);
    expect((await fetch(project('sessions/sess-del'), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(project('sessions/sess-del'))).status).toBe(404);
    expect(countRows(`SELECT COUNT(*) FROM spans WHERE project_id = 'w' AND trace_id IN (?, ?)`, one.ids.traceId, two.ids.traceId)).toBe(0);
  });
});

/** Accumulates SSE text from a streaming response; `until` reads until the text says so. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    async until(done: (text: string) => boolean): Promise<string> {
      while (!done(text)) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        text += decoder.decode(value, { stream: true });
      }
      return text;
    },
  };
}

/** The health endpoint's live subscriber count, polled until aborted clients are gone. */
async function liveSubscribersOnceClosed(): Promise<number> {
  let health: { live_subscribers: number } = { live_subscribers: -1 };
  for (let attempt = 0; attempt < 200 && health.live_subscribers !== 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    health = (await (await fetch(`${server.apiUrl}/api/v1/health`)).json()) as { live_subscribers: number };
  }
  return health.live_subscribers;
}

describe('GET /sse', () => {
  it('delivers an event for a newly exported span of the filtered trace, bounded connections', async () => {
    const wanted = await recordSingleChatTrace({ environment: 'dev', offsetMs: 500 });
    const unrelated = await recordSingleChatTrace({ environment: 'dev', offsetMs: 600 });
    const controller = new AbortController();
    const res = await fetch(project(`sse?trace_id=${wanted.traceId}`), { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = sseReader(res);
    await stream.until((text) => text.includes(': connected'));

    // the hub is full (max_sse_connections: 1): a second client is refused, retryably
    const refused = await fetch(project('sse'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(await refused.json()).toMatchObject({ code: 'UNAVAILABLE' });

    await exportTo('w', unrelated.spans);
    await exportTo('w', wanted.spans);
    const text = await stream.until((t) => t.includes('event: span'));
    const data = JSON.parse(/event: span\ndata: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({ type: 'span', project_id: 'w', trace_id: wanted.traceId });
    expect(text).not.toContain(unrelated.traceId);
    controller.abort();

    expect(await liveSubscribersOnceClosed()).toBe(0); // the closed client released its slot
  });

  it('feeds a later subscriber again (the writer reports commits only while someone listens)', async () => {
    const wanted = await recordSingleChatTrace({ environment: 'dev', offsetMs: 700 });
    const controller = new AbortController();
    const res = await fetch(project(`sse?trace_id=${wanted.traceId}`), { signal: controller.signal });
    const stream = sseReader(res);
    await stream.until((text) => text.includes(': connected'));
    await exportTo('w', wanted.spans);
    const text = await stream.until((t) => t.includes('event: span'));
    expect(text).toContain(wanted.traceId);
    controller.abort();
    expect(await liveSubscribersOnceClosed()).toBe(0);
  });

  it('sends keepalive comments', async () => {
    const controller = new AbortController();
    const res = await fetch(project('sse'), { signal: controller.signal });
    expect(res.status).toBe(200);
    try {
      const text = await sseReader(res).until((t) => t.includes(': keepalive'));
      expect(text).toContain(': keepalive\n\n');
    } finally {
      controller.abort();
    }
  });
});
