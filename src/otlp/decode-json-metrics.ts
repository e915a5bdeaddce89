// DECODE stage (OTLP/JSON, metrics): one Metric object -> model OtlpMetric, with point values
// in the shapes of metric-point-values.ts (the same the protobuf decoder produces).

import {
  getField,
  readArray,
  readAttributes,
  readBool,
  readDouble,
  readEnum,
  readId,
  readInt32,
  readInt64,
  readObject,
  readString,
  readUint64,
  type JsonObject,
} from './json-values.js';
import type {
  BucketsValue,
  ExemplarValue,
  ExponentialHistogramPointValue,
  HistogramPointValue,
  NumberPointValue,
  SummaryPointValue,
} from './metric-point-values.js';
import type { MetricPoint, MetricType, OtlpMetric } from './model.js';
import { otlpEnums } from './proto-loader.js';

type PointReader = (point: JsonObject, path: string) => MetricPoint['value'];

/** Metric.data oneof member -> model type and point reader. */
const DATA_KINDS: ReadonlyArray<[field: string, type: MetricType, read: PointReader]> = [
  ['gauge', 'gauge', readNumberValue],
  ['sum', 'sum', readNumberValue],
  ['histogram', 'histogram', readHistogramValue],
  ['exponentialHistogram', 'exponential_histogram', readExponentialHistogramValue],
  ['summary', 'summary', readSummaryValue],
];

export function readMetricJson(metric: JsonObject, path: string): OtlpMetric {
  const out: OtlpMetric = {
    name: readString(getField(metric, 'name'), `${path}.name`),
    description: readString(getField(metric, 'description'), `${path}.description`),
    unit: readString(getField(metric, 'unit'), `${path}.unit`),
    type: 'empty',
    aggregationTemporality: 0,
    isMonotonic: false,
    points: [],
    metadata: readAttributes(getField(metric, 'metadata'), `${path}.metadata`),
  };
  for (const [field, type, read] of DATA_KINDS) {
    const dataPath = `${path}.${field}`;
    const data = readObject(getField(metric, field), dataPath);
    if (data === undefined) continue;
    out.type = type;
    const temporality = getField(data, 'aggregationTemporality') ?? 0;
    out.aggregationTemporality = readEnum(temporality, `${dataPath}.aggregationTemporality`, otlpEnums.aggregationTemporality);
    out.isMonotonic = readBool(getField(data, 'isMonotonic'), `${dataPath}.isMonotonic`);
    const points = readArray(getField(data, 'dataPoints'), `${dataPath}.dataPoints`);
    out.points = points.map((p, i) => readPoint(p, `${dataPath}.dataPoints[${i}]`, read));
    break;
  }
  return out;
}

function readPoint(value: unknown, path: string, read: PointReader): MetricPoint {
  const point = readObject(value, path) ?? {};
  return {
    attributes: readAttributes(getField(point, 'attributes'), `${path}.attributes`),
    startTimeUnixNano: readUint64(getField(point, 'startTimeUnixNano'), `${path}.startTimeUnixNano`),
    timeUnixNano: readUint64(getField(point, 'timeUnixNano'), `${path}.timeUnixNano`),
    flags: readInt32(getField(point, 'flags'), `${path}.flags`),
    value: read(point, path),
  };
}

/** Copies the NumberDataPoint/Exemplar `value` oneof (asDouble | asInt) when present. */
function copyNumber(from: JsonObject, path: string, to: { asDouble?: number; asInt?: bigint }): void {
  const asDouble = getField(from, 'asDouble');
  const asInt = getField(from, 'asInt');
  if (asDouble !== undefined) to.asDouble = readDouble(asDouble, `${path}.asDouble`);
  else if (asInt !== undefined) to.asInt = readInt64(asInt, `${path}.asInt`);
}

