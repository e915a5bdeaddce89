// Malformed and hostile values: wrong types, non-JSON where JSON is expected, numbers as strings,
// NaN, negative counts, huge arrays, a throwing convention. normalizeSpan degrades, never throws.
import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../../src/genai/normalize-span.js';
import { KvList, type OtlpSpan } from '../../src/otlp/model.js';
import { buildSpan, int, normalize } from './span-builder.js';

describe('malformed attribute values', () => {
  it('reads numbers sent as strings, rejects NaN, Infinity, negatives and text', () => {
    const out = normalize({ attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '120', 'gen_ai.usage.output_tokens': Number.NaN, 'gen_ai.usage.cache_read.input_tokens': -5, 'gen_ai.usage.reasoning_tokens': 'lots', 'gen_ai.usage.total_tokens': Number.POSITIVE_INFINITY } });
    expect(out.usage).toEqual({ input: 120, output: null, total: 120, cacheRead: null, cacheWrite: null, reasoning: null });
  });

  it('treats non-JSON where JSON was expected as absent', () => {
    const out = normalize({ attributes: { 'langfuse.observation.type': 'generation', 'langfuse.observation.usage_details': '{input: 5', 'langfuse.observation.cost_details': 'free', 'langfuse.observation.model.parameters': '[1,2', 'llm.invocation_parameters': 'temperature=0.1', 'langfuse.observation.completion_start_time': 'yesterday' } });
    expect(out).toMatchObject({ observationType: 'generation', modelParameters: null, completionStartTimeUnixNano: null, cost: { source: null } });
    expect(out.usage.input).toBeNull();
  });

  it('ignores wrong types: arrays, kvlists, bytes and booleans where strings or numbers belong', () => {
    const out = normalize({ attributes: { 'gen_ai.request.model': ['gpt-4o'], 'gen_ai.operation.name': new KvList({ a: 'chat' }), 'gen_ai.system': new Uint8Array([1, 2]), 'gen_ai.usage.input_tokens': true, 'gen_ai.agent.name': null, 'langfuse.observation.type': 'not-a-type', 'langfuse.observation.level': 7 } });
    expect(out).toMatchObject({ isGenAI: true, requestModel: null, operationName: null, provider: null, observationType: 'span', level: 'DEFAULT', agentName: null });
    expect(out.usage.input).toBeNull();
  });

  it('copes with huge arrays and huge JSON strings', () => {
    const reasons = Array.from({ length: 100_000 }, (_, index) => (index % 2 ? 'stop' : 'weird'));
    const hugeJson = JSON.stringify({ input: 1, padding: 'x'.repeat(2_000_000) });
    const out = normalize({ attributes: { 'gen_ai.response.finish_reasons': reasons, 'langfuse.observation.usage_details': hugeJson, 'langfuse.trace.tags': Array.from({ length: 50_000 }, (_, i) => `t${i % 3}`) } });
    expect(out.finishReasonsRaw).toHaveLength(128);
    expect(out.finishReasons).toEqual(Array(64).fill('stop'));
    // Oversized JSON is not parsed by the normalizer: usage stays unknown rather than stalling ingest.
    expect(out.usage.input).toBeNull();
    expect(out.tags).toEqual(['t0', 't1', 't2']);
  });

  it('survives a span whose fields are missing or of the wrong shape', () => {
    const { span, resource, scope } = buildSpan({ attributes: { 'gen_ai.request.model': 'gpt-4o' } });
    const broken = { ...span, attributes: undefined, status: undefined, startTimeUnixNano: undefined } as unknown as OtlpSpan;
    expect(() => normalizeSpan(broken, resource, scope)).not.toThrow();
    expect(normalizeSpan(broken, undefined as never, undefined as never).observationType).toBe('span');
    expect(() => normalizeSpan(null as never, null as never, null as never)).not.toThrow();
  });

  it('a convention that throws costs only its own fields', () => {
    const { span, resource, scope } = buildSpan({ attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': int(10), 'gen_ai.response.time_to_first_chunk': 0.1 } });
    // A bigint start time is required by the OTel GenAI time-to-first-chunk math; a number makes BigInt mixing throw.
    const odd = { ...span, startTimeUnixNano: 5 as unknown as bigint, attributes: { ...span.attributes, 'langfuse.session.id': 's' } };
    const out = normalizeSpan(odd, resource, scope);
    expect(out.sessionId).toBe('s');
    expect(out.isGenAI).toBe(true);
  });

  it('values with empty strings are absent', () => {
    const out = normalize({ attributes: { 'session.id': '', 'user.id': '', 'gen_ai.request.model': '' } });
    expect(out).toMatchObject({ sessionId: null, userId: null, requestModel: null });
  });
});
