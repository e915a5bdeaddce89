// RECEIVE/DECODE stage output: the one in-memory shape both codecs (protobuf and
// OTLP/JSON) decode into, so everything after decode is encoding-agnostic.
// int64 values and nanosecond times are bigint (never a JS number: 2^53 is too small),
// ids are lowercase hex strings exactly as received (validated later in ingest).

/** An OTLP AnyValue. intValue -> bigint, doubleValue -> number, bytesValue -> Uint8Array,
 *  arrayValue -> AnyValue[], kvlistValue -> KvList. `null` is an empty AnyValue. */
export type AnyValue = string | boolean | number | bigint | Uint8Array | AnyValue[] | KvList | null;

/** kvlistValue. A class (not a plain object) so it is distinguishable from other values. */
export class KvList {
  constructor(public readonly values: Attributes) {}

  /** JSON.stringify writes a kvlist as its map (no replacer needed on the hot path). */
  toJSON(): Attributes {
    return this.values;
  }
}

/** OTLP KeyValue list flattened to a map; a repeated key keeps its last value. */
export type Attributes = Record<string, AnyValue>;

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface Resource {
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

export interface SpanStatus {
  /** 0 UNSET, 1 OK, 2 ERROR */
  code: number;
  message: string;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  /** '' when the span is a root. */
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  /** 0 UNSPECIFIED, 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: SpanStatus;
}

export interface ScopeSpans {
  scope: InstrumentationScope;
  schemaUrl: string;
  spans: OtlpSpan[];
}

export interface ResourceSpans {
  resource: Resource;
  schemaUrl: string;
  scopeSpans: ScopeSpans[];
}

export interface ExportTraceRequest {
  resourceSpans: ResourceSpans[];
}

export interface OtlpLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
  /** '' when absent. */
  traceId: string;
  /** '' when absent. */
  spanId: string;
  eventName: string;
}

export interface ScopeLogs {
  scope: InstrumentationScope;
  schemaUrl: string;
  logRecords: OtlpLogRecord[];
}

export interface ResourceLogs {
  resource: Resource;
  schemaUrl: string;
  scopeLogs: ScopeLogs[];
}

export interface ExportLogsRequest {
  resourceLogs: ResourceLogs[];
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary' | 'empty';

/** One data point of any metric type; type-specific fields are kept in `value`
 *  (e.g. {asDouble} / {asInt} for number points, {count,sum,bucketCounts,explicitBounds,...}
 *  for histograms) with int64 as bigint. */
export interface MetricPoint {
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
  value: Record<string, unknown>;
}

export interface OtlpMetric {
  name: string;
  description: string;
  unit: string;
  type: MetricType;
  /** sum: aggregationTemporality and isMonotonic; histograms: aggregationTemporality. */
  aggregationTemporality: number;
  isMonotonic: boolean;
  points: MetricPoint[];
  metadata: Attributes;
}

export interface ScopeMetrics {
  scope: InstrumentationScope;
  schemaUrl: string;
  metrics: OtlpMetric[];
}

export interface ResourceMetrics {
  resource: Resource;
  schemaUrl: string;
  scopeMetrics: ScopeMetrics[];
}

export interface ExportMetricsRequest {
  resourceMetrics: ResourceMetrics[];
}

export type Signal = 'traces' | 'logs' | 'metrics';
