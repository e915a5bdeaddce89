// Memory under hostile input, made for real: a `tracelite serve` child process (so its RSS is
// its own) gets huge values, huge arrays, 10,000-deep nesting and a million tiny spans over
// real HTTP and gRPC. It must answer each with the right status, cut and mark what it stores,
// stay up, and keep its peak RSS (VmHWM) under a bound that follows from the body limit.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import {
  MIB,
  buildDeepKvlistJson,
  buildDeepKvlistProtobuf,
  buildEmptySpansJson,
  buildHugeArrayProtobuf,
  buildHugeStringJson,
  buildHugeStringProtobuf,
  buildTinySpansProtobuf,
  newSpanIds,
  type SpanIds,
} from './hostile-input-payloads.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
// The shipped defaults (config.yaml), written out by hand: what an operator reads there.
const DEFAULT_VALUE_LIMIT = 1024 * 1024;
const MARKER = '…[truncated by tracelite]';

interface ChildServer {
  child: ChildProcess;
  http: string;
  grpc: string;
  dbPath: string;
  stderr: () => string;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-hostile-'));
let server: ChildServer;
let startupPeakMib = 0;

beforeAll(async () => {
  server = await startChildServer(path.join(dir, 'hostile.db'));
  startupPeakMib = peakRssMib(server.child.pid!);
}, 60_000);

afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function startChildServer(dbPath: string, extraArgs: string[] = []): Promise<ChildServer> {
  const args = [...CLI_ENTRY, 'serve', '--db', dbPath, '--grpc-port', '0', '--http-port', '0', '--api-port', '0', ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACELITE_CONFIG: '' } });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const http = /OTLP\/HTTP\s+http:\/\/([^/\s]+)/.exec(stdout)?.[1];
      const grpcAddress = /OTLP\/gRPC\s+(\S+:\d+)/.exec(stdout)?.[1];
      if (http && grpcAddress && /API\s+http/.test(stdout)) resolve({ child, http: `http://${http}`, grpc: grpcAddress, dbPath, stderr: () => stderr });
    });
  });
}

