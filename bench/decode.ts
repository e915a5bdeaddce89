// BENCH (decode): times the OTLP request decoders on a synthetic 100-span GenAI export
// (~20 attributes per span, several 1–2 KB strings, 2 events) and prints figures.
// Run: npx tsx bench/decode.ts [iterations]

import { performance } from 'node:perf_hooks';
import { decodeTraceRequestJson } from '../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../src/otlp/decode-protobuf.js';
import { otlpTypes } from '../src/otlp/proto-loader.js';

const SPAN_COUNT = 100;
const ITERATIONS = Number(process.argv[2] ?? 300);

// Non-ASCII text costs far more to decode (UTF-8 -> UTF-16 transcoding in V8), so both are timed.
let nonAscii = false;

function text(bytes: number, seed: number): string {
  const words = ['the', 'assistant', 'answered', 'tool', 'weather', 'in', 'Paris', 'is', 'sunny', '{"role":"user"}'];
  if (nonAscii) words.push('résumé');
  let out = '';
  for (let i = seed; out.length < bytes; i++) out += words[i % words.length] + ' ';
  return out;
}

function hex(bytes: number, seed: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += ((seed * 31 + i * 7) & 0xff).toString(16).padStart(2, '0');
  return out;
}

/** One span in OTLP/JSON form (also the input for the protobuf encoding). */
function makeSpanJson(i: number): Record<string, unknown> {
  const attributes: { key: string; value: Record<string, unknown> }[] = [
    { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
    { key: 'gen_ai.system', value: { stringValue: 'openai' } },
    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
    { key: 'gen_ai.response.model', value: { stringValue: 'gpt-4o-mini-2024-07-18' } },
    { key: 'gen_ai.request.temperature', value: { doubleValue: 0.2 } },
    { key: 'gen_ai.request.max_tokens', value: { intValue: '1024' } },
    { key: 'gen_ai.usage.input_tokens', value: { intValue: String(900 + i) } },
    { key: 'gen_ai.usage.output_tokens', value: { intValue: String(120 + i) } },
    { key: 'gen_ai.response.id', value: { stringValue: `chatcmpl-${hex(12, i)}` } },
    { key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
    { key: 'llm.is_streaming', value: { boolValue: false } },
    { key: 'session.id', value: { stringValue: 'session-1234' } },
    { key: 'user.id', value: { stringValue: 'user-42' } },
    { key: 'server.address', value: { stringValue: 'api.openai.com' } },
    { key: 'gen_ai.prompt.0.content', value: { stringValue: text(1500, i) } },
    { key: 'gen_ai.prompt.1.content', value: { stringValue: text(1200, i + 1) } },
    { key: 'gen_ai.completion.0.content', value: { stringValue: text(1800, i + 2) } },
    { key: 'gen_ai.input.messages', value: { stringValue: text(2000, i + 3) } },
    { key: 'gen_ai.output.messages', value: { stringValue: text(1000, i + 4) } },
    { key: 'traceloop.entity.path', value: { stringValue: 'agent.step.llm' } },
  ];
  const start = 1_770_000_000_000_000_000n + BigInt(i) * 1_000_000n;
  return {
    traceId: hex(16, 1),
    spanId: hex(8, i + 2),
    parentSpanId: i === 0 ? '' : hex(8, 2),
    name: 'chat gpt-4o-mini',
    kind: 3,
    flags: 257,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 850_000_000n),
    attributes,
    events: [
      { timeUnixNano: String(start + 1000n), name: 'gen_ai.content.prompt', attributes: [{ key: 'gen_ai.prompt', value: { stringValue: text(300, i) } }] },
      { timeUnixNano: String(start + 2000n), name: 'gen_ai.content.completion', attributes: [{ key: 'gen_ai.completion', value: { stringValue: text(300, i + 1) } }] },
    ],
    status: { code: 1 },
  };
}

function makeRequestJson(): Record<string, unknown> {
  const spans = Array.from({ length: SPAN_COUNT }, (_, i) => makeSpanJson(i));
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench-agent' } }] },
        scopeSpans: [{ scope: { name: 'openinference.instrumentation.openai', version: '0.1.0' }, spans }],
      },
    ],
  };
}

/** protobufjs fromObject reads bytes as base64, so ids are converted from hex first. */
function toProtobufObject(request: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(request), (key, value) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string'
      ? Buffer.from(value, 'hex').toString('base64')
      : value,
  );
}

function time(label: string, bytes: number, run: () => unknown): void {
  for (let i = 0; i < 30; i++) run(); // warm up the JIT
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i++) run();
  const ms = (performance.now() - start) / ITERATIONS;
  const mbPerSec = bytes / 1e6 / (ms / 1000);
  console.log(`${label.padEnd(44)} ${ms.toFixed(3).padStart(8)} ms/request  ${mbPerSec.toFixed(0).padStart(5)} MB/s`);
}

function benchPayload(): void {
  const requestJson = makeRequestJson();
  const jsonText = JSON.stringify(requestJson);
  const type = otlpTypes.traceRequest;
  const protobufBytes = Buffer.from(type.encode(type.fromObject(toProtobufObject(requestJson) as object)).finish());
  const kib = (n: number) => (n / 1024).toFixed(0);
  console.log(`\n${SPAN_COUNT} spans, ${nonAscii ? 'non-ASCII' : 'ASCII-only'} text; protobuf ${kib(protobufBytes.length)} KiB, JSON ${kib(jsonText.length)} KiB; ${ITERATIONS} iterations`);
  time('protobufjs decode only (no model mapping)', protobufBytes.length, () => type.decode(protobufBytes));
  time('decodeTraceRequestProtobuf', protobufBytes.length, () => decodeTraceRequestProtobuf(protobufBytes));
  time('JSON.parse only', jsonText.length, () => JSON.parse(jsonText));
  time('decodeTraceRequestJson', jsonText.length, () => decodeTraceRequestJson(jsonText));
}

benchPayload();
nonAscii = true;
benchPayload();
