// Test-only builder: a decoded OtlpSpan (+ resource, scope) from a plain attribute map, so table
// tests can state just the attributes a convention reads.
import { normalizeSpan, type NormalizeOptions } from '../../src/genai/normalize-span.js';
import type { NormalizedSpan } from '../../src/genai/types.js';
import type { AnyValue, Attributes, InstrumentationScope, OtlpSpan, Resource } from '../../src/otlp/model.js';

export interface SpanSpec {
  name?: string;
  attributes?: Attributes;
  scope?: string;
  resource?: Attributes;
  statusCode?: number;
  startTimeUnixNano?: bigint;
}

export const START_NS = 1_770_918_466_000_000_000n;

export function buildSpan(spec: SpanSpec): { span: OtlpSpan; resource: Resource; scope: InstrumentationScope } {
  const span: OtlpSpan = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: spec.name ?? 'span',
    kind: 1,
    startTimeUnixNano: spec.startTimeUnixNano ?? START_NS,
    endTimeUnixNano: (spec.startTimeUnixNano ?? START_NS) + 1_000_000_000n,
    attributes: spec.attributes ?? {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: spec.statusCode ?? 0, message: '' },
  };
  return {
    span,
    resource: { attributes: spec.resource ?? {}, droppedAttributesCount: 0 },
    scope: { name: spec.scope ?? '', version: '', attributes: {}, droppedAttributesCount: 0 },
  };
}

export function normalize(spec: SpanSpec, options?: NormalizeOptions): NormalizedSpan {
  const { span, resource, scope } = buildSpan(spec);
  return normalizeSpan(span, resource, scope, options);
}

/** An int64 attribute as the decoders produce it. */
export function int(value: number): AnyValue {
  return BigInt(value);
}
