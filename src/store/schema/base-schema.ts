// STORE: schema version 1, the base every later migration (store/schema/migrations.ts) builds on:
// the OTLP signals with their normalized span columns, trace roll-ups and scores. Released:
// never edit it; change the schema with a new migration.
export const BASE_SCHEMA = `
  CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    parent_span_id TEXT,
    name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    start_ns INTEGER NOT NULL,
    end_ns INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL,
    status_code INTEGER NOT NULL,
    status_message TEXT,
    trace_state TEXT,
    flags INTEGER NOT NULL DEFAULT 0,
    resource_json TEXT NOT NULL,
    resource_schema_url TEXT,
    scope_name TEXT,
    scope_version TEXT,
    scope_json TEXT,
    scope_schema_url TEXT,
    attributes_json TEXT NOT NULL,
    events_json TEXT,
    links_json TEXT,
    dropped_attributes_count INTEGER NOT NULL DEFAULT 0,
    dropped_events_count INTEGER NOT NULL DEFAULT 0,
    dropped_links_count INTEGER NOT NULL DEFAULT 0,
    -- normalized (src/genai): recomputable from the raw columns above
    observation_type TEXT NOT NULL,
    category TEXT NOT NULL,
    is_genai INTEGER NOT NULL,
    framework TEXT,
    provider TEXT,
    request_model TEXT,
    response_model TEXT,
    model TEXT,
    operation_name TEXT,
    agent_name TEXT,
    tool_name TEXT,
    tool_call_id TEXT,
    finish_reasons_json TEXT,
    session_id TEXT,
    user_id TEXT,
    environment TEXT,
    tags_json TEXT,
    version TEXT,
    release TEXT,
    level TEXT,
    completion_start_ns INTEGER,
    input_tokens INTEGER,
    output_tokens INTEGER,
    total_tokens INTEGER,
    cache_read_tokens INTEGER,
    cache_write_tokens INTEGER,
    reasoning_tokens INTEGER,
    input_cost REAL,
    output_cost REAL,
    cache_read_cost REAL,
    cache_write_cost REAL,
    reasoning_cost REAL,
    total_cost REAL,
    cost_source TEXT,
    usage_counted INTEGER NOT NULL DEFAULT 1,
    model_parameters_json TEXT,
    messages_json TEXT, -- unused since messages are derived from the raw attributes at read time
    tool_definitions_json TEXT, -- unused, likewise
    input_json TEXT,
    output_json TEXT,
    input_preview TEXT,
    output_preview TEXT,
    metadata_json TEXT,
    ingested_at_ms INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX spans_identity ON spans(project_id, trace_id, span_id);
  CREATE INDEX spans_project_start ON spans(project_id, start_ns);
  CREATE INDEX spans_project_type_start ON spans(project_id, observation_type, start_ns);

  CREATE TABLE traces (
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
  ) WITHOUT ROWID;
  CREATE INDEX traces_project_start ON traces(project_id, start_ns);
  CREATE INDEX traces_project_session ON traces(project_id, session_id, start_ns);
  CREATE INDEX traces_project_user ON traces(project_id, user_id, start_ns);
  CREATE INDEX traces_project_env ON traces(project_id, environment, start_ns);

  CREATE TABLE logs (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    trace_id TEXT,
    span_id TEXT,
    time_ns INTEGER NOT NULL,
    observed_time_ns INTEGER NOT NULL,
    severity_number INTEGER NOT NULL,
    severity_text TEXT,
    event_name TEXT,
    body_json TEXT,
    attributes_json TEXT NOT NULL,
    dropped_attributes_count INTEGER NOT NULL DEFAULT 0,
    flags INTEGER NOT NULL DEFAULT 0,
    resource_json TEXT NOT NULL,
    scope_name TEXT,
    scope_version TEXT,
    messages_json TEXT,
    ingested_at_ms INTEGER NOT NULL
  );
  CREATE INDEX logs_project_trace ON logs(project_id, trace_id, span_id);
  CREATE INDEX logs_project_time ON logs(project_id, time_ns);

  CREATE TABLE metric_points (
    id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    unit TEXT,
    type TEXT NOT NULL,
    aggregation_temporality INTEGER,
    is_monotonic INTEGER,
    start_time_ns INTEGER,
    time_ns INTEGER NOT NULL,
    flags INTEGER NOT NULL DEFAULT 0,
    attributes_json TEXT NOT NULL,
    value_json TEXT NOT NULL,
    resource_json TEXT NOT NULL,
    scope_name TEXT,
    scope_version TEXT,
    ingested_at_ms INTEGER NOT NULL
  );
  CREATE INDEX metric_points_project_name_time ON metric_points(project_id, name, time_ns);

  CREATE TABLE scores (
    id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    trace_id TEXT,
    observation_id TEXT,
    session_id TEXT,
    dataset_run_id TEXT,
    name TEXT NOT NULL,
    data_type TEXT NOT NULL,
    value REAL,
    string_value TEXT,
    comment TEXT,
    metadata_json TEXT,
    source TEXT NOT NULL DEFAULT 'API',
    config_id TEXT,
    queue_id TEXT,
    author_user_id TEXT,
    environment TEXT,
    timestamp_ms INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (project_id, id)
  );
  CREATE INDEX scores_project_trace ON scores(project_id, trace_id);
  CREATE INDEX scores_project_time ON scores(project_id, timestamp_ms);
`;
