// Test-only: real HTTP calls against a running tracelite — the observability facade
// (/api/v1/observability), the explorer (/api/v1/project/{p}/otel) and the Langfuse API
// (/api/public, Basic auth with any keys) — returning status and parsed JSON.
import type { TestServer } from '../../helpers/test-server.js';

export const FACADE = '/api/v1/observability';

export interface JsonResponse {
  status: number;
  body: any;
}

async function send(server: TestServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const response = await fetch(server.apiUrl + path, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

/** A facade call: `path` is relative to /api/v1/observability. A string body is sent as is. */
export function facade(server: TestServer, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse> {
  return send(server, method, FACADE + path, body, headers);
}

export function explorer(server: TestServer, path: string, projectId = 'default'): Promise<JsonResponse> {
  return send(server, 'GET', `/api/v1/project/${projectId}/otel${path}`);
}

export function langfuse(server: TestServer, path: string): Promise<JsonResponse> {
  return send(server, 'GET', `/api/public${path}`, undefined, { authorization: 'Basic ' + Buffer.from('pk-lf-test:sk-lf-test').toString('base64') });
}

/** Counts rows straight from the store file (the server's writer commits before answering). */
export async function countRows(server: TestServer, table: 'traces' | 'spans' | 'logs' | 'scores'): Promise<number> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
