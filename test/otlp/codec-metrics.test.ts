// Metrics decoders on a hand-written OTLP/JSON fixture covering gauge, sum, histogram,
// exponential histogram and summary; the same fixture re-encoded as protobuf must decode
// to the identical model.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { decodeMetricsRequestJson } from '../../src/otlp/decode-json.js';
import { decodeMetricsRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { encodeJsonAsProtobuf } from './codec-json-to-protobuf.js';

const fixtureText = readFileSync(new URL('../fixtures/otlp/metrics-all-types.json', import.meta.url), 'utf8');

describe('metrics codecs', () => {
  const fromJson = decodeMetricsRequestJson(fixtureText);
  const fromProtobuf = decodeMetricsRequestProtobuf(encodeJsonAsProtobuf(otlpTypes.metricsRequest, JSON.parse(fixtureText)));
  const metrics = fromJson.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
  const byName = (name: string) => metrics.find((m) => m.name === name)!;

  it('decodes protobuf and JSON to the identical model', () => {
    expect(fromProtobuf).toEqual(fromJson);
    expect(fromJson.resourceMetrics[0]!.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(metrics.map((m) => m.type)).toEqual(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary', 'empty']);
  });

  it('decodes gauge points with int (exact past 2^53) and double values', () => {
    const gauge = byName('process.memory.usage');
    expect(gauge).toMatchObject({ unit: 'By', description: 'memory in use', metadata: { source: 'sdk' } });
    expect(gauge.points).toEqual([
      { attributes: { state: 'used' }, startTimeUnixNano: 0n, timeUnixNano: 1700000000000000000n, flags: 0, value: { asInt: 9007199254740993n, exemplars: [] } },
      { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 1700000000000000000n, flags: 1, value: { asDouble: 0.5, exemplars: [] } },
    ]);
  });

  it('decodes sum temporality, monotonicity and exemplars', () => {
    const sum = byName('gen_ai.client.token.usage.total');
    expect([sum.aggregationTemporality, sum.isMonotonic]).toEqual([2, true]);
    expect(sum.points[0]!.value).toEqual({
      asInt: 1234n,
      exemplars: [
        {
          filteredAttributes: { 'gen_ai.request.model': 'gpt-4o' },
          timeUnixNano: 1699999995000000000n,
          spanId: 'eee19b7ec3c1b174',
          traceId: '5b8efff798038103d269b633813fc60c',
          asInt: 17n,
        },
      ],
    });
  });

  it('decodes histogram buckets and keeps optional sum/min/max only when sent', () => {
    const histogram = byName('gen_ai.client.operation.duration');
    expect(histogram.aggregationTemporality).toBe(1);
    expect(histogram.points.map((p) => p.value)).toEqual([
      {
        count: 6n,
        sum: 4.2,
        min: 0.1,
        max: 2.5,
        bucketCounts: [1n, 2n, 3n],
        explicitBounds: [0.5, 1],
        exemplars: [{ filteredAttributes: {}, timeUnixNano: 1699999995000000000n, spanId: '', traceId: '', asDouble: 2.5 }],
      },
      { count: 0n, bucketCounts: [], explicitBounds: [], exemplars: [] },
    ]);
    expect('sum' in histogram.points[1]!.value).toBe(false);
  });

  it('decodes exponential histogram scale, zero bucket and signed offsets (snake_case input)', () => {
    const exponential = byName('gen_ai.server.time_per_output_token');
    expect(exponential.aggregationTemporality).toBe(2);
    expect(exponential.points[0]).toMatchObject({ startTimeUnixNano: 1699999990000000000n, timeUnixNano: 1700000000000000000n });
    expect(exponential.points[0]!.value).toEqual({
      count: 10n,
      sum: 1.25,
      scale: -3,
      zeroCount: 1n,
      zeroThreshold: 0.001,
      positive: { offset: -2, bucketCounts: [4n, 5n] },
      negative: { offset: 0, bucketCounts: [] },
      min: 0,
      max: 0.9,
      exemplars: [],
    });
  });

  it('decodes summary quantiles', () => {
    expect(byName('rpc.latency.summary').points[0]!.value).toEqual({
      count: 3n,
      sum: 30,
      quantileValues: [
        { quantile: 0.5, value: 9 },
        { quantile: 0.99, value: 12 },
      ],
    });
  });

  it('names the field path of a malformed point', () => {
    const body = JSON.stringify({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', histogram: { dataPoints: [{ bucketCounts: ['1', 'x'] }] } }] }] }],
    });
    expect(() => decodeMetricsRequestJson(body)).toThrow(AppError);
    expect(() => decodeMetricsRequestJson(body)).toThrow(
      'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts[1]: expected an unsigned 64-bit integer',
    );
  });
});