/** proto3 `optional double` fields (sum/min/max) are copied only when present. */
function copyOptionalDoubles(from: JsonObject, path: string, to: { sum?: number; min?: number; max?: number }): void {
  for (const field of ['sum', 'min', 'max'] as const) {
    const value = getField(from, field);
    if (value !== undefined) to[field] = readDouble(value, `${path}.${field}`);
  }
}

function readExemplars(point: JsonObject, path: string): ExemplarValue[] {
  const items = readArray(getField(point, 'exemplars'), `${path}.exemplars`);
  return items.map((item, i) => {
    const itemPath = `${path}.exemplars[${i}]`;
    const e = readObject(item, itemPath) ?? {};
    const out: ExemplarValue = {
      filteredAttributes: readAttributes(getField(e, 'filteredAttributes'), `${itemPath}.filteredAttributes`),
      timeUnixNano: readUint64(getField(e, 'timeUnixNano'), `${itemPath}.timeUnixNano`),
      spanId: readId(getField(e, 'spanId'), `${itemPath}.spanId`),
      traceId: readId(getField(e, 'traceId'), `${itemPath}.traceId`),
    };
    copyNumber(e, itemPath, out);
    return out;
  });
}

function readNumberValue(point: JsonObject, path: string): NumberPointValue {
  const value: NumberPointValue = { exemplars: readExemplars(point, path) };
  copyNumber(point, path, value);
  return value;
}

function readUint64List(value: unknown, path: string): bigint[] {
  return readArray(value, path).map((v, i) => readUint64(v, `${path}[${i}]`));
}

function readHistogramValue(point: JsonObject, path: string): HistogramPointValue {
  const bounds = readArray(getField(point, 'explicitBounds'), `${path}.explicitBounds`);
  const value: HistogramPointValue = {
    count: readUint64(getField(point, 'count'), `${path}.count`),
    bucketCounts: readUint64List(getField(point, 'bucketCounts'), `${path}.bucketCounts`),
    explicitBounds: bounds.map((b, i) => readDouble(b, `${path}.explicitBounds[${i}]`)),
    exemplars: readExemplars(point, path),
  };
  copyOptionalDoubles(point, path, value);
  return value;
}

function readBuckets(value: unknown, path: string): BucketsValue {
  const buckets = readObject(value, path);
  if (buckets === undefined) return { offset: 0, bucketCounts: [] };
  return {
    offset: readInt32(getField(buckets, 'offset'), `${path}.offset`, false),
    bucketCounts: readUint64List(getField(buckets, 'bucketCounts'), `${path}.bucketCounts`),
  };
}

function readExponentialHistogramValue(point: JsonObject, path: string): ExponentialHistogramPointValue {
  const value: ExponentialHistogramPointValue = {
    count: readUint64(getField(point, 'count'), `${path}.count`),
    scale: readInt32(getField(point, 'scale'), `${path}.scale`, false),
    zeroCount: readUint64(getField(point, 'zeroCount'), `${path}.zeroCount`),
    zeroThreshold: readDouble(getField(point, 'zeroThreshold'), `${path}.zeroThreshold`),
    positive: readBuckets(getField(point, 'positive'), `${path}.positive`),
    negative: readBuckets(getField(point, 'negative'), `${path}.negative`),
    exemplars: readExemplars(point, path),
  };
  copyOptionalDoubles(point, path, value);
  return value;
}

function readSummaryValue(point: JsonObject, path: string): SummaryPointValue {
  const quantiles = readArray(getField(point, 'quantileValues'), `${path}.quantileValues`);
  return {
    count: readUint64(getField(point, 'count'), `${path}.count`),
    sum: readDouble(getField(point, 'sum'), `${path}.sum`),
    quantileValues: quantiles.map((item, i) => {
      const q = readObject(item, `${path}.quantileValues[${i}]`) ?? {};
      return {
        quantile: readDouble(getField(q, 'quantile'), `${path}.quantileValues[${i}].quantile`),
        value: readDouble(getField(q, 'value'), `${path}.quantileValues[${i}].value`),
      };
    }),
  };
}
