// Load generation for the benchmarks: realistic GenAI export requests (OTel GenAI semconv:
// an agent root, chat and tool children, ~20 attributes, 1–2 KB of message text) encoded
// ONCE as templates; each send copies a template and writes fresh random ids and current
// timestamps at the recorded offsets, so the generator costs microseconds per request,
// never repeats an id (a repeated id would be a no-op retry for the receiver), and its
// spans start now, as an SDK's do (frozen template times made every time-ordered index
// take random inserts: ~5 KiB/span more written than real traffic would cost).
import crypto from 'node:crypto';
import { buildSpanRow } from '../src/ingest-rows.js';
import type { ExportTraceRequest } from '../src/otlp/model.js';
import { otlpTypes } from '../src/otlp/proto-loader.js';
import type { SpanRow } from '../src/store/shared/rows.js';

export type Encoding = 'protobuf' | 'json';

const WORDS = 'the agent plans a search then calls a tool and summarizes results for the user with care about cost latency and accuracy'.split(' ');

export function text(bytes: number, seed: number): string {
  let out = '';
  for (let i = seed; out.length < bytes; i++) out += WORDS[(i * 7) % WORDS.length] + ' ';
  return out.slice(0, bytes);
}

interface SpanSpec {
  traceIndex: number;
  spanIndex: number;
  parentIndex: number | null;
  name: string;
  attributes: Record<string, string | number>;
}

function traceSpecs(traceIndex: number, spanCount: number, sessionId: string): SpanSpec[] {
  const specs: SpanSpec[] = [{ traceIndex, spanIndex: 0, parentIndex: null, name: 'invoke_agent planner', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.provider.name': 'openai', 'session.id': sessionId, 'user.id': `user-${traceIndex % 50}` } }];
  for (let i = 1; i < spanCount; i++) {
    const isTool = i % 3 === 0;
    specs.push(isTool
      ? { traceIndex, spanIndex: i, parentIndex: 0, name: 'execute_tool web_search', attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'web_search', 'gen_ai.tool.call.id': `call_${traceIndex}_${i}`, 'gen_ai.tool.call.arguments': JSON.stringify({ query: text(120, i) }), 'gen_ai.tool.call.result': text(600, i + 3) } }
      : { traceIndex, spanIndex: i, parentIndex: 0, name: 'chat gpt-4o', attributes: chatAttributes(traceIndex, i) });
  }
  return specs;
}

function chatAttributes(traceIndex: number, i: number): Record<string, string | number> {
  const input = [{ role: 'system', parts: [{ type: 'text', content: text(300, i) }] }, { role: 'user', parts: [{ type: 'text', content: text(700 + (traceIndex % 5) * 100, i + 1) }] }];
  const output = [{ role: 'assistant', parts: [{ type: 'text', content: text(500, i + 2) }], finish_reason: 'stop' }];
  return {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06', 'gen_ai.response.id': `chatcmpl-${traceIndex}-${i}`,
    'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 1024, 'gen_ai.usage.input_tokens': 850 + i,
    'gen_ai.usage.output_tokens': 120 + i, 'gen_ai.response.finish_reasons': '["stop"]',
    'gen_ai.input.messages': JSON.stringify(input), 'gen_ai.output.messages': JSON.stringify(output),
    'server.address': 'api.openai.com', 'server.port': 443, 'http.response.status_code': 200,
    'deployment.environment.name': traceIndex % 2 ? 'production' : 'staging', 'gen_ai.conversation.id': `conv-${traceIndex % 200}`,
  };
}

/** Specs for one request of `spansPerRequest` spans, in traces of 3–10 spans. */
function requestSpecs(requestIndex: number, spansPerRequest: number): SpanSpec[][] {
  const traces: SpanSpec[][] = [];
  let left = spansPerRequest;
  for (let t = 0; left > 0; t++) {
    const size = Math.min(left, 3 + ((requestIndex + t) % 8));
    traces.push(traceSpecs(requestIndex * 100 + t, size, `session-${(requestIndex + t) % 500}`));
    left -= size;
  }
  return traces;
}

export interface Template {
  body: Buffer;
  /** Per id: every place it was encoded, as [byteOffset, byteLength] (hex text in JSON). */
  traceIdSlots: [number, number][][];
  spanIdSlots: [number, number][][];
  /** Per distinct timestamp: its value as built, and every offset it was encoded at. */
  timeSlots: { ns: bigint; offsets: number[] }[];
  /** When the template was built (ns); an instance shifts every timestamp by its age. */
  builtNs: bigint;
  spanCount: number;
}

const anyValue = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? { intValue: v } : { doubleValue: v }) : { stringValue: v });

/** Like the resource an OpenTelemetry Node SDK with its default detectors sends (~0.8 KB;
 *  process.command_args is an array there, a string here). */
