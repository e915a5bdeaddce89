// QUERY/SERVE (web UI): the single-page app built by Vite (src/ui -> dist/ui), on the API
// port. Hashed files under /assets/ are cached for a year (their names change with their
// content); every other GET outside the API prefixes answers index.html, uncached, so a
// deep link (/projects/default/traces/<id>) survives a reload. No build: a plain page
// saying how to build it, and the API is unaffected.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { ApiDeps } from '../deps.js';
import { createInfoApp } from './info-route.js';

/** Paths the UI never answers: API families, OTLP, docs. Unknown ones keep their own 404s. */
const API_PREFIXES = ['/api/', '/otel/', '/v1/', '/health', '/metrics'];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.map': 'application/json',
  '.html': 'text/html; charset=utf-8', '.ico': 'image/x-icon',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

const MISSING_BUILD_PAGE = '<!doctype html><meta charset="utf-8"><title>tracelite</title>'
  + '<p>The web UI is not built. Run <code>npm run build</code> (or <code>npm run build:ui</code>) and restart.</p>'
  + '<p>The REST API is at <code>/api/v1/project/{project}/otel/traces</code>.</p>';

/** `dist/ui` of the package this file belongs to (compiled in dist/ or run from src/). */
export function findDefaultUiDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'ui');
}

export function createUiApp(deps: ApiDeps): Hono {
  const dir = deps.config.api.ui_dir ?? findDefaultUiDir();
  const app = new Hono();
  app.get('/assets/:file{.+}', (c) => {
    const file = resolveInside(path.join(dir, 'assets'), c.req.param('file'));
    const body = file ? readFileOrNull(file) : null;
    if (!body) return c.text('not found', 404);
    return c.body(new Uint8Array(body), 200, { 'content-type': contentTypeOf(file!), 'cache-control': IMMUTABLE });
  });
  app.get('*', async (c, next) => {
    if (API_PREFIXES.some((prefix) => c.req.path.startsWith(prefix))) return next();
    const index = readFileOrNull(path.join(dir, 'index.html'));
    return c.html(index ? index.toString('utf8') : MISSING_BUILD_PAGE, 200, { 'cache-control': 'no-cache' });
  });
  return app;
}

/** A path under `root` (a request for ../ outside it is null). */
function resolveInside(root: string, relative: string): string | null {
  const full = path.resolve(root, relative);
  return full.startsWith(root + path.sep) ? full : null;
}

function readFileOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/** The info route, then the UI's catch-all: mounted after every API family so theirs win. */
export function mountWebUi(app: Hono, deps: ApiDeps): void {
  app.route('/', createInfoApp(deps));
  app.route('/', createUiApp(deps));
}
