// Builds OTLP/JSON export requests with unique ids, for load-style tests that need to
// know exactly which spans each acknowledged request carried.
import crypto from 'node:crypto';

export interface BuiltRequest {
  body: string;
  spanIds: string[];
}

export function buildJsonTraceRequest(spanCount: number, attributes: Record<string, string> = {}): BuiltRequest {
  const traceId = crypto.randomBytes(16).toString('hex');
  const spanIds = Array.from({ length: spanCount }, () => crypto.randomBytes(8).toString('hex'));
  const start = BigInt(Date.now()) * 1_000_000n;
  const spans = spanIds.map((spanId, i) => ({
    traceId,
    spanId,
    parentSpanId: i === 0 ? '' : spanIds[0],
    name: i === 0 ? 'agent.run' : 'chat gpt-4o',
    kind: 1,
    startTimeUnixNano: String(start + BigInt(i) * 1000n),
    endTimeUnixNano: String(start + 1_000_000n),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      ...Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
    ],
  }));
  return { body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'load' }, spans }] }] }), spanIds };
}
