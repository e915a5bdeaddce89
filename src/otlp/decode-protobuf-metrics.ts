// DECODE stage (protobuf, metrics): one protobufjs-decoded Metric -> model OtlpMetric.
// Point values take the shapes in metric-point-values.ts, identical to the OTLP/JSON
// decoder's output so everything after decode is encoding-agnostic.

import type {
  BucketsValue,
  ExemplarValue,
  ExponentialHistogramPointValue,
  HistogramPointValue,
  NumberPointValue,
  SummaryPointValue,
} from './metric-point-values.js';
import type { MetricPoint, MetricType, OtlpMetric } from './model.js';
import { toAttributes, toHex, toSignedBigInt, toUnsignedBigInt, type PbMessage } from './protobuf-values.js';

const hasOwn = Object.prototype.hasOwnProperty;

type PointConverter = (point: PbMessage) => MetricPoint['value'];

/** Metric.data oneof member -> model type and point converter. */
const DATA_KINDS: ReadonlyArray<[field: string, type: MetricType, convert: PointConverter]> = [
  ['gauge', 'gauge', toNumberValue],
  ['sum', 'sum', toNumberValue],
  ['histogram', 'histogram', toHistogramValue],
  ['exponentialHistogram', 'exponential_histogram', toExponentialHistogramValue],
  ['summary', 'summary', toSummaryValue],
];

export function toMetricPb(metric: PbMessage): OtlpMetric {
  const out: OtlpMetric = {
    name: metric.name as string,
    description: metric.description as string,
    unit: metric.unit as string,
    type: 'empty',
    aggregationTemporality: 0,
    isMonotonic: false,
    points: [],
    metadata: toAttributes(metric.metadata),
  };
  for (const [field, type, convert] of DATA_KINDS) {
    const data: PbMessage | null | undefined = metric[field];
    if (!hasOwn.call(metric, field) || data == null) continue;
    out.type = type;
    out.aggregationTemporality = (data.aggregationTemporality as number | undefined) ?? 0;
    out.isMonotonic = (data.isMonotonic as boolean | undefined) ?? false;
    out.points = ((data.dataPoints as PbMessage[] | undefined) ?? []).map((p) => toPoint(p, convert));
    break;
  }
  return out;
}

function toPoint(point: PbMessage, convert: PointConverter): MetricPoint {
  return {
    attributes: toAttributes(point.attributes),
    startTimeUnixNano: toUnsignedBigInt(point.startTimeUnixNano),
    timeUnixNano: toUnsignedBigInt(point.timeUnixNano),
    flags: point.flags as number,
    value: convert(point) as MetricPoint['value'],
  };
}

/** Copies the NumberDataPoint/Exemplar `value` oneof (asDouble | asInt) when set. */
function copyNumber(from: PbMessage, to: { asDouble?: number; asInt?: bigint }): void {
  if (hasOwn.call(from, 'asDouble')) to.asDouble = from.asDouble as number;
  else if (hasOwn.call(from, 'asInt')) to.asInt = toSignedBigInt(from.asInt);
}

/** Copies proto3 `optional double` fields only when present (presence is meaningful for sum/min/max). */
function copyOptionalDoubles(from: PbMessage, to: { sum?: number; min?: number; max?: number }): void {
  if (hasOwn.call(from, 'sum')) to.sum = from.sum as number;
  if (hasOwn.call(from, 'min')) to.min = from.min as number;
  if (hasOwn.call(from, 'max')) to.max = from.max as number;
}

function toExemplars(exemplars: PbMessage[] | undefined): ExemplarValue[] {
  return (exemplars ?? []).map((e) => {
    const out: ExemplarValue = {
      filteredAttributes: toAttributes(e.filteredAttributes),
      timeUnixNano: toUnsignedBigInt(e.timeUnixNano),
      spanId: toHex(e.spanId),
      traceId: toHex(e.traceId),
    };
    copyNumber(e, out);
    return out;
  });
}

function toNumberValue(point: PbMessage): NumberPointValue {
  const value: NumberPointValue = { exemplars: toExemplars(point.exemplars) };
  copyNumber(point, value);
  return value;
}

function toHistogramValue(point: PbMessage): HistogramPointValue {
  const value: HistogramPointValue = {
    count: toUnsignedBigInt(point.count),
    bucketCounts: ((point.bucketCounts as unknown[] | undefined) ?? []).map((c) => toUnsignedBigInt(c as never)),
    explicitBounds: [...((point.explicitBounds as number[] | undefined) ?? [])],
    exemplars: toExemplars(point.exemplars),
  };
  copyOptionalDoubles(point, value);
  return value;
}

function toBuckets(buckets: PbMessage | null | undefined): BucketsValue {
  if (buckets == null) return { offset: 0, bucketCounts: [] };
  const counts = (buckets.bucketCounts as unknown[] | undefined) ?? [];
  return { offset: buckets.offset as number, bucketCounts: counts.map((c) => toUnsignedBigInt(c as never)) };
}

function toExponentialHistogramValue(point: PbMessage): ExponentialHistogramPointValue {
  const value: ExponentialHistogramPointValue = {
    count: toUnsignedBigInt(point.count),
    scale: point.scale as number,
    zeroCount: toUnsignedBigInt(point.zeroCount),
    zeroThreshold: point.zeroThreshold as number,
    positive: toBuckets(point.positive),
    negative: toBuckets(point.negative),
    exemplars: toExemplars(point.exemplars),
  };
  copyOptionalDoubles(point, value);
  return value;
}

function toSummaryValue(point: PbMessage): SummaryPointValue {
  const quantiles = (point.quantileValues as PbMessage[] | undefined) ?? [];
  return {
    count: toUnsignedBigInt(point.count),
    sum: point.sum as number,
    quantileValues: quantiles.map((q) => ({ quantile: q.quantile as number, value: q.value as number })),
  };
}
