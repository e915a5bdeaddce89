// QUERY/SERVE: GET /api/openapi.json — one OpenAPI 3.0 document for every API family
// built with @hono/zod-openapi, generated from their zod schemas (so it cannot drift).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';

export const OPENAPI_PATH = '/api/openapi.json';

/** Builds the document from the families' route registries (computed once, on first request). */
export function mountOpenApiDocument(app: Hono, families: OpenAPIHono[], info: { title?: string; version?: string } = {}): void {
  let document: unknown = null;
  app.get(OPENAPI_PATH, (c) => {
    document ??= buildOpenApiDocument(families, info);
    return c.json(document);
  });
}

export function buildOpenApiDocument(families: OpenAPIHono[], info: { title?: string; version?: string } = {}) {
  // Routing each family into one app merges their registries; the handlers are never called.
  const merged = new OpenAPIHono();
  for (const family of families) merged.route('/', family);
  return merged.getOpenAPIDocument({
    openapi: '3.0.3',
    info: { title: info.title ?? 'tracelite API', version: info.version ?? '0.1.0' },
  });
}
