// Backpressure: a full write queue refuses exports with the retryable status (HTTP 503 +
// Retry-After, gRPC UNAVAILABLE + RetryInfo) instead of dropping, and after recovery every
// acknowledged span is stored.
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;

beforeAll(async () => {
  // A queue of 20 rows and 10-span requests: three concurrent exports already overflow it.
  server = await startTestServer({ config: { storage: { max_queue_spans: 20, max_batch_spans: 20 }, limits: { retry_after_seconds: 2 } } });
});
afterAll(() => server?.stop());

function countStored(spanIds: string[]): number {
  const db = new Database(server.dbPath, { readonly: true });
  const stmt = db.prepare("SELECT count(*) AS n FROM spans WHERE project_id = 'bp' AND span_id = ?");
  const n = spanIds.reduce((sum, id) => sum + (stmt.get(id) as { n: number }).n, 0);
  db.close();
  return n;
}

describe('backpressure', () => {
  it('HTTP: 503 with Retry-After when the queue is full; every acknowledged span is stored after retries', async () => {
    const requests = Array.from({ length: 40 }, () => buildJsonTraceRequest(10));
    const post = (body: string) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'bp' }, body });
    const first = await Promise.all(requests.map((r) => post(r.body)));
    const refused = first.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.headers.get('retry-after')).toBe('2');
    expect(((await refused[0]!.json()) as { code: number }).code).toBe(14); // UNAVAILABLE in the Status body
    expect(first.every((r) => r.status === 200 || r.status === 503)).toBe(true);

    // Retry the refused ones one at a time, as an SDK's retry loop would.
    const acked = requests.filter((_, i) => first[i]!.status === 200);
    for (const [i, request] of requests.entries()) {
      if (first[i]!.status === 200) continue;
      const retry = await post(request.body);
      expect(retry.status).toBe(200);
      acked.push(request);
    }
    const ackedIds = acked.flatMap((r) => r.spanIds);
    expect(ackedIds).toHaveLength(400);
    expect(countStored(ackedIds)).toBe(400);
  });

  it('gRPC: UNAVAILABLE with RetryInfo when the queue is full', async () => {
    const client = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure());
    const encode = () => Buffer.from(otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject(protobufRequest())).finish());
    const call = () => new Promise<grpc.ServiceError | null>((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, encode(), (err) => resolve(err));
    });
    const results = await Promise.all(Array.from({ length: 30 }, call));
    client.close();
    const refused = results.filter((e): e is grpc.ServiceError => e !== null);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.code === grpc.status.UNAVAILABLE)).toBe(true);
    const details = refused[0]!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const status = otlpTypes.status.decode(details) as unknown as { code: number; details: { type_url: string; typeUrl?: string; value: Uint8Array }[] };
    expect(status.code).toBe(14);
    const retryInfo = status.details.find((d) => (d.typeUrl ?? d.type_url).endsWith('google.rpc.RetryInfo'))!;
    const decoded = otlpTypes.retryInfo.decode(retryInfo.value) as unknown as { retryDelay: { seconds: unknown } };
    expect(Number(decoded.retryDelay.seconds)).toBe(2);
  });
});

function protobufRequest() {
  const { spanIds } = buildJsonTraceRequest(10);
  const traceId = Buffer.from(spanIds[0]! + spanIds[1]!, 'hex');
  return {
    resourceSpans: [{ scopeSpans: [{ spans: spanIds.map((id) => ({ traceId, spanId: Buffer.from(id, 'hex'), name: 'x', startTimeUnixNano: 1, endTimeUnixNano: 2 })) }] }],
  };
}
