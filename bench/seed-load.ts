// Load generation for the query benchmark: OTLP/HTTP protobuf export requests of GenAI
// traces (an agent root with chat and tool children, OTel GenAI semconv), encoded ONCE per
// template like genai-load.ts. Besides fresh trace/span ids, each send patches per-trace
// slots a query benchmark needs to vary: start/end times (fixed64 in protobuf), session
// and user ids, and unique response/tool-call ids (fixed-width text).
import crypto from 'node:crypto';
import { otlpTypes } from '../src/otlp/proto-loader.js';
import { findAll, text } from './genai-load.js';

/** What one trace of a request gets when the template is instantiated. */
export interface TraceFill {
  startNs: bigint;
  session: number;
  user: number;
}

export interface SeedTemplate {
  body: Buffer;
  environment: string;
  spanCount: number;
  traceCount: number;
  /** Per trace, then per id: every byte offset of the 16-byte trace id / 8-byte span ids. */
  traceIdSlots: number[][];
  spanIdSlots: number[][];
  /** Per trace: [offset, ns after the trace start] of every start/end time (fixed64 LE). */
  timeSlots: [number, bigint][][];
  /** Per trace: offsets of the 8 digits after `session-` / `user-`. */
  sessionSlots: number[][];
  userSlots: number[][];
  /** Offsets of 24-character markers replaced by random hex (response ids, tool call ids). */
  hexSlots: number[];
}

const MODELS = [
  { provider: 'openai', model: 'gpt-4o', response: 'gpt-4o-2024-08-06' },
  { provider: 'openai', model: 'gpt-4o-mini', response: 'gpt-4o-mini-2024-07-18' },
  { provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', response: 'claude-3-5-sonnet-20241022' },
  { provider: 'aws.bedrock', model: 'amazon.nova-pro-v1:0', response: 'amazon.nova-pro-v1:0' },
];
const AGENTS = ['planner', 'researcher', 'support-bot', 'coder', 'triage'];
const TOOLS = ['web_search', 'lookup_order', 'run_sql', 'read_file'];
const ID_DIGITS = 8;
const HEX_WIDTH = 24;
const STEP_NS = 300_000_000n;

/** Byte markers that cannot occur elsewhere in the encoding, located after encoding. */
class Markers {
  private next = 0;
  readonly hex: string[] = [];
  time(): bigint {
    return 1_000_000_000_000_000_000n + BigInt(++this.next) * 1_000_003n; // 19 digits, like real ns times
  }
  digits(tag: string, trace: number): string {
    return `#${tag}${String(trace).padStart(ID_DIGITS - 2, '0')}`;
  }
  hexId(): string {
    const marker = `#H${String(++this.next).padStart(HEX_WIDTH - 2, '0')}`;
    this.hex.push(marker);
    return marker;
  }
}

type Attr = Record<string, string | number>;
interface Spec { trace: number; index: number; parent: number | null; name: string; attributes: Attr; start: bigint; end: bigint; error: boolean }

function traceSpecs(templateIndex: number, trace: number, size: number, markers: Markers, times: [bigint, bigint][][]): Spec[] {
  const m = MODELS[(templateIndex + trace) % MODELS.length]!;
  const agent = AGENTS[(templateIndex * 3 + trace) % AGENTS.length]!;
  const tool = TOOLS[(templateIndex + trace * 5) % TOOLS.length]!;
  const mark = (offsetNs: bigint): bigint => {
    const at = markers.time();
    times[trace]!.push([at, offsetNs]);
    return at;
  };
  const rootEnd = BigInt(size) * STEP_NS + 200_000_000n;
  const specs: Spec[] = [{
    trace, index: 0, parent: null, name: `invoke_agent ${agent}`, start: mark(0n), end: mark(rootEnd), error: false,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, 'gen_ai.provider.name': m.provider, 'session.id': `session-${markers.digits('S', trace)}`, 'user.id': `user-${markers.digits('U', trace)}` },
  }];
  for (let i = 1; i < size; i++) {
    const isTool = i % 3 === 0;
    const start = BigInt(i) * STEP_NS;
    const attributes = isTool ? toolAttributes(tool, i, markers) : chatAttributes(m, trace, i, markers, topicOf(templateIndex, trace));
    // About one trace in 25 has a failing tool call.
    const error = isTool && (templateIndex * 7 + trace) % 25 === 0;
    specs.push({ trace, index: i, parent: 0, name: isTool ? `execute_tool ${tool}` : `chat ${m.model}`, attributes, start: mark(start), end: mark(start + 250_000_000n), error });
  }
  return specs;
}

function toolAttributes(tool: string, i: number, markers: Markers): Attr {
  return { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, 'gen_ai.tool.call.id': `call_${markers.hexId()}`, 'gen_ai.tool.call.arguments': JSON.stringify({ query: text(120, i) }), 'gen_ai.tool.call.result': text(600, i + 3) };
}

/** Words the analytics full-text benchmark looks for: each of a trace's questions names a topic
 *  (the filler text uses ~20 words, all in every span): one subject word matches ~1/20 of the
 *  chat spans, a subject-and-aspect phrase ~1/300. */
export const TOPIC_SUBJECTS = ['invoice', 'refund', 'kubernetes', 'passport', 'mortgage', 'vaccine', 'firmware', 'warranty', 'payroll', 'telescope',
  'orchard', 'glacier', 'sonnet', 'bicycle', 'espresso', 'volcano', 'lighthouse', 'saxophone', 'hurricane', 'authentication'];
