// Query benchmark, the measured requests: which URLs, with which sample values, against
// which target from issue 4. Sample values (trace ids, a one-trace session, response ids)
// are read from the seeded SQLite file through a read-only connection.
import Database from 'better-sqlite3';
import { MEASURED_PROJECT, SINGLETON_SESSION_BASE } from './query-seed.js';

export interface QueryCase {
  name: string;
  /** p95 target in ms (from issue 4; the Langfuse rows borrow the list target). */
  targetMs: number;
  /** Slow cases take fewer samples. */
  samples: number;
  /** A fresh URL (path + query) and headers per sample; a body makes it a JSON POST. */
  request: () => { path: string; headers?: Record<string, string>; body?: unknown };
}

export interface Samples {
  traceIds: string[];
  singletonSessions: string[];
  responseIds: string[];
  /** The model of a sample generation: a filter that matches about a quarter of the traces. */
  commonModel: string;
  genaiTraces: number;
}

const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)]!;

export function readSamples(dbPath: string, projectId = MEASURED_PROJECT): Samples {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const traceIds = db.prepare('SELECT trace_id FROM traces WHERE project_id = ? AND genai_span_count > 0 ORDER BY random() LIMIT 500').pluck().all(projectId) as string[];
    const singletonSessions = db
      .prepare(`SELECT session_id FROM traces WHERE project_id = ? AND session_id >= ? AND session_id < ? LIMIT 200`)
      .pluck()
      .all(projectId, `session-${SINGLETON_SESSION_BASE}`, `session-${SINGLETON_SESSION_BASE + 9_999_999}`) as string[];
    const generations = db
      .prepare(`SELECT json_extract(s.attributes_json, '$."gen_ai.response.id"') AS response_id, s.model FROM spans s
        WHERE s.project_id = ? AND s.trace_id IN (SELECT value FROM json_each(?)) AND s.observation_type = 'generation'`)
      .all(projectId, JSON.stringify(traceIds.slice(0, 100))) as { response_id: unknown; model: string | null }[];
    const responseIds = generations.map((g) => g.response_id).filter((v): v is string => typeof v === 'string');
    const commonModel = generations.find((g) => g.model)?.model ?? 'gpt-4o';
    const genaiTraces = db.prepare('SELECT COUNT(*) FROM traces WHERE project_id = ? AND genai_span_count > 0').pluck().get(projectId) as number;
    if (traceIds.length === 0 || singletonSessions.length === 0 || responseIds.length === 0) {
      throw new Error(`no sample values in ${dbPath} (traces ${traceIds.length}, one-trace sessions ${singletonSessions.length}, response ids ${responseIds.length}): was it seeded by this benchmark?`);
    }
    return { traceIds, singletonSessions, responseIds, commonModel, genaiTraces };
  } finally {
    db.close();
  }
}

export function buildCases(samples: Samples, sampleCount: number, projectId = MEASURED_PROJECT): QueryCase[] {
  const base = `/api/v1/project/${projectId}/otel`;
  const filters = (conditions: unknown[]) => `filters=${encodeURIComponent(JSON.stringify(conditions))}`;
  const lastPage = Math.max(1, Math.ceil(samples.genaiTraces / 50));
  const langfuse = { 'x-project-id': projectId };
  const fixed = (path: string, headers?: Record<string, string>) => () => ({ path, headers });
  const c = (name: string, targetMs: number, request: QueryCase['request'], samples = sampleCount): QueryCase => ({ name, targetMs, samples, request });
  return [
    c('traces: list, no filter', 10, fixed(`${base}/traces?limit=50`)),
    c('traces: list, environment=staging', 10, fixed(`${base}/traces?limit=50&environment=staging`)),
    c('traces: list, session_id of a 1-trace session', 10, () => ({ path: `${base}/traces?limit=50&session_id=${pick(samples.singletonSessions)}` })),
    c('traces: list, filters user_id eq <absent>', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'user_id', op: 'eq', value: 'user-nobody' }])}`)),
    c('traces: list, filters model eq <absent>', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'model', op: 'eq', value: 'no-such-model' }])}`)),
    c(`traces: list, filters model eq ${samples.commonModel}`, 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'model', op: 'eq', value: samples.commonModel }])}`)),
    c('traces: list, filters provider eq anthropic', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'provider', op: 'eq', value: 'anthropic' }])}`)),
    c(`traces: list, filters model eq ${samples.commonModel} and environment eq staging`, 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'model', op: 'eq', value: samples.commonModel }, { key: 'environment', op: 'eq', value: 'staging' }])}`)),
    c('traces: list, filters provider in [anthropic, aws.bedrock]', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'provider', op: 'in', value: ['anthropic', 'aws.bedrock'] }])}`)),
    c('traces: list, filters has_error eq true', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'has_error', op: 'eq', value: true }])}`)),
    c('traces: list, filters framework eq <absent>', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'framework', op: 'eq', value: 'no-such-framework' }])}`)),
    c('traces: list, filters total_tokens gt 1e9 (0 rows)', 10, fixed(`${base}/traces?limit=50&${filters([{ key: 'total_tokens', op: 'gt', value: 1e9 }])}`), Math.min(sampleCount, 40)),
    c('traces: list, random page (limit 50)', 10, () => ({ path: `${base}/traces?limit=50&page=${1 + Math.floor(Math.random() * lastPage)}` })),
    // The search box (issue 20): no target was named; the UI's list paint budget is 1 s.
    c('traces: search, a word in every conversation', 1000, fixed(`${base}/traces?limit=50&search=latency`), Math.min(sampleCount, 20)),
    c('traces: search, an absent word', 1000, fixed(`${base}/traces?limit=50&search=zebraquux`), Math.min(sampleCount, 20)),
    c('traces: search, a 1-trace session id', 1000, () => ({ path: `${base}/traces?limit=50&search=${pick(samples.singletonSessions)}` }), Math.min(sampleCount, 20)),
    c('traces: search, a trace id', 1000, () => ({ path: `${base}/traces?limit=50&search=${pick(samples.traceIds)}` }), Math.min(sampleCount, 20)),
    c('traces: detail with nested spans', 10, () => ({ path: `${base}/traces/${pick(samples.traceIds)}` })),
    c('traces: messages', 25, () => ({ path: `${base}/traces/${pick(samples.traceIds)}/messages` })),
    c('traces: filter-options', 50, fixed(`${base}/traces/filter-options`)),
    c('sessions: list', 50, fixed(`${base}/sessions?limit=50`)),
    c('traces: filters attributes.gen_ai.response.id eq', 500, () => ({ path: `${base}/traces?limit=50&${filters([{ key: 'attributes.gen_ai.response.id', op: 'eq', value: pick(samples.responseIds) }])}` }), Math.min(sampleCount, 10)),
    c('langfuse: GET /api/public/observations?limit=50', 10, fixed('/api/public/observations?limit=50', langfuse)),
    c('langfuse: GET /api/public/v2/observations?limit=50', 10, fixed('/api/public/v2/observations?limit=50', langfuse)),
  ];
}
