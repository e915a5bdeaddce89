// The Langfuse family's routes produce a valid OpenAPI document (generated from the zod schemas).
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../src/api/deps.js';
import { createLangfuseApp } from '../../../src/api/langfuse/langfuse-app.js';
import { buildOpenApiDocument } from '../../../src/api/openapi.js';

describe('Langfuse family OpenAPI', () => {
  it('documents every /api/public route', () => {
    // Route registration does not touch the dependencies; requests would.
    const document = buildOpenApiDocument([createLangfuseApp({} as ApiDeps)]) as unknown as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/public/health', '/api/public/ingestion', '/api/public/observations', '/api/public/observations/{observationId}',
      '/api/public/projects', '/api/public/scores', '/api/public/scores/{scoreId}', '/api/public/sessions', '/api/public/sessions/{sessionId}',
      '/api/public/traces', '/api/public/traces/{traceId}', '/api/public/v2/observations', '/api/public/v2/scores',
      '/api/public/v2/scores/{scoreId}',
    ]);
    expect(Object.keys(document.paths['/api/public/scores']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/public/traces/{traceId}']!).sort()).toEqual(['delete', 'get']);
  });
});
