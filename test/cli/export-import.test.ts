// `tracelite export` and `tracelite import` as a CI job runs them: the real CLI in child processes,
// real database files, a real server written to by the OpenTelemetry JS exporter. Export -> import
// -> export gives byte-identical lines, and what comes out is what the SDK and the fixtures sent
// (minus the known limits in docs/export-import.md, applied explicitly below).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import Database from 'better-sqlite3';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLogsRequestJson, decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { KvList, type AnyValue, type Attributes, type ExportLogsRequest, type ExportTraceRequest, type InstrumentationScope, type OtlpLogRecord, type OtlpSpan, type Resource } from '../../src/otlp/model.js';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { loadCapture, replayCapture } from '../captures/replay-capture.js';
import { createExporter, exportOk, recordSpans } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VALUES = path.join(ROOT, 'test/fixtures/otlp/export-values.jsonl');
const CAPTURE = 'openai-otel-contrib';
const SDK_TRACE = '5b8aa5a2d2c872e8321cf37308d69df2';
const LINKED_TRACE = '8448eb211c80319c0af7651916cd43dd';
const VALUES_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-export-import-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TRACELITE_CONFIG: '', ...env };
  delete childEnv.TRACELITE_DB;
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => stdout.push(c));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr })));
}

async function runOk(args: string[]): Promise<Run> {
  const run = await runCli(args);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  return run;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

interface Flat<T> {
  resource: Resource;
  resourceSchemaUrl: string;
  scope: InstrumentationScope;
  scopeSchemaUrl: string;
  item: T;
}

function flattenSpans(requests: ExportTraceRequest[]): Map<string, Flat<OtlpSpan>> {
  const out = new Map<string, Flat<OtlpSpan>>();
  for (const rs of requests.flatMap((r) => r.resourceSpans)) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) out.set(`${span.traceId}/${span.spanId}`, { resource: rs.resource, resourceSchemaUrl: rs.schemaUrl, scope: ss.scope, scopeSchemaUrl: ss.schemaUrl, item: span });
    }
  }
  return out;
}

function flattenLogs(requests: ExportLogsRequest[]): Flat<OtlpLogRecord>[] {
  return requests.flatMap((r) => r.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((item) => (
    { resource: rl.resource, resourceSchemaUrl: rl.schemaUrl, scope: sl.scope, scopeSchemaUrl: sl.schemaUrl, item })))));
}

function spanLinesOf(text: string): ExportTraceRequest[] {
  return lines(text).filter((l) => l.startsWith('{"resourceSpans"')).map((l) => decodeTraceRequestJson(l));
}

function logLinesOf(text: string): ExportLogsRequest[] {
  return lines(text).filter((l) => l.startsWith('{"resourceLogs"')).map((l) => decodeLogsRequestJson(l));
}

// The known limits (docs/export-import.md), applied to what was sent: the store keeps bytes as
// their base64 text and NaN/±Infinity as strings, and not a resource's dropped attribute count.
function lossyValue(value: AnyValue): AnyValue {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(lossyValue);
  if (value instanceof KvList) return new KvList(lossyAttributes(value.values));
  return value;
}

function lossyAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const key of Object.keys(attributes)) Object.defineProperty(out, key, { value: lossyValue(attributes[key]!), enumerable: true, writable: true, configurable: true });
  return out;
}

function lossySpan(flat: Flat<OtlpSpan>): Flat<OtlpSpan> {
  const span = flat.item;
  return {
    ...flat, resource: { attributes: lossyAttributes(flat.resource.attributes), droppedAttributesCount: 0 },
    item: { ...span, attributes: lossyAttributes(span.attributes), events: span.events.map((e) => ({ ...e, attributes: lossyAttributes(e.attributes) })), links: span.links.map((l) => ({ ...l, attributes: lossyAttributes(l.attributes) })) },
  };
}

// Log records also lose their scope's attributes and both schema URLs (the logs table has no
// columns for them), and a record without a time gets its observed time.
function lossyLog(flat: Flat<OtlpLogRecord>): Flat<OtlpLogRecord> {
  const record = flat.item;
  return {
    resource: { attributes: lossyAttributes(flat.resource.attributes), droppedAttributesCount: 0 }, resourceSchemaUrl: '',
    scope: { ...flat.scope, attributes: {}, droppedAttributesCount: 0 }, scopeSchemaUrl: '',
    item: { ...record, timeUnixNano: record.timeUnixNano || record.observedTimeUnixNano, body: lossyValue(record.body), attributes: lossyAttributes(record.attributes) },
  };
}

