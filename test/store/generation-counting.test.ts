// Trace and session totals count one LLM call once when a framework's generation span has an
// instrumented SDK's generation span under it (both carry the call's usage), whatever the order
// and batches the two arrive in; and cost totals say when they are unknown or incomplete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/store/schema/migrations.js';
import { findSession } from '../../src/store/read/session-queries.js';
import { deleteTracesInTx } from '../../src/store/write/delete-traces.js';
import { findTrace } from '../../src/store/read/trace-queries.js';
import { UNDO_TAGS_INDEX, UNDO_CLOCK_SKEW, UNDO_COST_COUNTS } from '../helpers/schema-rewind.js';
import { chatAttributes, newTraceId, openTestStore, type OtlpValue, type TestSpan, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;
beforeEach(() => (store = openTestStore()));
afterEach(() => store.close());

const int = (n: number): OtlpValue => ({ intValue: String(n) });
const usage = (input: number, output: number) => ({ 'gen_ai.usage.input_tokens': int(input), 'gen_ai.usage.output_tokens': int(output) });
const SESSION = { 'session.id': { stringValue: 'chat-session' } };

/** Strands `chat` over botocore's `chat <model>`: one Bedrock call, reported by both.
 *  claude-haiku-4-5 on a us. profile: $1.10 in / $5.50 out per 1M (genai-prices, regional). */
function frameworkOverSdk(traceId: string) {
  const model = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
  const agent: TestSpan = { traceId, spanId: 'a000000000000001', attributes: { 'gen_ai.operation.name': { stringValue: 'invoke_agent' }, ...SESSION } };
  const framework: TestSpan = { traceId, spanId: 'f000000000000001', parentSpanId: 'a000000000000001', attributes: chatAttributes(model, { ...usage(420, 40), 'gen_ai.system': { stringValue: 'aws.bedrock' }, ...SESSION }) };
  const sdk: TestSpan = { traceId, spanId: 'c000000000000001', parentSpanId: 'f000000000000001', attributes: chatAttributes(model, { ...usage(420, 40), 'gen_ai.system': { stringValue: 'aws.bedrock' }, ...SESSION }) };
  return { agent, framework, sdk };
}
const ONE_CALL_COST = 420 * 1.1e-6 + 40 * 5.5e-6;

function countedSpans(traceId: string): Record<string, number> {
  const rows = store.db.prepare('SELECT span_id, usage_counted FROM spans WHERE trace_id = ?').all(traceId) as { span_id: string; usage_counted: number }[];
  return Object.fromEntries(rows.map((r) => [r.span_id, r.usage_counted]));
}

describe('one LLM call counts once', () => {
  const orders: [string, (s: ReturnType<typeof frameworkOverSdk>) => TestSpan[][]][] = [
    ['parent first, one batch', (s) => [[s.agent, s.framework, s.sdk]]],
    ['child first, one batch', (s) => [[s.sdk, s.framework, s.agent]]],
    ['parent first, separate exports', (s) => [[s.framework], [s.agent], [s.sdk]]],
    ['child first, separate exports', (s) => [[s.sdk], [s.framework], [s.agent]]],
    ['a retry of the child changes nothing', (s) => [[s.sdk], [s.framework, s.agent], [s.sdk]]],
  ];

  it.each(orders)('%s', (_name, batchesOf) => {
    const traceId = newTraceId();
    const spans = frameworkOverSdk(traceId);
    for (const batch of batchesOf(spans)) store.write(batch);
    const trace = findTrace(store.db, 'p', traceId)!;
    expect(trace).toMatchObject({ input_tokens: 420, output_tokens: 40, total_tokens: 460, cost_complete: 1 });
    expect(trace.total_cost).toBeCloseTo(ONE_CALL_COST, 12);
    expect(countedSpans(traceId)).toEqual({ a000000000000001: 1, f000000000000001: 0, c000000000000001: 1 });
    const session = findSession(store.db, 'p', 'chat-session')!;
    expect(session).toMatchObject({ input_tokens: 420, output_tokens: 40, cost_complete: 1 });
    expect(session.total_cost).toBeCloseTo(ONE_CALL_COST, 12);
  });

  it('a framework span over two SDK calls counts the two calls', () => {
    const traceId = newTraceId();
    const { framework, sdk } = frameworkOverSdk(traceId);
    const retry = { ...sdk, spanId: 'c000000000000002', attributes: { ...sdk.attributes, ...usage(100, 10) } };
    store.write([framework]);
    store.write([sdk, retry]);
    expect(findTrace(store.db, 'p', traceId)).toMatchObject({ input_tokens: 520, output_tokens: 50 });
  });

  it('a generation under a span without usage still counts', () => {
    const traceId = newTraceId();
    const { agent, framework } = frameworkOverSdk(traceId);
    store.write([framework, agent]);
    expect(findTrace(store.db, 'p', traceId)).toMatchObject({ input_tokens: 420, output_tokens: 40 });
  });
});

describe('cost totals: unknown is null, incomplete says so', () => {
  const call = (traceId: string, spanId: string, model: string, input: number, output: number): TestSpan =>
    ({ traceId, spanId, attributes: chatAttributes(model, { ...usage(input, output), 'gen_ai.system': { stringValue: 'openai' }, ...SESSION }) });

  it('a trace whose only call has no known price: total_cost null, cost_complete false', () => {
    const traceId = newTraceId();
    store.write([call(traceId, '0000000000000001', 'my-finetune-7b', 100, 20)]);
    expect(findTrace(store.db, 'p', traceId)).toMatchObject({ input_tokens: 100, total_cost: null, cost_complete: 0 });
    expect(findSession(store.db, 'p', 'chat-session')).toMatchObject({ total_cost: null, cost_complete: 0 });
  });

  it('known and unknown calls: the known sum, flagged incomplete; all known: complete', () => {
    const mixed = newTraceId();
    store.write([call(mixed, '0000000000000001', 'gpt-5.1', 1000, 100)]);
    store.write([call(mixed, '0000000000000002', 'my-finetune-7b', 100, 20)]);
    const trace = findTrace(store.db, 'p', mixed)!;
    expect(trace.cost_complete).toBe(0);
    expect(trace.total_cost).toBeCloseTo(1000 * 1.25e-6 + 100 * 10e-6, 12); // gpt-5.1: $1.25 in / $10 out
    const known = newTraceId();
    store.write([call(known, '0000000000000003', 'gpt-4o-mini', 1000, 100)]);
    expect(findTrace(store.db, 'p', known)).toMatchObject({ cost_complete: 1, total_cost: 1000 * 0.15e-6 + 100 * 0.6e-6 });
  });

  it('a trace without any call has cost 0 and is complete', () => {
    const traceId = newTraceId();
    store.write([{ traceId, attributes: { 'gen_ai.operation.name': { stringValue: 'execute_tool' } } }]);
    expect(findTrace(store.db, 'p', traceId)).toMatchObject({ total_cost: 0, cost_complete: 1 });
  });
});

describe('migration 24', () => {
  it('backfills the priced/unpriced counts of traces and sessions as the writer keeps them', () => {
    const known = newTraceId();
    const mixed = newTraceId();
    const call = (traceId: string, model: string): TestSpan => ({ traceId, attributes: chatAttributes(model, { ...usage(10, 2), ...SESSION }) });
    store.write([call(known, 'gpt-4o-mini'), call(known, 'gpt-4o-mini'), call(mixed, 'gpt-4o-mini'), call(mixed, 'my-finetune-7b')]);
    const counts = () => store.db.prepare(`SELECT trace_id AS id, priced_generation_count AS priced, unpriced_generation_count AS unpriced FROM traces
      UNION ALL SELECT session_id, priced_generation_count, unpriced_generation_count FROM sessions ORDER BY 1`).all();
    const kept = counts();
    expect(kept).toContainEqual({ id: mixed, priced: 1, unpriced: 1 });
    expect(kept).toContainEqual({ id: 'chat-session', priced: 3, unpriced: 1 });
    store.db.exec(`${UNDO_TAGS_INDEX} ${UNDO_CLOCK_SKEW} ${UNDO_COST_COUNTS} PRAGMA user_version = 23;`);
    applyMigrations(store.db);
    expect(counts()).toEqual(kept);
  });

  it('a deleted trace leaves no marks of generations\' parents', () => {
    const traceId = newTraceId();
    store.write([frameworkOverSdk(traceId).sdk]);
    expect(store.db.prepare('SELECT COUNT(*) FROM generation_parents').pluck().get()).toBe(1);
    deleteTracesInTx(store.db, 'p', [traceId]);
    expect(store.db.prepare('SELECT COUNT(*) FROM generation_parents').pluck().get()).toBe(0);
  });
});
