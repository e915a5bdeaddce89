// QUERY/SERVE (explorer): GET /api/v1/projects — the projects the caller may open, for the web
// UI's project switcher: every project there is for an every-project caller (auth off, an
// admin key or token), else the caller's own.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { principalOf, requireAccess } from '../auth-middleware.js';
import { listKnownProjects } from '../../store/read/auth-keys.js';
import { ERROR_RESPONSES, jsonBody } from './route-kit.js';

export const ProjectSummary = z
  .object({
    id: z.string().openapi({ example: 'default' }),
    trace_count: z.number().int().openapi({ description: 'Traces stored (GenAI or not)' }),
    created_at: z.string().nullable().openapi({ description: 'When it was registered (`tracelite projects create`); null for a project that only has data' }),
  })
  .openapi('ProjectSummary');

const listRoute = createRoute({
  method: 'get', path: '/api/v1/projects', tags: ['projects'], summary: 'Projects the caller may open',
  responses: { 200: jsonBody(z.object({ data: z.array(ProjectSummary) }), 'Projects, by id'), ...ERROR_RESPONSES },
});

export function registerProjectRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.use('/api/v1/projects', requireAccess(deps));
  app.openapi(listRoute, (c) => {
    const scope = principalOf(c).projects;
    const known = listKnownProjects(deps.readDb);
    const visible = scope === '*' ? known : scope.map((id) => known.find((p) => p.id === id) ?? { id, traceCount: 0, createdAtMs: null });
    // `default` is where data sent without auth lands: always offered to a caller who may open it.
    if (scope === '*' && !visible.some((p) => p.id === 'default')) visible.unshift({ id: 'default', traceCount: 0, createdAtMs: null });
    const data = visible.map((p) => ({ id: p.id, trace_count: p.traceCount, created_at: p.createdAtMs === null ? null : new Date(p.createdAtMs).toISOString() }));
    c.header('Cache-Control', 'no-store');
    return c.json({ data }, 200);
  });
}
