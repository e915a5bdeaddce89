// Real captures (CrewAI via OpenInference, Vercel AI SDK): every export request in
// test/fixtures/sideseat (copied from ../shared/fixtures) decodes as OTLP/JSON, and re-encoded as protobuf decodes to
// the identical model.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { encodeJsonAsProtobuf } from './codec-json-to-protobuf.js';
import { SHARED_FIXTURES } from '../helpers/fixtures.js';

const CAPTURE_DIR = SHARED_FIXTURES;
const captureFiles = readdirSync(CAPTURE_DIR).filter((f) => f.endsWith('.jsonl.gz'));

function readRequests(file: string): unknown[] {
  const lines = gunzipSync(readFileSync(join(CAPTURE_DIR, file))).toString('utf8').split('\n');
  return lines.filter((line) => line.trim() !== '').map((line) => (JSON.parse(line) as { data: unknown }).data);
}

describe('real OTLP/JSON captures', () => {
  it('finds both captures', () => expect(captureFiles).toEqual(['traces-crewai.jsonl.gz', 'traces-vercel.jsonl.gz']));

  it.each(captureFiles)('%s: every request decodes, identically through both codecs', (file) => {
    const requests = readRequests(file);
    expect(requests.length).toBeGreaterThan(0);
    let spanCount = 0;
    for (const data of requests) {
      const fromJson = decodeTraceRequestJson(JSON.stringify(data));
      const fromProtobuf = decodeTraceRequestProtobuf(encodeJsonAsProtobuf(otlpTypes.traceRequest, data));
      expect(fromProtobuf).toEqual(fromJson);
      for (const span of fromJson.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))) {
        expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(span.endTimeUnixNano).toBeGreaterThanOrEqual(span.startTimeUnixNano);
        spanCount++;
      }
    }
    expect(spanCount).toBeGreaterThan(0);
  });
});