function postTraces(body: string | Buffer, contentType: string, to: ChildServer = server): Promise<{ status: number; text: string; retryAfter: string | null }> {
  return fetch(`${to.http}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType }, body }).then(async (r) => ({ status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after') }));
}

function exportOverGrpc(request: Buffer): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(server.grpc, grpc.credentials.createInsecure());
  return new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest(TRACE_EXPORT, (b: Buffer) => b, (b: Buffer) => b, request, (err) => resolve(err));
  }).finally(() => client.close());
}

function readStoredAttributes(ids: SpanIds): Record<string, unknown> | undefined {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    const row = db.prepare('SELECT attributes_json FROM spans WHERE trace_id = ? AND span_id = ?').get(ids.traceId, ids.spanId) as { attributes_json: string } | undefined;
    return row && (JSON.parse(row.attributes_json) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

/** Peak resident set of the server process so far, in MiB (Linux /proc). */
function peakRssMib(pid: number): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kib) / 1024;
}

function expectAlive(): void {
  expect(server.child.exitCode, server.stderr()).toBeNull();
}

describe('memory under hostile input (a real server in a child process)', () => {
  it('stores a 50 MB attribute from a 60 MB OTLP/JSON body cut to the limit, and marks the span', async () => {
    const ids = newSpanIds();
    const response = await postTraces(buildHugeStringJson(ids, 50 * MIB), 'application/json');
    expect(response.status).toBe(200);
    const attributes = readStoredAttributes(ids)!;
    const value = attributes['input.value'] as string;
    expect(value.endsWith(MARKER)).toBe(true);
    expect(value.length).toBe(DEFAULT_VALUE_LIMIT + MARKER.length);
    expect(attributes['gen_ai.operation.name']).toBe('chat');
    expect(attributes['tracelite.truncated']).toEqual({ 'attributes.input.value': 50 * MIB });
    expectAlive();
  }, 120_000);

  it('does the same for a 50 MB value over gRPC (protobuf)', async () => {
    const ids = newSpanIds();
    expect(await exportOverGrpc(buildHugeStringProtobuf(ids, 50 * MIB))).toBeNull();
    const attributes = readStoredAttributes(ids)!;
    expect((attributes['input.value'] as string).length).toBe(DEFAULT_VALUE_LIMIT + MARKER.length);
    expect(attributes['tracelite.truncated']).toEqual({ 'attributes.input.value': 50 * MIB });
    expectAlive();
  }, 120_000);

  it('keeps the first 10,000 entries of a 1M-entry array and records the original count', async () => {
    const ids = newSpanIds();
    const response = await postTraces(buildHugeArrayProtobuf(ids, 1_000_000), 'application/x-protobuf');
    expect(response.status).toBe(200);
    const attributes = readStoredAttributes(ids)!;
    const embedding = attributes['embedding'] as number[];
    expect(embedding).toHaveLength(10_000);
    expect(embedding.every((n) => n === 7)).toBe(true);
    expect(attributes['tracelite.truncated']).toEqual({ 'attributes.embedding': 1_000_000 });
    expectAlive();
  }, 120_000);

  it('refuses a kvlist nested 10,000 deep with a clear 400 (JSON) and INVALID_ARGUMENT (gRPC)', async () => {
    const json = await postTraces(buildDeepKvlistJson(newSpanIds(), 10_000), 'application/json');
    expect(json.status).toBe(400);
    expect(json.text).toMatch(/nested deeper than \d+ levels/);
    const grpcError = await exportOverGrpc(buildDeepKvlistProtobuf(newSpanIds(), 10_000));
    expect(grpcError?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(grpcError?.details).toMatch(/nesting depth/);
    expectAlive();
  }, 120_000);

  it('refuses a million 10-byte spans in one request with 413 / RESOURCE_EXHAUSTED, naming the limit', async () => {
    const request = buildTinySpansProtobuf(1_000_000);
    expect(request.length).toBeLessThan(11 * MIB); // 10 bytes a span, plus two headers
    const http = await postTraces(request, 'application/x-protobuf');
    expect(http.status).toBe(413);
    expect(http.text).toContain('1000000 spans');
    expect(http.text).toContain('limits.max_items_per_request (100000)');
    const grpcError = await exportOverGrpc(request);
    expect(grpcError?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(grpcError?.details).toContain('send smaller batches');
    expectAlive();
  }, 120_000);

  it('survives a concurrent flood of all of them, still ingests, and keeps its peak RSS bounded', async () => {
    const jsonBodies = Array.from({ length: 4 }, () => buildHugeStringJson(newSpanIds(), 50 * MIB));
    const grpcBodies = [...Array.from({ length: 2 }, () => buildHugeStringProtobuf(newSpanIds(), 50 * MIB)), buildTinySpansProtobuf(1_000_000), buildTinySpansProtobuf(1_000_000)];
    const deep = buildDeepKvlistJson(newSpanIds(), 10_000);
    const inFlightMib = (jsonBodies.reduce((n, b) => n + b.length, 0) + grpcBodies.reduce((n, b) => n + b.length, 0) + deep.length) / MIB;
    const flood = [
      ...jsonBodies.map((body) => postTraces(body, 'application/json').then((r) => r.status)),
      ...grpcBodies.map((body) => exportOverGrpc(body).then((e) => e?.code ?? 0)),
      postTraces(deep, 'application/json').then((r) => r.status),
    ];
    const outcomes = await Promise.all(flood);
    // Accepted, or refused with a retryable 503/UNAVAILABLE when the write queue was full.
    for (const status of outcomes.slice(0, 4)) expect([200, 503]).toContain(status);
    for (const code of outcomes.slice(4, 6)) expect([0, grpc.status.UNAVAILABLE]).toContain(code);
    expect(outcomes.slice(6)).toEqual([grpc.status.RESOURCE_EXHAUSTED, grpc.status.RESOURCE_EXHAUSTED, 400]);
    expectAlive();

    const normal = buildJsonTraceRequest(5);
    expect((await postTraces(normal.body, 'application/json')).status).toBe(200);
    // Every body may be held twice at once (as received, and decoded to text or messages) while
    // the whole flood is in flight; plus the process as it started, and a fixed allowance for the
    // writer thread, SQLite's page cache and garbage not yet collected. Without the value limits
    // each 50 MB value was also copied into its row, to the writer thread and into SQLite.
    const bound = startupPeakMib + 2 * inFlightMib + 256;
    const peak = peakRssMib(server.child.pid!);
    console.log(`hostile-input: server peak RSS ${peak.toFixed(0)} MiB (started at ${startupPeakMib.toFixed(0)}, ${inFlightMib.toFixed(0)} MiB of bodies in flight, bound ${bound.toFixed(0)})`);
    expect(peak).toBeLessThan(bound);
  }, 300_000);
});

describe('bodies received at once (a second server with a 64 MiB budget)', () => {
  let small: ChildServer;
  beforeAll(async () => {
    const config = path.join(dir, 'budget.yaml');
    fs.writeFileSync(config, 'limits:\n  max_bodies_in_flight_mib: 64\n  retry_after_seconds: 2\n');
    small = await startChildServer(path.join(dir, 'budget.db'), ['--config', config]);
  }, 60_000);
  afterAll(() => small?.child.kill('SIGTERM'));

  it('refuses a body past the budget with a retryable 503 while another is still arriving, then takes both', async () => {
    const ids = newSpanIds();
    const slow = buildHugeStringJson(ids, 40 * MIB);
    const url = new URL(`${small.http}/v1/traces`);
    // The first sender stops 1 KB short of its end and waits: its 40 MB stay held by the server.
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': slow.length } });
    const firstStatus = new Promise<number>((resolve) => request.once('response', (r) => (r.resume(), resolve(r.statusCode!))));
    await new Promise<void>((resolve) => request.write(slow.slice(0, slow.length - 1024), () => resolve()));
    const second = await postTraces(buildHugeStringJson(newSpanIds(), 40 * MIB), 'application/json', small);
    expect(second.status).toBe(503);
    expect(second.retryAfter).toBe('2');
    expect(second.text).toContain('limits.max_bodies_in_flight_mib');
    request.end(slow.slice(slow.length - 1024));
    expect(await firstStatus).toBe(200);
    // The refusal was for then, not for good: the same export goes through once the first is in.
    expect((await postTraces(buildHugeStringJson(newSpanIds(), 40 * MIB), 'application/json', small)).status).toBe(200);
  }, 120_000);

  // The one amplification the limits cannot stop before it happens: JSON.parse builds every object
  // before anything can count them (~1.3 GB of heap for these 20M). It must end in a 413, not a crash.
  it('answers 20M empty spans in a 57 MiB OTLP/JSON body with 413 and stays up', async () => {
    const response = await postTraces(buildEmptySpansJson(20_000_000), 'application/json', small);
    expect(response.status).toBe(413);
    expect(response.text).toContain('20000000 spans');
    expect(small.child.exitCode, small.stderr()).toBeNull();
    expect((await postTraces(buildJsonTraceRequest(3).body, 'application/json', small)).status).toBe(200);
  }, 300_000);
});