const SDK_RESOURCE: Record<string, string | number> = {
  'service.name': 'bench-agent', 'service.version': '1.4.2', 'deployment.environment.name': 'production',
  'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.version': '2.2.0',
  'process.pid': 48213, 'process.executable.name': 'node', 'process.executable.path': '/usr/local/bin/node',
  'process.command': '/app/dist/agent.js', 'process.command_args': '["/usr/local/bin/node","/app/dist/agent.js","--mode","worker"]',
  'process.runtime.version': '20.20.2', 'process.runtime.name': 'nodejs', 'process.runtime.description': 'Node.js',
  'process.owner': 'app', 'host.name': 'agent-7f9c5d6b8-x2k4q', 'host.arch': 'amd64', 'host.id': '4f1c2e3a-9b8d-4c6e-a1f0-2d3b4c5e6f70',
};

/** Builds a template: ids are unique marker bytes we then locate in the encoding. */
export function buildTemplate(requestIndex: number, spansPerRequest: number, encoding: Encoding): Template {
  const traces = requestSpecs(requestIndex, spansPerRequest);
  const traceIds = traces.map(() => crypto.randomBytes(16));
  const spanIds = traces.map((specs) => specs.map(() => crypto.randomBytes(8)));
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = traces.flatMap((specs, t) => specs.map((s) => ({
    traceId: traceIds[t]!, spanId: spanIds[t]![s.spanIndex]!, parentSpanId: s.parentIndex === null ? undefined : spanIds[t]![s.parentIndex]!,
    name: s.name, kind: 3, startTimeUnixNano: String(now + BigInt(s.spanIndex) * 1_000_000n), endTimeUnixNano: String(now + 900_000_000n + BigInt(s.spanIndex)),
    attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: anyValue(value) })), status: { code: 1 },
  })));
  const resource = { attributes: Object.entries(SDK_RESOURCE).map(([key, value]) => ({ key, value: anyValue(value) })) };
  const request = { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' }, spans }] }] };
  const body = encoding === 'protobuf'
    ? Buffer.from(otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject(request)).finish())
    : Buffer.from(JSON.stringify(request, (k, v) => (Buffer.isBuffer(v) || (v && v.type === 'Buffer') ? Buffer.from(v.data ?? v).toString('hex') : v)));
  const locate = (id: Buffer): [number, number][] => (encoding === 'protobuf' ? findAll(body, id).map((o) => [o, id.length]) : findAll(body, Buffer.from(id.toString('hex'))).map((o) => [o, id.length * 2]));
  const times = [...new Set(spans.flatMap((s) => [s.startTimeUnixNano, s.endTimeUnixNano]))].map(BigInt);
  const timeSlots = times.map((ns) => ({ ns, offsets: findAll(body, encodeTime(ns, encoding)) }));
  return { body, traceIdSlots: traceIds.map(locate), spanIdSlots: spanIds.flat().map(locate), timeSlots, builtNs: now, spanCount: spans.length };
}

/** A timestamp as the encoding writes it: fixed64 little-endian, or 19 decimal digits. */
function encodeTime(ns: bigint, encoding: Encoding): Buffer {
  if (encoding === 'json') return Buffer.from(ns.toString());
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ns);
  return bytes;
}

export function findAll(haystack: Buffer, needle: Buffer): number[] {
  const out: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/** A copy of the template with fresh ids (same id in all of its slots: parents stay linked)
 *  and its timestamps moved to now. */
export function instantiate(template: Template, encoding: Encoding): Buffer {
  const body = Buffer.from(template.body);
  const idSlots = [...template.traceIdSlots, ...template.spanIdSlots];
  const idBytes = (slots: [number, number][]) => slots[0]![1] / (encoding === 'json' ? 2 : 1);
  // One random draw for all of the request's ids: a randomBytes call per id was ~7% of the
  // generator's CPU, which the server shares.
  const random = crypto.randomBytes(idSlots.reduce((sum, slots) => sum + idBytes(slots), 0));
  let at = 0;
  for (const slots of idSlots) {
    const fresh = random.subarray(at, (at += idBytes(slots)));
    const bytes = encoding === 'json' ? Buffer.from(fresh.toString('hex')) : fresh;
    for (const [offset] of slots) bytes.copy(body, offset);
  }
  const age = BigInt(Date.now()) * 1_000_000n - template.builtNs;
  for (const { ns, offsets } of template.timeSlots) {
    const bytes = encodeTime(ns + age, encoding);
    for (const offset of offsets) bytes.copy(body, offset);
  }
  return body;
}

/** The rows ingest builds for one decoded request (project 'bench'): the writer's input. */
export function requestRows(request: ExportTraceRequest, nowMs = Date.now()): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) rows.push(buildSpanRow('bench', rs, ss, s, {}, nowMs));
  return rows;
}
