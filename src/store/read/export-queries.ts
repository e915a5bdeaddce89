// STORE (read): the pages `tracelite export` streams. Input: a project, optional trace ids and a
// time range, a keyset cursor. Output: up to `limit` spans (or log records) in (time, rowid) order,
// rebuilt from their raw columns into the decoded OTLP model, with their resource and scope.
import type Database from 'better-sqlite3';
import { setAttribute } from '../../otlp/any-value.js';
import { KvList, type AnyValue, type Attributes, type InstrumentationScope, type OtlpLogRecord, type OtlpSpan, type Resource, type SpanEvent, type SpanLink } from '../../otlp/model.js';
import { prepareCached } from '../shared/read-cache.js';
import { spanResourceJson } from '../shared/span-resources.js';
import { spanRowidsOfTraces } from '../shared/span-keys.js';
import { parseExactJson, type ExactJson, type ExactJsonObject } from './exact-json.js';

export interface ExportRange {
  projectId: string;
  /** Lowercase hex; empty: every trace. */
  traceIds: string[];
  /** Start time (spans) or time (log records), inclusive; null: unbounded. */
  sinceNs: bigint | null;
  /** Exclusive; null: unbounded. */
  untilNs: bigint | null;
}

/** The last item of the previous page: its time (decimal ns) and rowid. */
export interface ExportCursor {
  timeNs: string;
  id: number;
}

/** One exported item with what groups it into a request: keys naming its resource and its scope. */
export interface ExportedItem<T> {
  item: T;
  resourceKey: string;
  /** Includes the resource: a scope groups items of one resource. */
  scopeKey: string;
  resource: Resource;
  resourceSchemaUrl: string;
  scope: InstrumentationScope;
  scopeSchemaUrl: string;
  /** Length of the stored text it was rebuilt from: what bounds a line's size. */
  storedChars: number;
}

export interface ExportPage<T> {
  items: ExportedItem<T>[];
  /** null when this was the last page. */
  next: ExportCursor | null;
}

interface SpanExportRow {
  id: number; time_ns: string; trace_id: string; span_id: string; parent_span_id: string | null; trace_state: string | null;
  flags: number; name: string; kind: number; end_ns: string; status_code: number; status_message: string | null;
  attributes_json: string; events_json: string | null; links_json: string | null; dropped_attributes_count: number;
  dropped_events_count: number; dropped_links_count: number; resource_json: string; resource_schema_url: string | null;
  scope_name: string | null; scope_version: string | null; scope_json: string | null; scope_schema_url: string | null;
  clock_skew_json: string | null;
}

interface LogExportRow {
  id: number; time_ns: string; observed_time_ns: string; trace_id: string | null; span_id: string | null;
  severity_number: number; severity_text: string | null; event_name: string | null; body_json: string | null;
  attributes_json: string; dropped_attributes_count: number; flags: number; resource_json: string;
  scope_name: string | null; scope_version: string | null;
}

const SPAN_EXPORT_COLUMNS = `s.id, CAST(s.start_ns AS TEXT) AS time_ns, s.trace_id, s.span_id, s.parent_span_id, s.trace_state, s.flags,
  s.name, s.kind, CAST(s.end_ns AS TEXT) AS end_ns, s.status_code, s.status_message, s.attributes_json, s.events_json,
  s.links_json, s.dropped_attributes_count, s.dropped_events_count, s.dropped_links_count, ${spanResourceJson('s')} AS resource_json,
  s.resource_schema_url, s.scope_name, s.scope_version, s.scope_json, s.scope_schema_url, s.clock_skew_json`;

const LOG_EXPORT_COLUMNS = `l.id, CAST(l.time_ns AS TEXT) AS time_ns, CAST(l.observed_time_ns AS TEXT) AS observed_time_ns, l.trace_id,
  l.span_id, l.severity_number, l.severity_text, l.event_name, l.body_json, l.attributes_json, l.dropped_attributes_count,
  l.flags, l.resource_json, l.scope_name, l.scope_version`;

