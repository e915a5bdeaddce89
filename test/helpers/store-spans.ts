// Writes spans straight through the store's writer (no server): OTLP/JSON-shaped spans are
// decoded and normalized exactly as ingest does, then committed in one batch per call.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { buildSpanRow } from '../../src/ingest-rows.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { openDatabase } from '../../src/store/schema/open-db.js';
import { toSpanBatch } from '../../src/store/write/span-writer.js';
import { WriteExecutor } from '../../src/store/write/write-executor.js';

export type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

export interface TestSpan {
  traceId: string;
  spanId?: string;
  parentSpanId?: string;
  attributes?: Record<string, OtlpValue>;
  resource?: Record<string, OtlpValue>;
  startMs?: number;
  /** Status ERROR. */
  error?: boolean;
}

export interface TestStore {
  db: Database.Database;
  executor: WriteExecutor;
  /** Commits the spans in one batch (each span gets its own resource); returns their span ids. */
  write(spans: TestSpan[], projectId?: string): string[];
  close(): void;
}

export const newTraceId = () => crypto.randomBytes(16).toString('hex');

/** A GenAI chat span's attributes with this model. */
export const chatAttributes = (model: string, extra: Record<string, OtlpValue> = {}): Record<string, OtlpValue> => ({
  'gen_ai.operation.name': { stringValue: 'chat' }, 'gen_ai.request.model': { stringValue: model }, ...extra,
});

export function openTestStore(): TestStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-store-'));
  const db = openDatabase(path.join(dir, 'store.db'));
  const executor = new WriteExecutor(db);
  const kv = (map: Record<string, OtlpValue> = {}) => Object.entries(map).map(([key, value]) => ({ key, value }));
  return {
    db,
    executor,
    write(spans, projectId = 'p') {
      const spanIds = spans.map((s) => s.spanId ?? crypto.randomBytes(8).toString('hex'));
      const resourceSpans = spans.map((s, i) => {
        const startNs = BigInt(s.startMs ?? Date.now()) * 1_000_000n;
        return {
          resource: { attributes: kv(s.resource) },
          scopeSpans: [{ scope: { name: 'test' }, spans: [{
            traceId: s.traceId, spanId: spanIds[i], parentSpanId: s.parentSpanId ?? '', name: 'chat', kind: 3,
            startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 5_000_000n), attributes: kv(s.attributes),
            ...(s.error ? { status: { code: 2, message: 'failed' } } : {}),
          }] }],
        };
      });
      const request = decodeTraceRequestJson(JSON.stringify({ resourceSpans }));
      const rows = request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => buildSpanRow(projectId, rs, ss, s, {}, Date.now()))));
      const result = executor.executeBatch([{ kind: 'spans', batch: toSpanBatch(rows) }]);
      if (!result.results[0]?.ok) throw new Error(`write failed: ${JSON.stringify(result.results[0])}`);
      return spanIds;
    },
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
