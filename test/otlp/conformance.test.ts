// OTLP/HTTP receiver conformance, in the spirit of the collector's otlpreceiver tests:
// each malformed request gets the status the OTLP spec prescribes, with a
// google.rpc.Status body in the request's encoding, and never crashes the server.
import http from 'node:http';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { loadJsonFixture } from '../helpers/fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ config: { receivers: { otlp: { protocols: { http: { max_request_body_size_mib: 4 } } } } } });
});
afterAll(() => server?.stop());

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends a body in chunks without Content-Length, as streaming clients do. */
function send(method: string, path: string, headers: Record<string, string>, body?: Buffer | string, chunked = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.otlpHttpUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined && chunked) {
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 64 * 1024) req.write(buf.subarray(i, i + 64 * 1024));
    } else if (body !== undefined) req.write(body);
    req.end();
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO_TYPE = { 'content-type': 'application/x-protobuf' };
const jsonBody = (r: RawResponse) => JSON.parse(r.body.toString('utf8'));

function spanJson(traceId: string, spanId: string, extra: Record<string, unknown> = {}) {
  return { traceId, spanId, name: 'op', kind: 1, startTimeUnixNano: '1770918466000000000', endTimeUnixNano: '1770918467000000000', ...extra };
}
function requestJson(spans: unknown[], extra: Record<string, unknown> = {}) {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans }] }], ...extra });
}
const GOOD_TRACE = '5b8efff798038103d269b633813fc60c';
const GOOD_SPAN = 'eee19b7ec3c1b174';

