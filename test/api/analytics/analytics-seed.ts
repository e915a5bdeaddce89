// Test-only: a running tracelite seeded over HTTP with the spans of
// test/fixtures/analytics-api/spans.json (OTLP/JSON, OTel GenAI semconv attributes, sent
// to /otel/{project}/v1/traces on the API port), plus small request helpers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

export interface SpanSpec {
  key: string; project: string; trace: string; parent?: string; name: string; operation: string;
  agoMs: number; extraNs?: number; durationMs: number; ttftMs?: number; provider?: string; model?: string;
  tokens?: [number, number]; user?: string; session?: string; environment: string; service: string;
  tags?: string[]; input?: string; output?: string; error?: string; attributes?: Record<string, string | number | boolean>;
}

export interface SeededSpan extends SpanSpec {
  traceId: string;
  spanId: string;
  startNs: bigint;
}

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/analytics-api/spans.json');
export const FIXTURE_SPANS = (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { spans: SpanSpec[] }).spans;

const hexId = (seed: string, length: number) => crypto.createHash('sha256').update(seed).digest('hex').slice(0, length);

type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: OtlpValue[] } };

function otlpValue(value: string | number | boolean | string[]): OtlpValue {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

const kv = (map: Record<string, string | number | boolean | string[] | undefined>) =>
  Object.entries(map).filter(([, v]) => v !== undefined).map(([key, value]) => ({ key, value: otlpValue(value!) }));

const messages = (role: string, text: string | undefined) => (text === undefined ? undefined : JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]));

function spanAttributes(s: SpanSpec) {
  return kv({
    'gen_ai.operation.name': s.operation, 'gen_ai.provider.name': s.provider, 'gen_ai.request.model': s.model,
    'gen_ai.usage.input_tokens': s.tokens?.[0], 'gen_ai.usage.output_tokens': s.tokens?.[1],
    'gen_ai.input.messages': messages('user', s.input), 'gen_ai.output.messages': messages('assistant', s.output),
    'gen_ai.response.time_to_first_chunk': s.ttftMs === undefined ? undefined : s.ttftMs / 1000,
    'user.id': s.user, 'session.id': s.session,
    // Tags come from the Langfuse convention (its user id marks the span as Langfuse's).
    'langfuse.trace.tags': s.tags, 'langfuse.user.id': s.tags ? s.user : undefined,
    ...s.attributes,
  });
}

/** Sends the spans (as `runKey` variants: fresh ids per call) and resolves once they are committed. */
export async function sendSpans(server: TestServer, specs: SpanSpec[], nowMs = Date.now(), runKey = ''): Promise<SeededSpan[]> {
  const seeded = specs.map((s) => ({
    ...s,
    traceId: hexId(`trace:${runKey}:${s.trace}`, 32), spanId: hexId(`span:${runKey}:${s.key}`, 16),
    startNs: BigInt(nowMs - s.agoMs) * 1_000_000n + BigInt(s.extraNs ?? 0),
  }));
  const ids = new Map(seeded.map((s) => [s.key, s.spanId]));
  for (const project of new Set(seeded.map((s) => s.project))) {
    const resourceSpans = seeded.filter((s) => s.project === project).map((s) => ({
      resource: { attributes: kv({ 'service.name': s.service, 'deployment.environment.name': s.environment }) },
      scopeSpans: [{ scope: { name: 'analytics-test' }, spans: [{
        traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parent ? ids.get(s.parent) : '', name: s.name, kind: 3,
        startTimeUnixNano: String(s.startNs), endTimeUnixNano: String(s.startNs + BigInt(s.durationMs) * 1_000_000n),
        attributes: spanAttributes(s), ...(s.error ? { status: { code: 2, message: s.error } } : {}),
      }] }],
    }));
    const response = await fetch(`${server.apiUrl}/otel/${project}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans }),
    });
    if (response.status !== 200) throw new Error(`OTLP export failed: ${response.status} ${await response.text()}`);
  }
  return seeded;
}

export async function startSeededServer(): Promise<{ server: TestServer; spans: SeededSpan[] }> {
  const server = await startTestServer();
  const spans = await sendSpans(server, FIXTURE_SPANS);
  return { server, spans };
}

export interface JsonResponse {
  status: number;
  body: any;
  headers: Headers;
}

export async function getJson(server: TestServer, pathAndQuery: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(server.apiUrl + pathAndQuery, { headers });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

export async function postJson(server: TestServer, pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(server.apiUrl + pathname, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** POST /api/v1/traces/search with `request`; returns the rows' span ids (and the response). */
export async function search(server: TestServer, request: Record<string, unknown>): Promise<JsonResponse & { spanIds: string[] }> {
  const response = await postJson(server, '/api/v1/traces/search', { limit: 1000, ...request });
  return { ...response, spanIds: response.status === 200 ? response.body.data.map((row: { span_id: string }) => row.span_id) : [] };
}
