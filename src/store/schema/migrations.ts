// STORE: versioned schema migrations, applied in order inside one transaction each;
// PRAGMA user_version records the last one applied. Append new migrations; never edit
// a released one.
//
// Conventions: times are ns since epoch (INTEGER, exact int64); ids lowercase hex;
// attribute maps are JSON objects written by store/write/json-value.ts (int64 kept exact);
// `project_id` leads every index so one project never scans another's rows.
import type Database from 'better-sqlite3';
import { BASE_SCHEMA } from './base-schema.js';

/** A session's roll-up row computed from its traces (shared by the backfill and the writer). */
export const SESSION_ROLLUP_SELECT = `SELECT project_id, session_id, MAX(user_id), MAX(environment), MIN(start_ns), MAX(end_ns),
  COUNT(*), SUM(span_count), SUM(genai_span_count), SUM(input_tokens), SUM(output_tokens), SUM(total_tokens),
  SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(total_cost) FROM traces`;

/** Migration 18's columns: the maximum's name and the traces expression it is taken over. */
const ZONE_BACKFILL: [string, string][] = [
  ['total_tokens', 'total_tokens'],
  ['input_tokens', 'input_tokens'],
  ['output_tokens', 'output_tokens'],
  ['cache_read_tokens', 'cache_read_tokens'],
  ['cache_write_tokens', 'cache_write_tokens'],
  ['reasoning_tokens', 'reasoning_tokens'],
  ['total_cost', 'total_cost'],
  ['span_count', 'span_count'],
  ['genai_span_count', 'genai_span_count'],
  ['duration_ns', 'end_ns - start_ns'],
];