export function findExportSpanPage(db: Database.Database, range: ExportRange, cursor: ExportCursor | null, limit: number): ExportPage<OtlpSpan> {
  const where = ['s.project_id = ?'];
  const params: unknown[] = [range.projectId];
  // With trace ids the spans come by rowid from the traces' keys (NOT INDEXED keeps SQLite from
  // walking the project's whole start-time index instead); otherwise along (project_id, start_ns).
  if (range.traceIds.length > 0) {
    where.push(`s.id IN (${spanRowidsOfTraces(`tk.trace_id IN (${range.traceIds.map(() => '?').join(', ')})`)})`);
    params.push(range.projectId, ...range.traceIds);
  }
  addTimeConditions('s.start_ns', 's.id', range, cursor, where, params);
  const from = range.traceIds.length > 0 ? 'spans s NOT INDEXED' : 'spans s';
  const sql = `SELECT ${SPAN_EXPORT_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY s.start_ns, s.id LIMIT ?`;
  const rows = prepareCached(db, sql).all(...params, limit) as SpanExportRow[];
  const resources = new Map<string, Resource>();
  return { items: rows.map((row) => reviveSpanItem(row, resources)), next: nextCursor(rows, limit) };
}

export function findExportLogPage(db: Database.Database, range: ExportRange, cursor: ExportCursor | null, limit: number): ExportPage<OtlpLogRecord> {
  const where = ['l.project_id = ?'];
  const params: unknown[] = [range.projectId];
  if (range.traceIds.length > 0) {
    where.push(`l.trace_id IN (${range.traceIds.map(() => '?').join(', ')})`);
    params.push(...range.traceIds);
  }
  addTimeConditions('l.time_ns', 'l.id', range, cursor, where, params);
  const sql = `SELECT ${LOG_EXPORT_COLUMNS} FROM logs l WHERE ${where.join(' AND ')} ORDER BY l.time_ns, l.id LIMIT ?`;
  const rows = prepareCached(db, sql).all(...params, limit) as LogExportRow[];
  const resources = new Map<string, Resource>();
  return { items: rows.map((row) => reviveLogItem(row, resources)), next: nextCursor(rows, limit) };
}

function addTimeConditions(time: string, id: string, range: ExportRange, cursor: ExportCursor | null, where: string[], params: unknown[]): void {
  // Row values walk the (project_id, time) index from the cursor on: each page costs its own rows.
  if (cursor) {
    where.push(`(${time}, ${id}) > (?, ?)`);
    params.push(BigInt(cursor.timeNs), cursor.id);
  }
  if (range.sinceNs !== null) {
    where.push(`${time} >= ?`);
    params.push(range.sinceNs);
  }
  if (range.untilNs !== null) {
    where.push(`${time} < ?`);
    params.push(range.untilNs);
  }
}

function nextCursor(rows: { id: number; time_ns: string }[], limit: number): ExportCursor | null {
  const last = rows.at(-1);
  return rows.length < limit || !last ? null : { timeNs: last.time_ns, id: last.id };
}

/** The times the span was sent with: a span placed at its receive time (ingest-times.ts) goes out as it came in. */
function sentTimesOf(row: SpanExportRow): Pick<OtlpSpan, 'startTimeUnixNano' | 'endTimeUnixNano'> {
  if (row.clock_skew_json === null) return { startTimeUnixNano: BigInt(row.time_ns), endTimeUnixNano: BigInt(row.end_ns) };
  const sent = JSON.parse(row.clock_skew_json) as { start_time_unix_nano: string; end_time_unix_nano: string };
  return { startTimeUnixNano: BigInt(sent.start_time_unix_nano), endTimeUnixNano: BigInt(sent.end_time_unix_nano) };
}

function reviveSpanItem(row: SpanExportRow, resources: Map<string, Resource>): ExportedItem<OtlpSpan> {
  const span: OtlpSpan = {
    traceId: row.trace_id, spanId: row.span_id, parentSpanId: row.parent_span_id ?? '', traceState: row.trace_state ?? '',
    flags: row.flags, name: row.name, kind: row.kind, ...sentTimesOf(row),
    attributes: reviveAttributes(parseStored(row.attributes_json)), droppedAttributesCount: row.dropped_attributes_count,
    events: reviveList(row.events_json, reviveEvent), droppedEventsCount: row.dropped_events_count,
    links: reviveList(row.links_json, reviveLink), droppedLinksCount: row.dropped_links_count,
    status: { code: row.status_code, message: row.status_message ?? '' },
  };
  const scopeJson = objectOf(parseStored(row.scope_json));
  const scope: InstrumentationScope = {
    name: row.scope_name ?? '', version: row.scope_version ?? '',
    attributes: reviveAttributes(scopeJson.attributes ?? null), droppedAttributesCount: countOf(scopeJson.dropped_attributes_count),
  };
  return {
    item: span, resource: reviveResource(row.resource_json, resources), resourceSchemaUrl: row.resource_schema_url ?? '',
    scope, scopeSchemaUrl: row.scope_schema_url ?? '',
    ...groupKeys([row.resource_json, row.resource_schema_url], [row.scope_name, row.scope_version, row.scope_json, row.scope_schema_url]),
    storedChars: row.attributes_json.length + (row.events_json?.length ?? 0) + (row.links_json?.length ?? 0) + row.name.length,
  };
}

