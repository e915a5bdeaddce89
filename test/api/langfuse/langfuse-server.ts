// Test-only: a running tracelite with the fixture spans seeded, plus an official
// Langfuse client pointed at it (any credentials are accepted).
import { LangfuseClient } from '@langfuse/client';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { seedFixtureSpans } from './seed-spans.js';

export async function startSeededServer(): Promise<TestServer> {
  const server = await startTestServer();
  seedFixtureSpans(server.dbPath);
  return server;
}

export function createClient(server: TestServer, projectId?: string): LangfuseClient {
  return new LangfuseClient({
    publicKey: 'pk-lf-test',
    secretKey: 'sk-lf-test',
    baseUrl: server.apiUrl,
    additionalHeaders: projectId ? { 'x-project-id': projectId } : undefined,
  });
}

/** Raw GET with Basic auth; returns status and parsed JSON. */
export async function getJson(server: TestServer, pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(server.apiUrl + pathAndQuery, {
    headers: { authorization: 'Basic ' + Buffer.from('pk-lf-test:sk-lf-test').toString('base64'), ...headers },
  });
  return { status: response.status, body: await response.json() };
}
