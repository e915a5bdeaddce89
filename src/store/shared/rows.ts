// STORE: the row shapes the writer inserts, one field per column (snake_case, as in SQL).
// Plain data only (strings, numbers, bigints, null) so rows can cross a worker boundary.

export interface SpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: number;
  start_ns: bigint;
  end_ns: bigint;
  duration_ns: bigint;
  status_code: number;
  status_message: string | null;
  trace_state: string | null;
  flags: number;
  resource_json: string;
  resource_schema_url: string | null;
  scope_name: string | null;
  scope_version: string | null;
  scope_json: string | null;
  scope_schema_url: string | null;
  attributes_json: string;
  events_json: string | null;
  links_json: string | null;
  dropped_attributes_count: number;
  dropped_events_count: number;
  dropped_links_count: number;
  observation_type: string;
  category: string;
  is_genai: number;
  framework: string | null;
  provider: string | null;
  request_model: string | null;
  response_model: string | null;
  model: string | null;
  operation_name: string | null;
  agent_name: string | null;
  tool_name: string | null;
  tool_call_id: string | null;
  finish_reasons_json: string | null;
  session_id: string | null;
  user_id: string | null;
  environment: string | null;
  tags_json: string | null;
  version: string | null;
  release: string | null;
  level: string | null;
  completion_start_ns: bigint | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  input_cost: number | null;
  output_cost: number | null;
  cache_read_cost: number | null;
  cache_write_cost: number | null;
  reasoning_cost: number | null;
  total_cost: number | null;
  cost_source: string | null;
  usage_counted: number;
  model_parameters_json: string | null;
  input_json: string | null;
  output_json: string | null;
  input_preview: string | null;
  output_preview: string | null;
  metadata_json: string | null;
  ingested_at_ms: number;
  /** The span's own times when they were implausible and it was placed at its receive time (ingest-times.ts). */
  clock_skew_json: string | null;
  /** Not a column: the trace-level name a convention asked for (e.g. langfuse.trace.name). */
  trace_name?: string | null;
}

type NsColumn = 'start_ns' | 'end_ns' | 'duration_ns' | 'completion_start_ns';

/** A span row as queries read it back: ns times as decimal text (CAST AS TEXT, exact). */
export type StoredSpanRow = Omit<SpanRow, NsColumn | 'trace_name'> & {
  start_ns: string;
  end_ns: string;
  duration_ns: string;
  completion_start_ns: string | null;
};

export interface LogRow {
  project_id: string;
  trace_id: string | null;
  span_id: string | null;
  time_ns: bigint;
  observed_time_ns: bigint;
  severity_number: number;
  severity_text: string | null;
  event_name: string | null;
  body_json: string | null;
  attributes_json: string;
  dropped_attributes_count: number;
  flags: number;
  resource_json: string;
  scope_name: string | null;
  scope_version: string | null;
  /** SideML messages this record carries (GenAI event log records), JSON array, or null. */
  messages_json: string | null;
  input_preview: string | null;
  output_preview: string | null;
  ingested_at_ms: number;
}

export interface MetricPointRow {
  project_id: string;
  name: string;
  description: string | null;
  unit: string | null;
  type: string;
  aggregation_temporality: number | null;
  is_monotonic: number | null;
  start_time_ns: bigint | null;
  time_ns: bigint;
  flags: number;
  attributes_json: string;
  value_json: string;
  resource_json: string;
  scope_name: string | null;
  scope_version: string | null;
  ingested_at_ms: number;
}

export interface ScoreRow {
  id: string;
  project_id: string;
  trace_id: string | null;
  observation_id: string | null;
  session_id: string | null;
  dataset_run_id: string | null;
  name: string;
  /** NUMERIC | CATEGORICAL | BOOLEAN */
  data_type: string;
  value: number | null;
  string_value: string | null;
  comment: string | null;
  metadata_json: string | null;
  source: string;
  config_id: string | null;
  queue_id: string | null;
  author_user_id: string | null;
  environment: string | null;
  timestamp_ms: number;
  created_at_ms: number;
  updated_at_ms: number;
  /** The sender's trace / observation id where it is not the stored OTLP-shaped one. */
  source_trace_id?: string | null;
  source_observation_id?: string | null;
}
