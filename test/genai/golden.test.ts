// Golden tests: real captured spans (test/fixtures/genai/<case>/request.json, taken from
// ../shared/fixtures) through both decode paths (OTLP/JSON and protobuf) and normalizeSpan;
// the normalized fields must match expected.json, which was written by hand from the spans.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../../src/genai/normalize-span.js';
import type { NormalizedSpan } from '../../src/genai/types.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import type { ExportTraceRequest } from '../../src/otlp/model.js';
import { otlpTypes } from '../../src/otlp/proto-loader.js';

const CASES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/genai');
const COST_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;

interface Expected {
  spans: Record<string, Record<string, unknown> & { cost?: Record<string, unknown> }>;
  trace: { countedInput: number; countedOutput: number; countedCost: number };
}

/** OTLP/JSON carries ids as hex; protobuf wants bytes. Everything else protobufjs' fromObject accepts as is. */
function encodeAsProtobuf(json: string): Uint8Array {
  const object = JSON.parse(json, (key, value: unknown) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string' ? Buffer.from(value, 'hex') : value,
  ) as Record<string, unknown>;
  return otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject(object)).finish();
}

function normalizeAll(request: ExportTraceRequest): Map<string, NormalizedSpan> {
  const out = new Map<string, NormalizedSpan>();
  for (const resourceSpans of request.resourceSpans) {
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) out.set(span.spanId, normalizeSpan(span, resourceSpans.resource, scopeSpans.scope));
    }
  }
  return out;
}

function withoutNotes(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !key.startsWith('_') && key !== 'cost'));
}

const cases = fs.readdirSync(CASES_DIR).filter((name) => fs.existsSync(path.join(CASES_DIR, name, 'expected.json')));

describe('golden normalization of real captures', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(5));

  for (const name of cases) {
    it(name, () => {
      const requestJson = fs.readFileSync(path.join(CASES_DIR, name, 'request.json'), 'utf8');
      const expected = JSON.parse(fs.readFileSync(path.join(CASES_DIR, name, 'expected.json'), 'utf8')) as Expected;
      const fromJson = normalizeAll(decodeTraceRequestJson(requestJson));
      const fromProtobuf = normalizeAll(decodeTraceRequestProtobuf(encodeAsProtobuf(requestJson)));
      expect(fromProtobuf).toEqual(fromJson);

      for (const [spanId, fields] of Object.entries(expected.spans)) {
        const actual = fromJson.get(spanId);
        expect(actual, `span ${spanId} in ${name}`).toBeDefined();
        expect(actual, spanId).toMatchObject(withoutNotes(fields));
        for (const [part, value] of Object.entries(fields.cost ?? {})) {
          const got = actual!.cost[part as keyof NormalizedSpan['cost']];
          if (typeof value === 'number' && (COST_FIELDS as readonly string[]).includes(part)) expect(got, `${spanId} cost.${part}`).toBeCloseTo(value, 12);
          else expect(got, `${spanId} cost.${part}`).toEqual(value);
        }
      }

      const counted = [...fromJson.values()].filter((span) => span.usageCounted);
      expect(counted.reduce((sum, span) => sum + (span.usage.input ?? 0), 0)).toBe(expected.trace.countedInput);
      expect(counted.reduce((sum, span) => sum + (span.usage.output ?? 0), 0)).toBe(expected.trace.countedOutput);
      expect(counted.reduce((sum, span) => sum + (span.cost.total ?? 0), 0)).toBeCloseTo(expected.trace.countedCost, 12);
    });
  }
});