describe('OTLP/HTTP conformance', () => {
  it('405 with Allow: POST for other methods', async () => {
    const r = await send('GET', '/v1/traces', {});
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
  });

  it('404 for an unknown path, naming the right ones', async () => {
    const r = await send('POST', '/v1/spans', JSON_TYPE, '{}');
    expect(r.status).toBe(404);
    expect(jsonBody(r).message).toContain('/v1/traces');
  });

  it('415 for an unsupported content type, with a Status body', async () => {
    const r = await send('POST', '/v1/traces', { 'content-type': 'text/plain' }, 'hello');
    expect(r.status).toBe(415);
    expect(jsonBody(r)).toMatchObject({ code: 3, message: expect.stringContaining('application/x-protobuf') });
  });

  it('accepts media type parameters and upper case', async () => {
    const r = await send('POST', '/v1/traces', { 'content-type': 'Application/JSON; charset=utf-8' }, '{}');
    expect(r.status).toBe(200);
  });

  it('400 with a protobuf Status for undecodable protobuf', async () => {
    const r = await send('POST', '/v1/traces', PROTO_TYPE, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/x-protobuf');
    const status = otlpTypes.status.decode(r.body) as unknown as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/protobuf/i);
  });

  it('400 with a JSON Status for malformed JSON', async () => {
    const r = await send('POST', '/v1/traces', JSON_TYPE, '{"resourceSpans": [');
    expect(r.status).toBe(400);
    expect(jsonBody(r).code).toBe(3);
  });

  it('400 for a wrongly shaped JSON request, naming the field', async () => {
    const r = await send('POST', '/v1/traces', JSON_TYPE, '{"resourceSpans": {"a": 1}}');
    expect(r.status).toBe(400);
    expect(jsonBody(r).message).toContain('resourceSpans');
  });

  it('200 for an empty protobuf body (an empty request) and for {}', async () => {
    expect((await send('POST', '/v1/traces', PROTO_TYPE, Buffer.alloc(0))).status).toBe(200);
    const r = await send('POST', '/v1/traces', JSON_TYPE, '{}');
    expect(r.status).toBe(200);
    expect(jsonBody(r).partialSuccess).toBeUndefined();
  });

  it('400 for an empty JSON body', async () => {
    expect((await send('POST', '/v1/traces', JSON_TYPE, '')).status).toBe(400);
  });

  it('400 for a corrupt gzip body', async () => {
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'content-encoding': 'gzip' }, Buffer.from('not gzip at all'));
    expect(r.status).toBe(400);
    expect(jsonBody(r).message).toMatch(/gzip/);
  });

  it('400 for an unsupported content encoding', async () => {
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'content-encoding': 'br' }, '{}');
    expect(r.status).toBe(400);
    expect(jsonBody(r).message).toContain('br');
  });

  it('accepts deflate', async () => {
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'content-encoding': 'deflate' }, zlib.deflateSync('{}'));
    expect(r.status).toBe(200);
  });

  it('413 for a chunked body over the limit (no Content-Length)', async () => {
    const r = await send('POST', '/v1/traces', JSON_TYPE, Buffer.alloc(6 * 1024 * 1024, 0x20), true);
    expect(r.status).toBe(413);
  });

  it('413 for a small gzip body that decompresses past the limit', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'content-encoding': 'gzip' }, bomb);
    expect(r.status).toBe(413);
  });

  it('refuses a span timed past 2^63-1 ns alone (partial_success), storing the rest of the request', async () => {
    const body = requestJson([
      spanJson(GOOD_TRACE, GOOD_SPAN),
      spanJson(GOOD_TRACE, 'eee19b7ec3c1b175', { startTimeUnixNano: '18446744073709551615', endTimeUnixNano: '18446744073709551615' }),
      spanJson(GOOD_TRACE, 'eee19b7ec3c1b176', { endTimeUnixNano: '9223372036854775808' }),
    ]);
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'x-project-id': 'conformance-far-future' }, body);
    expect(r.status).toBe(200);
    expect(jsonBody(r).partialSuccess).toMatchObject({ rejectedSpans: '2' });
    expect(jsonBody(r).partialSuccess.errorMessage).toMatch(/latest storable time/);
    const db = new Database(server.dbPath, { readonly: true });
    const rows = db.prepare("SELECT span_id FROM spans WHERE project_id = 'conformance-far-future'").pluck().all();
    db.close();
    expect(rows).toEqual([GOOD_SPAN]);
  });

  it('rejects bad ids through partial_success and stores the good spans of the same request', async () => {
    const body = requestJson([
      spanJson(GOOD_TRACE, GOOD_SPAN),
      spanJson('abc', GOOD_SPAN), // too short
      spanJson(GOOD_TRACE, '00000000000000000'), // 17 digits
      spanJson('W47/95gDgQPSabYzgT/GDA==', GOOD_SPAN), // base64, as protobufjs' fromObject would want
      spanJson('0'.repeat(32), GOOD_SPAN), // all-zero is invalid per the trace spec
    ]);
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'x-project-id': 'conformance-ids' }, body);
    expect(r.status).toBe(200);
    expect(jsonBody(r).partialSuccess).toMatchObject({ rejectedSpans: '4' });
    expect(jsonBody(r).partialSuccess.errorMessage).toMatch(/invalid trace id/);
    const db = new Database(server.dbPath, { readonly: true });
    const rows = db.prepare("SELECT trace_id, span_id FROM spans WHERE project_id = 'conformance-ids'").all();
    db.close();
    expect(rows).toEqual([{ trace_id: GOOD_TRACE, span_id: GOOD_SPAN }]);
  });

  it('accepts upper-case hex ids, unknown fields, snake_case and int64 strings beyond 2^53', async () => {
    const body = JSON.stringify({
      resource_spans: [{ scope_spans: [{ spans: [{
        trace_id: GOOD_TRACE.toUpperCase(), span_id: 'AAAAAAAAAAAAAAA1', name: 'op', kind: 'SPAN_KIND_CLIENT',
        start_time_unix_nano: '1770918466000000001', end_time_unix_nano: 1770918467000000000,
        attributes: [{ key: 'big', value: { intValue: '9223372036854775807' } }],
        someFutureField: { nested: true },
      }] }] }],
      unknownTopLevel: 1,
    });
    const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'x-project-id': 'conformance-json' }, body);
    expect(r.status).toBe(200);
    const db = new Database(server.dbPath, { readonly: true });
    db.defaultSafeIntegers(true);
    const row = db.prepare("SELECT span_id, kind, start_ns, json_extract(attributes_json, '$.big') AS big FROM spans WHERE project_id = 'conformance-json'").get();
    db.close();
    expect(row).toEqual({ span_id: 'aaaaaaaaaaaaaaa1', kind: 3n, start_ns: 1770918466000000001n, big: 9223372036854775807n });
  });

  it('answers a protobuf request in protobuf, with partial_success when spans are rejected', async () => {
    const request = otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(3, 1), name: 'short id' }] }] }],
    })).finish();
    const r = await send('POST', '/v1/traces', PROTO_TYPE, Buffer.from(request));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-protobuf');
    const response = otlpTypes.traceResponse.decode(r.body) as unknown as { partialSuccess: { rejectedSpans: { toNumber(): number } } };
    expect(Number(response.partialSuccess.rejectedSpans)).toBe(1);
  });

  it('ingests every real capture in ../shared/fixtures without error', async () => {
    for (const { name, requests } of loadJsonFixture()) {
      for (const request of requests) {
        const r = await send('POST', '/v1/traces', { ...JSON_TYPE, 'x-project-id': 'fixtures' }, JSON.stringify(request));
        expect(r.status, `${name}: ${r.body.toString()}`).toBe(200);
        expect(jsonBody(r).partialSuccess, name).toBeUndefined();
      }
    }
  });
});