/** Records in a stable order however their times tie: by their whole content. */
function sortCanonically<T>(items: T[]): T[] {
  const text = (item: T) => JSON.stringify(item, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return [...items].sort((a, b) => text(a).localeCompare(text(b)));
}

async function recordAgentSpans() {
  return recordSpans((tracer) => {
    const remoteParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: SDK_TRACE, spanId: 'a1b2c3d4e5f60718', traceFlags: 1, isRemote: true, traceState: new TraceState('vendor=abc,other=1') });
    const linked = { traceId: LINKED_TRACE, spanId: '0102030405060708', traceFlags: 1, traceState: new TraceState('linked=yes') };
    const root = tracer.startSpan('invoke_agent weather', {
      kind: SpanKind.SERVER,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', attempt: 3, ratio: 0.25, 'usage.huge': 2 ** 60, ok: false, tags: ['a', 'b'], scores: [1, 2.5] },
      links: [{ context: linked, attributes: { 'link.reason': 'retry of', 'link.attempt': 2 } }],
    }, remoteParent);
    root.addEvent('gen_ai.tool.call', { 'tool.name': 'get_weather', count: 2, share: 0.5 });
    root.addEvent('no attributes');
    const child = tracer.startSpan('chat gpt-4o', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 12 } }, trace.setSpan(remoteParent, root));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    child.end();
    root.setStatus({ code: SpanStatusCode.OK });
    root.end();
  }, { 'service.name': 'export-import-test', 'deployment.environment.name': 'ci' });
}

