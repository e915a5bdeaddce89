// QUERY/SERVE: the API families mounted on the API port, in one list. Each family
// is a factory defining its full paths and its own error shape.
import type { Hono } from 'hono';
import type { ApiDeps } from './deps.js';
import { createAnalyticsApp } from './analytics/analytics-app.js';
import { createExplorerApp } from './explorer/explorer-app.js';
import { createFacadeApp } from './facade/facade-app.js';
import { createHealthApp } from './health.js';
import { HealthProbes } from './health-probes.js';
import { createLangfuseApp } from './langfuse/langfuse-app.js';
import { mountOpenApiDocument } from './openapi.js';
import { createMetricsApp } from './metrics.js';
import { mountWebUi } from './ui/ui-app.js';

export function mountApiFamilies(app: Hono, given: ApiDeps): void {
  const deps: ApiDeps = { ...given, healthProbes: given.healthProbes ?? new HealthProbes() };
  const families = [createHealthApp(deps), createMetricsApp(deps), createExplorerApp(deps), createLangfuseApp(deps), createAnalyticsApp(deps), createFacadeApp(deps)];
  for (const family of families) app.route('/', family);
  mountOpenApiDocument(app, families);
  mountWebUi(app, deps);
}
