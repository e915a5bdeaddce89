// Test-only shim (remove once src/api/families.ts mounts the Langfuse family): wraps the
// real mountApiFamilies and adds createLangfuseApp only when the real list lacks it, so
// these tests run the production mounting as soon as it exists.
import type { Hono } from 'hono';
import type { ApiDeps } from '../../../src/api/deps.js';
import { createLangfuseApp } from '../../../src/api/langfuse/langfuse-app.js';

type FamiliesModule = { mountApiFamilies: (app: Hono, deps: ApiDeps) => void };

export function withLangfuseMounted(real: FamiliesModule): FamiliesModule {
  return {
    ...real,
    mountApiFamilies(app, deps) {
      real.mountApiFamilies(app, deps);
      if (!app.routes.some((route) => route.path === '/api/public/observations')) app.route('/', createLangfuseApp(deps));
    },
  };
}