// Each CLI run starts Node with tsx (~2 s on a 2-core machine); a test runs several.
describe('tracelite export and import', { timeout: 120_000 }, () => {
  let server: TestServer;
  let sentSdk: ExportTraceRequest;
  let exported = '';
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    server = await startTestServer();
    const spans = await recordAgentSpans();
    sentSdk = decodeTraceRequestJson(JsonTraceSerializer.serializeRequest(spans)!);
    await exportOk(createExporter('http-protobuf', server), spans);
    await replayCapture(server.otlpHttpUrl, CAPTURE, 'default', 'json');
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file into a running server with --url, each line through its OTLP/HTTP endpoint', async () => {
    const run = await runOk(['import', VALUES, '--url', server.apiUrl]);
    expect(run.stderr).toBe("tracelite import: 4 span(s), 3 log record(s) from 2 line(s) into project 'default'\n");
  });

  it('exports what was sent exactly (ids, times, attributes, events, links, resource, scope), while the server runs', async () => {
    const run = await runOk(['export', '--db', server.dbPath, '--logs']);
    exported = run.stdout;
    expect(run.stderr).toBe("tracelite export: 13 span(s) in 1 line(s), 19 log record(s) in 1 line(s) from project 'default'\n");
    const out = flattenSpans(spanLinesOf(exported));
    const sent = [...flattenSpans([sentSdk]), ...flattenSpans([decodeTraceRequestJson(JSON.stringify(loadCapture(CAPTURE).traces))]), ...flattenSpans([decodeTraceRequestJson(lines(fs.readFileSync(VALUES, 'utf8'))[0]!)])];
    expect(out.size).toBe(sent.length);
    for (const [key, flat] of sent) expect(out.get(key), key).toEqual(lossySpan(flat));
    // Spot checks of what the comparison covers, as they appear on the line.
    const sdkRoot = [...out.values()].find((f) => f.item.name === 'invoke_agent weather')!.item;
    expect(sdkRoot).toMatchObject({ traceState: 'vendor=abc,other=1', parentSpanId: 'a1b2c3d4e5f60718', kind: 2, status: { code: 1, message: '' } });
    expect(sdkRoot.links[0]).toMatchObject({ traceId: LINKED_TRACE, spanId: '0102030405060708', traceState: 'linked=yes', attributes: { 'link.reason': 'retry of', 'link.attempt': 2n } });
    expect(sdkRoot.attributes).toMatchObject({ attempt: 3n, ratio: 0.25, 'usage.huge': 2n ** 60n, ok: false, tags: ['a', 'b'], scores: [1n, 2.5] });
    expect(exported).toContain('"intValue":"9007199254740993"');
    expect(exported).toContain('{"key":"double.integral","value":{"doubleValue":3}}');
  });

  it('gives byte-identical lines after import into an empty database and export again', async () => {
    fs.writeFileSync(file('a.jsonl'), exported);
    const imported = await runOk(['import', file('a.jsonl'), '--db', file('b.db')]);
    expect(imported.stderr).toBe("tracelite import: 13 span(s), 19 log record(s) from 2 line(s) into project 'default'\n");
    const again = await runOk(['export', '--db', file('b.db'), '--logs']);
    expect(lines(again.stdout).sort()).toEqual(lines(exported).sort());
    expect(again.stdout).toBe(exported);
  });

  it('imports gzip (recognized by its magic bytes, not the name) and reads stdin for -', async () => {
    fs.writeFileSync(file('export.data'), zlib.gzipSync(exported));
    await runOk(['import', file('export.data'), '--db', file('gzip.db')]);
    expect((await runOk(['export', '--db', file('gzip.db'), '--logs'])).stdout).toBe(exported);

    const fromStdin = await new Promise<Run>((resolve) => {
      const env = { ...process.env, TRACELITE_CONFIG: '', TRACELITE_DB: '' };
      const child = spawn(process.execPath, [...CLI_ENTRY, 'import', '-', '--db', file('stdin.db')], { cwd: ROOT, env });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('close', (code) => resolve({ code, stdout: '', stderr }));
      child.stdin.end(zlib.gzipSync(fs.readFileSync(VALUES)));
    });
    expect(fromStdin).toMatchObject({ code: 0, stderr: "tracelite import: 4 span(s), 3 log record(s) from 2 line(s) into project 'default'\n" });
  });

  it('writes log records only with --logs, as ExportLogsServiceRequest lines after the spans', async () => {
    const spansOnly = await runOk(['export', '--db', file('b.db')]);
    expect(lines(spansOnly.stdout).every((l) => l.startsWith('{"resourceSpans":'))).toBe(true);
    expect(spansOnly.stdout).toBe(lines(exported).filter((l) => l.startsWith('{"resourceSpans":')).map((l) => `${l}\n`).join(''));

    const out = flattenLogs(logLinesOf(exported));
    const sent = [
      ...flattenLogs([decodeLogsRequestJson(JSON.stringify(loadCapture(CAPTURE).logs))]),
      ...flattenLogs([decodeLogsRequestJson(lines(fs.readFileSync(VALUES, 'utf8'))[1]!)]),
    ].map(lossyLog);
    expect(sortCanonically(out)).toEqual(sortCanonically(sent));
  });

  it('exports only the traces named with --trace, and only spans in the --since/--until range', async () => {
    const byTrace = await runOk(['export', '--db', file('b.db'), '--trace', SDK_TRACE, '--trace', VALUES_TRACE.toUpperCase(), '--logs']);
    const traced = flattenSpans(spanLinesOf(byTrace.stdout));
    expect(new Set([...traced.values()].map((f) => f.item.traceId))).toEqual(new Set([SDK_TRACE, VALUES_TRACE]));
    expect(traced.size).toBe(4);
    expect(flattenLogs(logLinesOf(byTrace.stdout)).map((f) => f.item.traceId)).toEqual([VALUES_TRACE, VALUES_TRACE]);

    const recent = flattenSpans(spanLinesOf((await runOk(['export', '--db', file('b.db'), '--since', '10m'])).stdout));
    expect([...recent.values()].map((f) => f.item.traceId)).toEqual([SDK_TRACE, SDK_TRACE]);

    // The values fixture's spans run from 2025-12-31T23:59:50Z to 2026-01-01T00:00:02Z.
    const ranged = await runOk(['export', '--db', file('b.db'), '--since', '2025-12-31T23:59:50.400Z', '--until', '2026-01-01T00:00:00.100Z']);
    expect([...flattenSpans(spanLinesOf(ranged.stdout)).values()].map((f) => f.item.name)).toEqual(['other service', 'root, kind unspecified']);
  });

  it('streams pages of at most 1000 spans per line, and keeps the lines identical across ties in start time', async () => {
    // 50 lines of 50 spans, the lines alternating between two services, every span starting at
    // the same nanosecond: page boundaries fall inside runs of equal start times.
    const span = (i: number) => ({ traceId: (i + 1).toString(16).padStart(32, 'c'), spanId: (i + 1).toString(16).padStart(16, 'd'), name: `span ${i}`, startTimeUnixNano: '1767225600000000000', endTimeUnixNano: '1767225600000000001', attributes: [{ key: 'i', value: { intValue: String(i) } }] });
    const line = (n: number) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: n % 2 === 0 ? 'even' : 'odd' } }] }, scopeSpans: [{ scope: { name: 'bulk' }, spans: Array.from({ length: 50 }, (_, i) => span(n * 50 + i)) }] }] });
    fs.writeFileSync(file('bulk.jsonl'), Array.from({ length: 50 }, (_, n) => `${line(n)}\n`).join(''));
    await runOk(['import', file('bulk.jsonl'), '--db', file('bulk-a.db')]);
    const first = await runOk(['export', '--db', file('bulk-a.db')]);
    expect(first.stderr).toBe("tracelite export: 2500 span(s) in 3 line(s) from project 'default'\n");
    expect(spanLinesOf(first.stdout).map((r) => r.resourceSpans.map((rs) => rs.scopeSpans[0]!.spans.length))).toEqual([[500, 500], [500, 500], [250, 250]]);
    fs.writeFileSync(file('bulk-a.jsonl'), first.stdout);
    await runOk(['import', file('bulk-a.jsonl'), '--db', file('bulk-b.db')]);
    expect((await runOk(['export', '--db', file('bulk-b.db')])).stdout).toBe(first.stdout);
  });

  it('reports a bad line with its number and reason, stores the good lines, and exits 1', async () => {
    const [traceLine, logLine] = lines(fs.readFileSync(VALUES, 'utf8'));
    const badId = traceLine!.replace('"00f067aa0ba902b7"', '"not-a-span-id"');
    fs.writeFileSync(file('mixed.jsonl'), [traceLine, '{"resourceSpans": [', '', badId, '[1, 2]', '{"hello": "world"}', logLine, ''].join('\n'));
    const run = await runCli(['import', file('mixed.jsonl'), '--db', file('mixed.db'), '--project', 'ci-run']);
    expect(run.code).toBe(1);
    const reported = run.stderr.trimEnd().split('\n');
    expect(reported).toEqual([
      expect.stringMatching(/^tracelite import: .*mixed\.jsonl line 2: cannot decode OTLP\/JSON ExportTraceServiceRequest: invalid JSON/),
      expect.stringMatching(/mixed\.jsonl line 4: 1 item\(s\) rejected: invalid span id "not-a-span-id"/),
      expect.stringMatching(/mixed\.jsonl line 5: .*expected an object, got an array/),
      expect.stringMatching(/mixed\.jsonl line 6: not an OTLP export request: no resourceSpans, resourceLogs or resourceMetrics/),
      "tracelite import: 7 span(s), 3 log record(s) from 6 line(s) into project 'ci-run'; 4 line(s) failed",
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const stored = await runOk(['export', '--db', file('mixed.db'), '--project', 'ci-run', '--logs']);
    expect(stored.stderr).toBe("tracelite export: 4 span(s) in 1 line(s), 3 log record(s) in 1 line(s) from project 'ci-run'\n");
  });

  it('sends Bearer $TRACELITE_API_KEY to a server with auth on, and stops at the first refusal', async () => {
    const authed = await startTestServer({ config: { auth: { mode: 'keys', key_cache_seconds: 0 } } });
    try {
      const db = new Database(authed.dbPath);
      db.pragma('busy_timeout = 5000');
      createProject(db, 'gamma');
      const key = createApiKey(db, { projectId: 'gamma', role: 'developer' });
      db.close();
      const refused = await runCli(['import', VALUES, VALUES, '--url', authed.apiUrl, '--project', 'gamma']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^tracelite import: stopped: .*\/otel\/gamma\/v1\/traces answered 401: .*\ntracelite import: 0 span\(s\), 0 log record\(s\) from 1 line\(s\) into project 'gamma'\n$/);
      const run = await runCli(['import', VALUES, '--url', authed.apiUrl, '--project', 'gamma'], { TRACELITE_API_KEY: key.secretKey });
      expect(run).toMatchObject({ code: 0, stderr: "tracelite import: 4 span(s), 3 log record(s) from 2 line(s) into project 'gamma'\n" });
      expect((await runOk(['export', '--db', authed.dbPath, '--project', 'gamma', '--logs'])).stdout).toBe((await runOk(['export', '--db', file('stdin.db'), '--logs'])).stdout);
    } finally {
      await authed.stop();
    }
  });

  it('answers bad arguments with exit 2 and a missing database or server with exit 1, in one line', async () => {
    const cases: [string[], number, string][] = [
      [['export', '--trace', 'xyz'], 2, '--trace xyz: expected a trace id of 32 hex digits'],
      [['export', '--since', 'yesterday'], 2, '--since yesterday: expected a duration'],
      [['import'], 2, 'name at least one FILE'],
      [['export', '--db', file('missing.db')], 1, 'no database at'],
      [['import', VALUES, '--url', 'http://127.0.0.1:9'], 1, 'cannot reach http://127.0.0.1:9'],
      [['import', file('no-such-file.jsonl'), '--db', file('x.db')], 1, 'cannot read'],
    ];
    for (const [args, code, message] of cases) {
      const run = await runCli(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code, stdout: '' });
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
