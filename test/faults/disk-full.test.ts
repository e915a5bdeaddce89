// A full disk, made for real: the database lives on a small tmpfs this test mounts (root
// only; skipped with the reason elsewhere). Exports that cannot be written are refused with
// the retryable statuses (HTTP 503 + Retry-After, gRPC UNAVAILABLE + RetryInfo), the episode
// is logged once, reads keep working, and once space is freed writes resume without a
// restart, with every acknowledged span stored once and no refused export half-written.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { buildJsonTraceRequest, type BuiltRequest } from '../helpers/otlp-requests.js';
import { countStoredSpans, mountTmpfs, startServerOn, whyNoTmpfs, writeFaultLines, writeFiller, type FaultServer, type Tmpfs } from './disk-mount.js';

const skipReason = whyNoTmpfs();
if (skipReason) console.warn(`skipping disk-full tests: ${skipReason}`);

// ~2 KB of attribute text per span: the 10 MiB filesystem fills within a few hundred exports.
const PAYLOAD = { 'gen_ai.prompt': 'x'.repeat(2048) };
// Exports meant to be refused are larger than anything left (a small one may still fit into
// space SQLite already holds, and is then rightly accepted).
const LARGE_PAYLOAD = { 'gen_ai.prompt': 'x'.repeat(32 * 1024) };