function reviveLogItem(row: LogExportRow, resources: Map<string, Resource>): ExportedItem<OtlpLogRecord> {
  const record: OtlpLogRecord = {
    timeUnixNano: BigInt(row.time_ns), observedTimeUnixNano: BigInt(row.observed_time_ns), severityNumber: row.severity_number,
    severityText: row.severity_text ?? '', body: row.body_json === null ? null : reviveValue(parseStored(row.body_json)),
    attributes: reviveAttributes(parseStored(row.attributes_json)), droppedAttributesCount: row.dropped_attributes_count,
    flags: row.flags, traceId: row.trace_id ?? '', spanId: row.span_id ?? '', eventName: row.event_name ?? '',
  };
  return {
    item: record, resource: reviveResource(row.resource_json, resources), resourceSchemaUrl: '',
    scope: { name: row.scope_name ?? '', version: row.scope_version ?? '', attributes: {}, droppedAttributesCount: 0 },
    scopeSchemaUrl: '',
    ...groupKeys([row.resource_json], [row.scope_name, row.scope_version]),
    storedChars: row.attributes_json.length + (row.body_json?.length ?? 0),
  };
}

function groupKeys(resource: (string | null)[], scope: (string | null)[]): { resourceKey: string; scopeKey: string } {
  const resourceKey = JSON.stringify(resource);
  return { resourceKey, scopeKey: `${resourceKey}${JSON.stringify(scope)}` };
}

/** Spans of one page share a few resources (~1 KB each): each is parsed once per page. */
function reviveResource(json: string, resources: Map<string, Resource>): Resource {
  let resource = resources.get(json);
  if (!resource) resources.set(json, (resource = { attributes: reviveAttributes(parseStored(json)), droppedAttributesCount: 0 }));
  return resource;
}

function reviveEvent(event: ExactJsonObject): SpanEvent {
  return {
    timeUnixNano: BigInt(stringOf(event.time_unix_nano) || '0'), name: stringOf(event.name),
    attributes: reviveAttributes(event.attributes ?? null), droppedAttributesCount: countOf(event.dropped_attributes_count),
  };
}

function reviveLink(link: ExactJsonObject): SpanLink {
  return {
    traceId: stringOf(link.trace_id), spanId: stringOf(link.span_id), traceState: stringOf(link.trace_state),
    attributes: reviveAttributes(link.attributes ?? null), droppedAttributesCount: countOf(link.dropped_attributes_count),
    flags: countOf(link.flags),
  };
}

function reviveList<T>(json: string | null, revive: (item: ExactJsonObject) => T): T[] {
  const value = parseStored(json);
  return Array.isArray(value) ? value.map((item) => revive(objectOf(item))) : [];
}

function reviveAttributes(value: ExactJson): Attributes {
  const out: Attributes = {};
  const map = objectOf(value);
  for (const key in map) setAttribute(out, key, reviveValue(map[key]!));
  return out;
}

/** Stored JSON -> AnyValue: as the writer wrote it, an object is a kvlist, a bigint an int. */
function reviveValue(value: ExactJson): AnyValue {
  if (Array.isArray(value)) return value.map(reviveValue);
  if (value !== null && typeof value === 'object') return new KvList(reviveAttributes(value));
  return value;
}

function parseStored(text: string | null): ExactJson {
  return text ? parseExactJson(text) : null;
}

function objectOf(value: ExactJson | undefined): ExactJsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : (Object.create(null) as ExactJsonObject);
}

function stringOf(value: ExactJson | undefined): string {
  return typeof value === 'string' ? value : '';
}

function countOf(value: ExactJson | undefined): number {
  return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : 0;
}
