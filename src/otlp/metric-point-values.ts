// DECODE stage (metrics): the shapes of MetricPoint.value per metric type. Both codecs
// (protobuf and OTLP/JSON) produce exactly these, so metric handling after decode does
// not depend on the wire encoding. int64/uint64 are bigint; ids are lowercase hex.

import type { Attributes } from './model.js';

export type ExemplarValue = {
  filteredAttributes: Attributes;
  timeUnixNano: bigint;
  spanId: string;
  traceId: string;
  /** At most one of asDouble / asInt is present (neither when the oneof is unset). */
  asDouble?: number;
  asInt?: bigint;
};

/** gauge and sum points. */
export type NumberPointValue = {
  asDouble?: number;
  asInt?: bigint;
  exemplars: ExemplarValue[];
};

/** histogram points; sum/min/max only when sent (proto3 `optional`). */
export type HistogramPointValue = {
  count: bigint;
  bucketCounts: bigint[];
  explicitBounds: number[];
  sum?: number;
  min?: number;
  max?: number;
  exemplars: ExemplarValue[];
};

export type BucketsValue = { offset: number; bucketCounts: bigint[] };

/** exponential_histogram points; sum/min/max only when sent. */
export type ExponentialHistogramPointValue = {
  count: bigint;
  scale: number;
  zeroCount: bigint;
  zeroThreshold: number;
  positive: BucketsValue;
  negative: BucketsValue;
  sum?: number;
  min?: number;
  max?: number;
  exemplars: ExemplarValue[];
};

/** summary points. */
export type SummaryPointValue = {
  count: bigint;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
};
