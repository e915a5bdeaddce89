// STORE: scores (numeric, categorical, boolean) on a trace, an observation or a session.
// Written through the StoreWriter; read by the Langfuse-compatible API.

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
}
