// How an export's end is counted and logged (src/otlp/export-outcomes.ts), on the real
// registry and a real logger: each refusal class logs when its episode starts and once more,
// with the count, when it has been quiet; a retryable refusal during a write fault counts as
// write_fault (its log belongs to the fault tracker), otherwise as unavailable.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { ReceiverMetrics } from '../../src/metrics/receiver-metrics.js';
import { createExportOutcomes } from '../../src/otlp/export-outcomes.js';
import { parsePrometheusText, sumOf } from './prometheus-text.js';

const lines: string[] = [];
const log = createLogger('info', (line) => lines.push(line));
const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  lines.length = 0;
});

describe('refusal episodes', () => {
  it('logs a burst of rate-limited refusals twice: when it starts, and its count once quiet', async () => {
    const outcomes = createExportOutcomes(new ReceiverMetrics(), log, () => false, 60);
    const limited = new AppError('TOO_MANY_REQUESTS', 'rate limit exceeded', { retryAfterSeconds: 3 });
    for (let i = 0; i < 25; i++) outcomes.refused('traces', i % 2 ? 'grpc' : 'http/protobuf', limited, 10);
    expect(entries()).toEqual([expect.objectContaining({ level: 'warn', msg: 'OTLP exports refused', reason: 'rate_limited', transport: 'http/protobuf' })]);
    await sleep(150);
    expect(entries()).toHaveLength(2);
    expect(entries()[1]).toMatchObject({ level: 'info', msg: 'OTLP refusal episode ended', reason: 'rate_limited', refused_requests: 25 });
    expect(entries()[1]!.exports).toEqual(['traces over http/protobuf', 'traces over grpc']);
  });

  it('keeps one episode per reason', () => {
    const outcomes = createExportOutcomes(new ReceiverMetrics(), log, () => false, 60_000);
    outcomes.refused('logs', 'http/json', new AppError('UNAUTHORIZED', 'missing credentials'), 0);
    outcomes.refused('logs', 'http/json', new AppError('PAYLOAD_TOO_LARGE', 'body over 64 MiB'), 0);
    outcomes.refused('logs', 'http/json', new AppError('UNAUTHORIZED', 'missing credentials'), 0);
    expect(entries().map((entry) => entry.reason)).toEqual(['unauthorized', 'too_large']);
  });
});

describe('refusal reasons in the metrics', () => {
  it('counts a retryable refusal as write_fault only while a fault lasts, without logging it here', async () => {
    let faulted = true;
    const metrics = new ReceiverMetrics();
    const outcomes = createExportOutcomes(metrics, log, () => faulted, 60_000);
    const unavailable = new AppError('UNAVAILABLE', 'database disk is full', { retryAfterSeconds: 5 });
    outcomes.refused('traces', 'grpc', unavailable, 7);
    faulted = false;
    outcomes.refused('traces', 'grpc', unavailable, 3);
    outcomes.accepted('metrics', 'http/json', 4, 0);
    const samples = parsePrometheusText(await metrics.render());
    expect(sumOf(samples, 'tracelite_receiver_refused_spans_total', { transport: 'grpc', reason: 'write_fault' })).toBe(7);
    expect(sumOf(samples, 'tracelite_receiver_refused_spans_total', { transport: 'grpc', reason: 'unavailable' })).toBe(3);
    expect(sumOf(samples, 'tracelite_receiver_refused_requests_total', { signal: 'traces' })).toBe(2);
    expect(sumOf(samples, 'tracelite_receiver_accepted_metric_points_total', { transport: 'http/json' })).toBe(4);
    expect(entries().map((entry) => entry.reason)).toEqual(['unavailable']);
  });
});
