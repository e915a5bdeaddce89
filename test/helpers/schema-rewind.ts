// SQL that takes a database the current writer filled back to an older schema version,
// with its data as that version stored it, so a test can run a migration on it and
// compare what the migration builds with what the writer keeps. One constant per
// migration undone; a test runs the ones after its target, newest first.

/** Before migration 26: no index of the traces that have tags. */
export const UNDO_TAGS_INDEX = `
  DROP INDEX traces_project_tags;`;

/** Before migration 25: no record of the times a span was sent with when they were implausible. */
export const UNDO_CLOCK_SKEW = `
  DROP INDEX spans_clock_skew;
  ALTER TABLE spans DROP COLUMN clock_skew_json;`;

/** Before migration 24: no priced/unpriced generation counts, no marks of generations' parents. */
export const UNDO_COST_COUNTS = `
  DROP TABLE generation_parents;
  ALTER TABLE traces DROP COLUMN priced_generation_count;
  ALTER TABLE traces DROP COLUMN unpriced_generation_count;
  ALTER TABLE sessions DROP COLUMN priced_generation_count;
  ALTER TABLE sessions DROP COLUMN unpriced_generation_count;`;

/** Before migration 23: no projects, no API keys, no pepper for their secrets. */
export const UNDO_API_KEYS = `
  DROP TABLE api_keys;
  DROP TABLE projects;
  DELETE FROM store_secrets WHERE name = 'api_key_pepper';`;

/** Before migration 22: scores without their senders' ids. */
export const UNDO_SCORE_SOURCE_IDS = `
  ALTER TABLE scores DROP COLUMN source_trace_id;
  ALTER TABLE scores DROP COLUMN source_observation_id;`;

/** Before migration 21: no span text index, no cursor key. */
export const UNDO_SPAN_TEXTS = `
  DROP TABLE span_text_fts;
  DELETE FROM search_state WHERE name = 'span_text_fts';
  DROP TABLE store_secrets;`;

/** Before migration 20: each span's resource inline in spans.resource_json. */
export const UNDO_SPAN_RESOURCES = `
  UPDATE spans SET resource_json = (SELECT json FROM resources WHERE id = spans.resource_id) WHERE resource_id IS NOT NULL;
  ALTER TABLE spans DROP COLUMN resource_id;
  DROP TABLE resources;`;

/** Before migration 19: spans found by the spans_identity index. */
export const UNDO_SPAN_KEYS = `
  DROP TABLE span_keys;
  CREATE UNIQUE INDEX spans_identity ON spans(project_id, trace_id, span_id);`;
