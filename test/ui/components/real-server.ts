// Component tests run in happy-dom against a real tracelite: the page's URL is the server's
// API origin, so the UI's relative `fetch('/api/v1/…')` calls reach it same-origin, exactly
// as in a browser that opened the API port. The server is its own process (`tracelite serve`,
// bench/serve-child.ts): happy-dom replaces globals (URL, fetch) that its worker threads need.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer, type ServerProcess } from '../../../bench/serve-child.js';
import { makeCaptureVariant, traceIdsOf, type VariantOptions } from '../capture-variants.js';

export interface ComponentServer extends ServerProcess {
  close(): Promise<void>;
}

export async function startServerForComponents(): Promise<ComponentServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-components-'));
  const server = await startServer(path.join(dir, 'tracelite.db'), dir);
  const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void; waitUntilComplete(): Promise<void> } }).happyDOM;
  happyDOM.setURL(`${server.apiUrl}/`);
  const close = async () => {
    await happyDOM.waitUntilComplete(); // pending fetches end before the server goes, not with a reset socket
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { ...server, close };
}

/** Sends a recorded capture (fresh ids, now) to `project` over OTLP/HTTP JSON; returns its trace
 *  ids. Through node:http: the page's fetch is happy-dom's, bound to the API origin. */
export async function sendCapture(server: ServerProcess, caseName: string, options: VariantOptions = {}, project = 'default'): Promise<string[]> {
  const copy = makeCaptureVariant(caseName, options);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': project } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(copy));
  });
  if (status !== 200) throw new Error(`OTLP export answered ${status}`);
  return traceIdsOf(copy);
}
