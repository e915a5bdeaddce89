// The web UI on the API port: hashed assets cached for good, index.html (uncached) for
// the app's deep links, API routes and their 404s untouched, and no build is no crash.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { buildUiIntoTempDir } from './build-ui.js';

describe('web UI serving', () => {
  let uiDir: string;
  let server: TestServer;
  beforeAll(async () => {
    uiDir = await buildUiIntoTempDir();
    server = await startTestServer({ config: { api: { ui_dir: uiDir } } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(uiDir, { recursive: true, force: true });
  });

  it('serves index.html at / and at deep links, uncached', async () => {
    for (const url of ['/', '/projects/default/traces/0123456789abcdef0123456789abcdef', '/projects/p/sessions']) {
      const res = await fetch(server.apiUrl + url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toMatch(/<div id="app">/);
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const assets = fs.readdirSync(path.join(uiDir, 'assets'));
    const js = assets.find((f) => f.endsWith('.js'))!;
    const res = await fetch(`${server.apiUrl}/assets/${js}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${server.apiUrl}/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.apiUrl}/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('leaves the API alone: routes answer, unknown /api paths stay 404', async () => {
    expect((await fetch(`${server.apiUrl}/api/v1/health`)).status).toBe(200);
    const list = await fetch(`${server.apiUrl}/api/v1/project/default/otel/traces`);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ data: [] });
    const unknown = await fetch(`${server.apiUrl}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('tells the UI its OTLP endpoints and auth mode', async () => {
    const info = await (await fetch(`${server.apiUrl}/api/v1/info`)).json() as { auth_enabled: boolean; otlp_http_endpoint: string; otlp_grpc_endpoint: string };
    expect(info).toMatchObject({ auth_enabled: false });
    // The config asks for port 0: the ports shown are the ones bound.
    expect(info.otlp_http_endpoint).toBe(server.otlpHttpUrl);
    expect(info.otlp_grpc_endpoint).toBe(`http://${server.grpcAddress}`);
  });

  it('starts without a build and says how to make one', async () => {
    const bare = await startTestServer({ config: { api: { ui_dir: path.join(uiDir, 'missing') } } });
    try {
      const res = await fetch(bare.apiUrl + '/');
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/npm run build/);
      expect((await fetch(`${bare.apiUrl}/api/v1/health`)).status).toBe(200);
    } finally {
      await bare.stop();
    }
  });
});