describe.skipIf(skipReason !== null)('disk full (a real 10 MiB tmpfs)', () => {
  let disk: Tmpfs;
  let server: FaultServer;
  let dbPath: string;
  let filler: string;
  const acked: BuiltRequest[] = [];
  let refused: BuiltRequest;

  beforeAll(async () => {
    disk = mountTmpfs('size=10m');
    // Written first, so that deleting it later frees space on a disk the database filled.
    filler = path.join(disk.dir, 'filler.bin');
    writeFiller(filler, 3 * 1024 * 1024);
    dbPath = path.join(disk.dir, 'db', 'tracelite.db');
    server = await startServerOn(dbPath, 3);
  });
  afterAll(async () => {
    await server?.running.stop();
    disk?.unmount();
  });

  const post = (request: BuiltRequest) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });

  it('refuses with HTTP 503 + Retry-After and a message naming the directory once the disk is full', async () => {
    let response: Response | undefined;
    for (let i = 0; i < 2000; i++) {
      const request = buildJsonTraceRequest(20, PAYLOAD);
      response = await post(request);
      if (response.status !== 200) {
        refused = request;
        break;
      }
      acked.push(request);
    }
    expect(acked.length).toBeGreaterThan(5);
    expect(response!.status).toBe(503);
    expect(response!.headers.get('retry-after')).toBe('3');
    const body = (await response!.json()) as { code: number; message: string };
    expect(body.code).toBe(14); // google.rpc.Code UNAVAILABLE
    expect(body.message).toContain(`database disk is full at ${path.join(disk.dir, 'db')}`);
    expect(body.message).toContain('resumes writing by itself');
    // Nothing of the refused export was written (its transaction rolled back).
    expect(countStoredSpans(dbPath, refused.spanIds)).toBe(0);
  });

  it('refuses over gRPC with UNAVAILABLE + RetryInfo', async () => {
    const client = new grpc.Client(server.running.endpoints.grpc!, grpc.credentials.createInsecure());
    const { spanIds } = buildJsonTraceRequest(20);
    const traceId = Buffer.from(spanIds[0]! + spanIds[1]!, 'hex');
    const spans = spanIds.map((id) => ({ traceId, spanId: Buffer.from(id, 'hex'), name: 'chat', startTimeUnixNano: 1, endTimeUnixNano: 2, attributes: [{ key: 'gen_ai.prompt', value: { stringValue: LARGE_PAYLOAD['gen_ai.prompt'] } }] }));
    const request = Buffer.from(otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject({ resourceSpans: [{ scopeSpans: [{ spans }] }] })).finish());
    const error = await new Promise<grpc.ServiceError | null>((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, request, (err) => resolve(err));
    });
    client.close();
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
    expect(error?.details).toContain('database disk is full');
    const details = error!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const status = otlpTypes.status.decode(details) as unknown as { details: { type_url: string; typeUrl?: string; value: Uint8Array }[] };
    const retryInfo = status.details.find((d) => (d.typeUrl ?? d.type_url).endsWith('google.rpc.RetryInfo'))!;
    expect(Number((otlpTypes.retryInfo.decode(retryInfo.value) as unknown as { retryDelay: { seconds: unknown } }).retryDelay.seconds)).toBe(3);
    expect(countStoredSpans(dbPath, spanIds)).toBe(0);
  });

  it('reports one episode and logs it once however many exports it refuses', async () => {
    for (let i = 0; i < 5; i++) expect((await post(buildJsonTraceRequest(20, LARGE_PAYLOAD))).status).toBe(503);
    const state = server.running.writeFaults.current();
    expect(state?.kind).toBe('disk_full');
    expect(state?.refusedExports).toBeGreaterThanOrEqual(7);
    expect(state?.refusedItems).toBeGreaterThanOrEqual(140);
    expect(state?.message).toContain(path.join(disk.dir, 'db'));
    expect(server.running.writeFaults.episodes()).toBe(1);
    expect(server.running.writeFaults.refusalsByKind().disk_full).toBe(state?.refusedExports);
    const lines = writeFaultLines(server.logLines);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ state: 'started', kind: 'disk_full', path: path.join(disk.dir, 'db') });
  });

  it('refuses REST writes the same way: facade log and score, Langfuse ingestion and score', async () => {
    const traceId = (JSON.parse(acked[0]!.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId;
    const langfuse = { authorization: 'Basic ' + Buffer.from('pk:sk').toString('base64'), 'content-type': 'application/json' };
    const json = { 'content-type': 'application/json' };
    // Writes larger than what is left (a small one may still fit into space SQLite holds).
    const BIG = 'x'.repeat(1024 * 1024);
    const writes: [string, Record<string, string>, unknown][] = [
      ['/api/v1/observability/logs', json, { level: 'info', message: BIG }],
      [`/api/v1/observability/traces/${traceId}/scores`, json, { name: 'quality', value: 0.9, comment: BIG }],
      ['/api/public/ingestion', langfuse, { batch: [{ id: 'ev-1', type: 'trace-create', timestamp: new Date().toISOString(), body: { id: 'lf-trace-1', name: BIG } }] }],
      ['/api/public/scores', langfuse, { traceId, name: 'quality', value: 1, comment: BIG }],
    ];
    for (const [route, headers, body] of writes) {
      const response = await fetch(`${server.apiUrl}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
      expect({ route, status: response.status, retryAfter: response.headers.get('retry-after') }).toEqual({ route, status: 503, retryAfter: '3' });
      expect(await response.text()).toContain('database disk is full');
    }
  });

  it('keeps serving reads while writes are refused', async () => {
    const response = await fetch(`${server.apiUrl}/api/v1/project/default/otel/traces?include_nongenai=true&limit=5`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { meta: { total_items: number } };
    expect(body.meta.total_items).toBe(acked.length);
  });

  it('takes writes again by itself once space is freed, and every acknowledged span is stored once', async () => {
    fs.rmSync(filler);
    // No client sends meanwhile (an orchestrator may have taken the receiver out of service):
    // a probe write every few seconds ends the episode.
    const deadline = Date.now() + 10_000;
    while (server.running.writeFaults.current() !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(server.running.writeFaults.current()).toBeNull();
    const retried = await post(refused);
    expect(retried.status).toBe(200);
    acked.push(refused);
    expect(writeFaultLines(server.logLines)).toHaveLength(2);
    const ended = writeFaultLines(server.logLines).at(-1);
    expect(ended).toMatchObject({ state: 'ended', kind: 'disk_full' });
    expect(ended!.refusedExports).toBeGreaterThanOrEqual(7);
    // A client retrying an export that was acknowledged changes nothing (span identity).
    expect((await post(acked[0]!)).status).toBe(200);
    const ackedIds = acked.flatMap((request) => request.spanIds);
    expect(countStoredSpans(dbPath, ackedIds)).toBe(ackedIds.length);
  });
});