export const TOPIC_ASPECTS = ['policy', 'error', 'pricing', 'history', 'setup', 'outage', 'renewal', 'migration', 'audit', 'forecast', 'design', 'recall', 'latency', 'backup', 'license'];

function topicOf(templateIndex: number, trace: number): string {
  const k = templateIndex * 17 + trace * 31;
  return `${TOPIC_SUBJECTS[k % TOPIC_SUBJECTS.length]} ${TOPIC_ASPECTS[Math.floor(k / TOPIC_SUBJECTS.length) % TOPIC_ASPECTS.length]}`;
}

function chatAttributes(m: (typeof MODELS)[number], trace: number, i: number, markers: Markers, topic: string): Attr {
  const question = `${text(600 + (trace % 5) * 100, i + 1)} Question about the ${topic}?`;
  const input = [{ role: 'system', parts: [{ type: 'text', content: text(300, i) }] }, { role: 'user', parts: [{ type: 'text', content: question }] }];
  const output = [{ role: 'assistant', parts: [{ type: 'text', content: text(400, i + 2) }], finish_reason: 'stop' }];
  return {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': m.provider, 'gen_ai.request.model': m.model, 'gen_ai.response.model': m.response,
    'gen_ai.response.id': `chatcmpl-${markers.hexId()}`, 'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 1024,
    'gen_ai.usage.input_tokens': 700 + ((trace * 37 + i * 11) % 900), 'gen_ai.usage.output_tokens': 80 + ((trace * 13 + i * 7) % 400),
    'gen_ai.response.finish_reasons': '["stop"]', 'gen_ai.input.messages': JSON.stringify(input), 'gen_ai.output.messages': JSON.stringify(output),
    'server.address': 'api.example.com', 'server.port': 443,
  };
}

const anyValue = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? { intValue: v } : { doubleValue: v }) : { stringValue: v });

/** One request template of `spansPerRequest` spans in traces of 3–10 spans, all in `environment`. */
export function buildSeedTemplate(templateIndex: number, spansPerRequest: number, environment: string): SeedTemplate {
  const markers = new Markers();
  const specs: Spec[][] = [];
  const times: [bigint, bigint][][] = [];
  for (let t = 0, left = spansPerRequest; left > 0; t++) {
    let size = Math.min(left, 3 + ((templateIndex * 5 + t * 3) % 8));
    if (left - size > 0 && left - size < 3) size = left; // no trace smaller than 3 spans
    times.push([]);
    specs.push(traceSpecs(templateIndex, t, size, markers, times));
    left -= size;
  }
  const traceIds = specs.map(() => crypto.randomBytes(16));
  const spanIds = specs.map((trace) => trace.map(() => crypto.randomBytes(8)));
  const spans = specs.flat().map((s) => ({
    traceId: traceIds[s.trace]!, spanId: spanIds[s.trace]![s.index]!, parentSpanId: s.parent === null ? undefined : spanIds[s.trace]![s.parent]!,
    name: s.name, kind: s.parent === null ? 1 : 3, startTimeUnixNano: s.start.toString(), endTimeUnixNano: s.end.toString(),
    attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
    status: s.error ? { code: 2, message: 'tool failed: upstream timeout' } : { code: 1 },
  }));
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'bench-agent' } }, { key: 'deployment.environment.name', value: { stringValue: environment } }] };
  const request = { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' }, spans }] }] };
  const body = Buffer.from(otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject(request)).finish());
  const textSlots = (tag: string) => specs.map((_, t) => findAll(body, Buffer.from(markers.digits(tag, t))));
  return {
    body, environment, spanCount: spans.length, traceCount: specs.length,
    traceIdSlots: traceIds.map((id) => findAll(body, id)),
    spanIdSlots: spanIds.flat().map((id) => findAll(body, id)),
    timeSlots: times.map((trace) => trace.map(([at, offset]) => [findOne(body, fixed64(at)), offset] as [number, bigint])),
    sessionSlots: textSlots('S'),
    userSlots: textSlots('U'),
    hexSlots: markers.hex.map((marker) => findOne(body, Buffer.from(marker))),
  };
}

function fixed64(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return b;
}

function findOne(body: Buffer, needle: Buffer): number {
  const found = findAll(body, needle);
  if (found.length !== 1) throw new Error(`seed template: marker found ${found.length} times`);
  return found[0]!;
}

/** A copy of the template with fresh ids and the given per-trace times, sessions and users. */
export function instantiateSeed(template: SeedTemplate, fill: (trace: number) => TraceFill): Buffer {
  const body = Buffer.from(template.body);
  const patchIds = (slotsPerId: number[][], bytes: number) => {
    for (const slots of slotsPerId) {
      const fresh = crypto.randomBytes(bytes);
      for (const offset of slots) fresh.copy(body, offset);
    }
  };
  patchIds(template.traceIdSlots, 16);
  patchIds(template.spanIdSlots, 8);
  for (const offset of template.hexSlots) body.write(crypto.randomBytes(HEX_WIDTH / 2).toString('hex'), offset, 'latin1');
  for (let t = 0; t < template.traceCount; t++) {
    const { startNs, session, user } = fill(t);
    for (const [offset, delta] of template.timeSlots[t]!) body.writeBigUInt64LE(startNs + delta, offset);
    const sessionText = String(session).padStart(ID_DIGITS, '0');
    const userText = String(user).padStart(ID_DIGITS, '0');
    for (const offset of template.sessionSlots[t]!) body.write(sessionText, offset, 'latin1');
    for (const offset of template.userSlots[t]!) body.write(userText, offset, 'latin1');
  }
  return body;
}