const MIGRATIONS: string[] = [
  // 1: the OTLP signals, normalized span columns, trace roll-ups, scores (store/schema/base-schema.ts).
  BASE_SCHEMA,
  // 2: explorer query indexes. The trace list's default view (GenAI traces, newest first)
  // and its COUNT read a partial index only; trace-name and model filters seek instead of
  // scanning the project; the model/provider/framework dropdowns and filters read one
  // covering index instead of the (wide) span rows.
  `
  CREATE INDEX traces_project_genai_start ON traces(project_id, start_ns) WHERE genai_span_count > 0;
  CREATE INDEX traces_project_name ON traces(project_id, name, start_ns);
  CREATE INDEX spans_project_model ON spans(project_id, model, provider, framework, trace_id);
  `,
  // 3: span facet counts, kept by the writer as spans arrive and leave, so the filter
  // dropdowns (model, provider, framework, type…) read a few rows instead of GROUP BY
  // over every span of the project. Backfilled from existing spans.
  `
  CREATE TABLE span_facets (
    project_id TEXT NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    span_count INTEGER NOT NULL,
    genai_span_count INTEGER NOT NULL,
    PRIMARY KEY (project_id, facet, value)
  ) WITHOUT ROWID;
  ${['model', 'request_model', 'provider', 'framework', 'observation_type', 'category', 'environment', 'agent_name', 'tool_name']
    .map((c) => `INSERT INTO span_facets SELECT project_id, '${c}', ${c}, COUNT(*), SUM(is_genai) FROM spans WHERE ${c} IS NOT NULL GROUP BY project_id, ${c};`)
    .join('\n  ')}
  INSERT INTO span_facets SELECT project_id, 'status_code', CASE status_code WHEN 1 THEN 'OK' WHEN 2 THEN 'ERROR' ELSE 'UNSET' END AS v, COUNT(*), SUM(is_genai) FROM spans GROUP BY project_id, v;
  `,
  // 4: the session roll-up, refreshed by the writer from its traces whenever one of them
  // changes, so listing sessions is an index range instead of a GROUP BY over every trace.
  `
  CREATE TABLE sessions (
    project_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    user_id TEXT,
    environment TEXT,
    start_ns INTEGER NOT NULL,
    end_ns INTEGER NOT NULL,
    trace_count INTEGER NOT NULL,
    span_count INTEGER NOT NULL,
    observation_count INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    total_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    total_cost REAL NOT NULL,
    PRIMARY KEY (project_id, session_id)
  ) WITHOUT ROWID;
  CREATE INDEX sessions_project_start ON sessions(project_id, start_ns);
  CREATE INDEX sessions_project_end ON sessions(project_id, end_ns);
  INSERT INTO sessions ${SESSION_ROLLUP_SELECT} WHERE session_id IS NOT NULL GROUP BY project_id, session_id;
  `,
  // 5: previews of GenAI log records, for traces whose conversation arrives only as logs
  // (the official OTel OpenAI instrumentation puts all content in log records).
  `
  ALTER TABLE logs ADD COLUMN input_preview TEXT;
  ALTER TABLE logs ADD COLUMN output_preview TEXT;
  `,
  // 6: trace counts per project and environment, kept by the writer, so a trace list's
  // total is a lookup instead of a COUNT over every trace of the project.
  `
  CREATE TABLE trace_counts (
    project_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    trace_count INTEGER NOT NULL,
    genai_trace_count INTEGER NOT NULL,
    PRIMARY KEY (project_id, environment)
  ) WITHOUT ROWID;
  INSERT INTO trace_counts SELECT project_id, COALESCE(environment, ''), COUNT(*), SUM(genai_span_count > 0)
    FROM traces GROUP BY project_id, COALESCE(environment, '');
  `,
  // 7: the list's hot indexes carry genai_span_count, so "GenAI traces, newest first" (and
  // by environment) is answered from the index alone: a deep page skips index entries,
  // not wide trace rows.
  `
  DROP INDEX traces_project_genai_start;
  DROP INDEX traces_project_start;
  CREATE INDEX traces_project_start ON traces(project_id, start_ns, genai_span_count);
  DROP INDEX traces_project_env;
  CREATE INDEX traces_project_env ON traces(project_id, environment, start_ns, genai_span_count);
  `,
  // 8: traces become a rowid table. As WITHOUT ROWID, wide trace rows (previews) sat in
  // random trace-id order, so every ingest batch dirtied a random page per trace and the
  // table fell out of the page cache past ~300k spans (writer speed halved). Now rows are
  // appended in arrival order (recent traces share hot pages) and only the narrow
  // (project_id, trace_id) key is random.
  `
  CREATE TABLE traces_by_rowid (
    project_id TEXT NOT NULL,
    trace_id TEXT NOT NULL,
    name TEXT,
    root_span_id TEXT,
    start_ns INTEGER NOT NULL,
    end_ns INTEGER NOT NULL,
    span_count INTEGER NOT NULL DEFAULT 0,
    genai_span_count INTEGER NOT NULL DEFAULT 0,
    error_count INTEGER NOT NULL DEFAULT 0,
    session_id TEXT,
    user_id TEXT,
    environment TEXT,
    release TEXT,
    version TEXT,
    tags_json TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    total_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    total_cost REAL NOT NULL DEFAULT 0,
    input_preview TEXT,
    output_preview TEXT,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (project_id, trace_id)
  );
  INSERT INTO traces_by_rowid SELECT * FROM traces ORDER BY created_at_ms, start_ns;
  DROP TABLE traces;
  ALTER TABLE traces_by_rowid RENAME TO traces;
  CREATE INDEX traces_project_start ON traces(project_id, start_ns, genai_span_count);
  CREATE INDEX traces_project_session ON traces(project_id, session_id, start_ns);
  CREATE INDEX traces_project_user ON traces(project_id, user_id, start_ns);
  CREATE INDEX traces_project_env ON traces(project_id, environment, start_ns, genai_span_count);
  CREATE INDEX traces_project_name ON traces(project_id, name, start_ns);
  `,
  // 9: the attribute search index, an inverted index of one token per short scalar
  // attribute (store/shared/attribute-terms.ts), filled after commit by the writer when idle
  // (store/write/attribute-indexer.ts). FTS5 as a plain inverted index: contentless, no
  // positions, merged in the background, so its writes stay sequential.
  `
  CREATE VIRTUAL TABLE span_attr_terms USING fts5(terms, content='', detail='none', columnsize=0);
  CREATE TABLE search_state (name TEXT PRIMARY KEY, indexed_to INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO search_state VALUES ('span_attr_terms', 0);
  `,
  // 10: traces per model (store/write/trace-facets.ts), kept by the writer, so a trace list
  // filtered by a common model neither counts a quarter of the project nor sorts it.
  `
  CREATE TABLE trace_facets (
    project_id TEXT NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    trace_count INTEGER NOT NULL,
    PRIMARY KEY (project_id, facet, value)
  ) WITHOUT ROWID;
  INSERT INTO trace_facets SELECT project_id, 'model', model, COUNT(DISTINCT trace_id) FROM spans
    WHERE model IS NOT NULL GROUP BY project_id, model;
  `,
  // 11: each trace lists the models of its spans (kept by the writer with trace_facets),
  // so walking the newest traces for a common model reads trace rows, not span rows.
  `
  ALTER TABLE traces ADD COLUMN models_json TEXT;
  UPDATE traces SET models_json = (SELECT NULLIF(json_group_array(model), '[]') FROM (SELECT DISTINCT s.model FROM spans s
    INDEXED BY spans_identity WHERE s.project_id = traces.project_id AND s.trace_id = traces.trace_id AND s.model IS NOT NULL));
  `,
  // 12: trace counts per start-time bucket (store/write/trace-counts.ts), two sizes, kept by the
  // writer: a deep page of the newest-first list starts at its bucket instead of stepping
  // over every newer trace.
  `
  CREATE TABLE trace_time_buckets (
    project_id TEXT NOT NULL,
    level INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    environment TEXT NOT NULL,
    trace_count INTEGER NOT NULL,
    genai_trace_count INTEGER NOT NULL,
    PRIMARY KEY (project_id, level, bucket, environment)
  ) WITHOUT ROWID;
  INSERT INTO trace_time_buckets SELECT project_id, 0, start_ns >> 30, COALESCE(environment, ''), COUNT(*), SUM(genai_span_count > 0)
    FROM traces GROUP BY 1, 3, 4;
  INSERT INTO trace_time_buckets SELECT project_id, 1, start_ns >> 38, COALESCE(environment, ''), COUNT(*), SUM(genai_span_count > 0)
    FROM traces GROUP BY 1, 3, 4;
  `,
  // 13: a third, ~19.5 h bucket level: months of data made the ~4.6 min level alone ~9k rows
  // to sum for every deep page.
  `
  INSERT INTO trace_time_buckets SELECT project_id, 2, bucket >> 8, environment, SUM(trace_count), SUM(genai_trace_count)
    FROM trace_time_buckets WHERE level = 1 GROUP BY 1, 3, 4;
  `,
  // 14: traces per provider and per framework, beside per model (store/write/trace-facets.ts).
  ['provider', 'framework'].map((c) => `INSERT INTO trace_facets SELECT project_id, '${c}', ${c}, COUNT(DISTINCT trace_id) FROM spans
    WHERE ${c} IS NOT NULL GROUP BY project_id, ${c};`).join('\n'),
  // 15: traces with errors, newest first: "has_error eq true" (usually a few percent of the
  // traces) counts and pages through this instead of the whole project. Only traces with
  // errors pay for it at write time.
  `
  CREATE INDEX traces_project_errors ON traces(project_id, start_ns, genai_span_count) WHERE error_count > 0;
  `,
  // 16: each trace lists its spans' providers and frameworks, as it lists their models (11):
  // walking the newest traces for a common provider reads trace rows, not span rows.
  [['provider', 'providers_json'], ['framework', 'frameworks_json']].map(([c, list]) => `
  ALTER TABLE traces ADD COLUMN ${list} TEXT;
  UPDATE traces SET ${list} = (SELECT NULLIF(json_group_array(${c}), '[]') FROM (SELECT DISTINCT s.${c} FROM spans s
    INDEXED BY spans_identity WHERE s.project_id = traces.project_id AND s.trace_id = traces.trace_id AND s.${c} IS NOT NULL));`).join('\n'),
  // 17: spans by model in time order, for the spans that have a model. The index it replaces
  // ended in the random trace id: every trace dirtied a page of it per commit (bench/writer.ts
  // at 300k spans: 23.6 -> 16.1 KiB written per span, writer rate +17%). A trace list narrowed by
  // models, providers or frameworks checks each trace's own lists (migrations 11 and 16).
  `
  DROP INDEX spans_project_model;
  CREATE INDEX spans_project_model_start ON spans(project_id, model, start_ns) WHERE model IS NOT NULL;
  `,
  // 18: per time bucket, the largest value of each numeric trace column (store/write/trace-zones.ts):
  // "tokens above X" reads only the buckets that reach X. Generated from local literals: this
  // released step must not change when the live column list does.
  [
    ...ZONE_BACKFILL.map(([name]) => `ALTER TABLE trace_time_buckets ADD COLUMN max_${name} NOT NULL DEFAULT 0;`),
    // One pass over the traces per level (a subquery per bucket took 26 s at 178k traces).
    ...[[0, 30], [1, 38], [2, 46]].map(([level, shift]) => `UPDATE trace_time_buckets AS b SET ${ZONE_BACKFILL.map(([name]) => `max_${name} = m.${name}`).join(', ')}
      FROM (SELECT project_id, COALESCE(environment, '') AS environment, start_ns >> ${shift} AS bucket,
          ${ZONE_BACKFILL.map(([name, expr]) => `MAX(${expr}) AS ${name}`).join(', ')} FROM traces GROUP BY 1, 2, 3) AS m
      WHERE b.level = ${level} AND b.project_id = m.project_id AND b.environment = m.environment AND b.bucket = m.bucket;`),
  ].join('\n'),
  // 19: a span's identity is keyed by its trace's arrival (store/shared/span-keys.ts) instead of the
  // random trace id: new traces append to span_keys, where spans_identity dirtied one of its
  // pages per trace in every commit (~3 KiB of ~9 written per span). The backfill reads the old
  // index, not the table: at 1M spans 5 s instead of 76 s.
  `
  CREATE TABLE span_keys (
    project_id TEXT NOT NULL,
    trace_created_ms INTEGER NOT NULL,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    span_rowid INTEGER NOT NULL,
    PRIMARY KEY (project_id, trace_created_ms, trace_id, span_id)
  ) WITHOUT ROWID;
  INSERT INTO span_keys SELECT s.project_id, t.created_at_ms, s.trace_id, s.span_id, s.id
    FROM spans s INDEXED BY spans_identity JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id
    ORDER BY 1, 2, 3, 4;
  DROP INDEX spans_identity;
  `,
  // 20: each distinct span resource stored once (store/shared/span-resources.ts); spans point at it.
  // Rows written before keep their inline resource_json: no rewrite of the spans table.
  `
  CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    json TEXT NOT NULL UNIQUE
  );
  ALTER TABLE spans ADD COLUMN resource_id INTEGER;
  `,
  // 21: the full-text index of span conversations (store/write/span-text-index.ts), filled after
  // commit by the writer like the attribute index (migration 9). Contentless: the text is
  // derived from the raw span when read (a stored copy was ~1.2 KB a span, +40% of the file).
  // And a random key per database that signs the analytics API's cursors (store/read/analytics-cursor.ts).
  `
  CREATE VIRTUAL TABLE span_text_fts USING fts5(input_text, output_text, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2');
  INSERT INTO search_state VALUES ('span_text_fts', 0);
  CREATE TABLE store_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
  INSERT INTO store_secrets VALUES ('cursor_key', randomblob(32));
  `,
  // 22: a score's trace and observation ids as its sender wrote them, where they differ from the
  // OTLP-shaped ids it is stored (and joined) under (src/direct-ingest/ids.ts): the Langfuse API
  // shows them back unchanged.
  `
  ALTER TABLE scores ADD COLUMN source_trace_id TEXT;
  ALTER TABLE scores ADD COLUMN source_observation_id TEXT;
  `,
  // 23: projects and their API keys (store/read/auth-keys.ts). A key's secret is kept only as an
  // HMAC under a random per-database pepper, so the stored value is never a usable credential
  // and is unique per database (the same secret hashes differently in another file).
  `
  CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at_ms INTEGER NOT NULL);
  CREATE TABLE api_keys (
    public_key TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin','developer','viewer','billing')),
    owner TEXT,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
  );
  CREATE INDEX api_keys_project ON api_keys(project_id);
  INSERT INTO store_secrets VALUES ('api_key_pepper', randomblob(32));
  `,
  // 24: honest cost totals and one LLM call counted once (store/write/generation-nesting.ts). A
  // trace or session counts its counted generations with usage whose cost is known (priced) or
  // not (unpriced): its total is unknown when none is priced, incomplete when some are not.
  // generation_parents: spans a generation with usage names as its parent before that parent is
  // stored (spans arrive in any order); the parent, when it comes, is then not counted.
  `
  ALTER TABLE traces ADD COLUMN priced_generation_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE traces ADD COLUMN unpriced_generation_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN priced_generation_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN unpriced_generation_count INTEGER NOT NULL DEFAULT 0;
  UPDATE traces SET priced_generation_count = c.priced, unpriced_generation_count = c.unpriced
    FROM (SELECT project_id, trace_id, SUM(total_cost IS NOT NULL) AS priced,
            SUM(total_cost IS NULL AND COALESCE(input_tokens, output_tokens, total_tokens) IS NOT NULL) AS unpriced
          FROM spans WHERE usage_counted = 1 GROUP BY project_id, trace_id) AS c
    WHERE traces.project_id = c.project_id AND traces.trace_id = c.trace_id;
  UPDATE sessions SET priced_generation_count = c.priced, unpriced_generation_count = c.unpriced
    FROM (SELECT project_id, session_id, SUM(priced_generation_count) AS priced, SUM(unpriced_generation_count) AS unpriced
          FROM traces WHERE session_id IS NOT NULL GROUP BY project_id, session_id) AS c
    WHERE sessions.project_id = c.project_id AND sessions.session_id = c.session_id;
  CREATE TABLE generation_parents (
    project_id TEXT NOT NULL,
    trace_created_ms INTEGER NOT NULL,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    PRIMARY KEY (project_id, trace_created_ms, trace_id, span_id)
  ) WITHOUT ROWID;
  `,
  // 25: bad timestamps (src/ingest-times.ts). A span sent from 1970 or the far future is placed
  // at its receive time; the times it was sent with stay here. Rare, so the partial index that
  // finds them (the clock_skew filter) costs nothing for the other spans.
  `
  ALTER TABLE spans ADD COLUMN clock_skew_json TEXT;
  CREATE INDEX spans_clock_skew ON spans(project_id, trace_id) WHERE clock_skew_json IS NOT NULL;
  `,
  // 26: the tags facet (filter-options `tags`, the web UI's dropdown) read every trace row of the
  // project to find the few with tags: 530 ms at 108k traces with none. The traces that have tags,
  // with them: a covering index, so the facet reads only those (and only their index entries).
  `
  CREATE INDEX traces_project_tags ON traces(project_id, start_ns, tags_json) WHERE tags_json IS NOT NULL;
  `,
];

/** Brings the database to the newest schema version (or to `target`, for upgrade tests). */
export function applyMigrations(db: Database.Database, target = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < target; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export const SCHEMA_VERSION = MIGRATIONS.length;
