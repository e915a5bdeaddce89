// Test-only: writes known spans (test/fixtures/langfuse-api/spans.json) straight through
// the store's span writer, so API assertions do not depend on the normalizer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../../src/store/schema/open-db.js';
import { SignalWriter, toSpanBatch } from '../../../src/store/write/span-writer.js';
import type { SpanRow } from '../../../src/store/shared/rows.js';

interface SpanSpec {
  project: string; trace: string; span: string; parent: string | null; name: string; type: string;
  startMs: number; endMs: number; completionStartMs?: number; user?: string; session?: string;
  environment?: string; tags?: string[]; release?: string; version?: string; level?: string;
  statusCode?: number; statusMessage?: string; model?: string;
  tokens?: { input?: number; output?: number; total?: number; cacheRead?: number };
  cost?: { input?: number; output?: number; total?: number };
  modelParameters?: unknown; input?: string; output?: string; metadata?: unknown;
  attributes?: Record<string, unknown>;
}

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/langfuse-api/spans.json');

export const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { baseTime: string; spans: SpanSpec[] };
export const BASE_MS = Date.parse(fixture.baseTime);

function ns(offsetMs: number): bigint {
  return BigInt(BASE_MS + offsetMs) * 1_000_000n;
}

function toRow(s: SpanSpec): SpanRow {
  return {
    project_id: s.project, trace_id: s.trace, span_id: s.span, parent_span_id: s.parent, name: s.name, kind: 1,
    start_ns: ns(s.startMs), end_ns: ns(s.endMs), duration_ns: ns(s.endMs) - ns(s.startMs),
    status_code: s.statusCode ?? 0, status_message: s.statusMessage ?? null, trace_state: null, flags: 0,
    resource_json: '{"service.name":"langfuse-api-test"}', resource_schema_url: null, scope_name: 'seed', scope_version: '1',
    scope_json: null, scope_schema_url: null, attributes_json: JSON.stringify(s.attributes ?? {}), events_json: null,
    links_json: null, dropped_attributes_count: 0, dropped_events_count: 0, dropped_links_count: 0,
    observation_type: s.type, category: 'other', is_genai: s.type === 'generation' ? 1 : 0, framework: null,
    provider: null, request_model: s.model ?? null, response_model: null, model: s.model ?? null, operation_name: null,
    agent_name: null, tool_name: null, tool_call_id: null, finish_reasons_json: null, session_id: s.session ?? null,
    user_id: s.user ?? null, environment: s.environment ?? null, tags_json: s.tags ? JSON.stringify(s.tags) : null,
    version: s.version ?? null, release: s.release ?? null, level: s.level ?? null,
    completion_start_ns: s.completionStartMs === undefined ? null : ns(s.completionStartMs),
    input_tokens: s.tokens?.input ?? null, output_tokens: s.tokens?.output ?? null, total_tokens: s.tokens?.total ?? null,
    cache_read_tokens: s.tokens?.cacheRead ?? null, cache_write_tokens: null, reasoning_tokens: null,
    input_cost: s.cost?.input ?? null, output_cost: s.cost?.output ?? null, cache_read_cost: null, cache_write_cost: null,
    reasoning_cost: null, total_cost: s.cost?.total ?? null, cost_source: s.cost ? 'attribute' : null, usage_counted: 1,
    model_parameters_json: s.modelParameters ? JSON.stringify(s.modelParameters) : null,

    input_json: s.input ?? null, output_json: s.output ?? null, input_preview: null, output_preview: null,
    metadata_json: s.metadata ? JSON.stringify(s.metadata) : null, ingested_at_ms: BASE_MS + 60_000, clock_skew_json: null,
  };
}

/** Writes the fixture spans into the database file (the server's writer is idle). */
export function seedFixtureSpans(dbPath: string): void {
  const db = openDatabase(dbPath);
  try {
    const writer = new SignalWriter(db);
    db.transaction(() => writer.writeSpans(toSpanBatch(fixture.spans.map(toRow)), Date.now()))();
  } finally {
    db.close();
  }
}
