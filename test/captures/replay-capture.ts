// REPLAY step for the capture golden tests: posts a recorded case (OTLP/JSON export requests
// written by record/record-captures.ts) to a running tracelite over OTLP/HTTP, as JSON or
// re-encoded as protobuf, so the tests do not depend on library timing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { encodeJsonAsProtobuf } from '../otlp/codec-json-to-protobuf.js';

export const CAPTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/captures');

export type ReplayEncoding = 'json' | 'protobuf';

export interface Capture {
  traces: unknown;
  logs: unknown | null;
}

export function loadCapture(caseName: string): Capture {
  const dir = path.join(CAPTURES_DIR, caseName);
  const logsFile = path.join(dir, 'logs.json');
  return {
    traces: JSON.parse(fs.readFileSync(path.join(dir, 'traces.json'), 'utf8')),
    logs: fs.existsSync(logsFile) ? JSON.parse(fs.readFileSync(logsFile, 'utf8')) : null,
  };
}

/** The hand-written expectations of a case. */
export function loadExpected<T = any>(caseName: string): T {
  return JSON.parse(fs.readFileSync(path.join(CAPTURES_DIR, caseName, 'expected.json'), 'utf8')) as T;
}

async function postOtlp(url: string, projectId: string, json: unknown, encoding: ReplayEncoding, kind: 'traces' | 'logs'): Promise<void> {
  const type = kind === 'traces' ? otlpTypes.traceRequest : otlpTypes.logsRequest;
  // A copy over its own ArrayBuffer: a BodyInit under both the Node and the DOM typings (the UI's component tests).
  const body = encoding === 'json' ? JSON.stringify(json) : new Uint8Array(encodeJsonAsProtobuf(type, json));
  const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
  const res = await fetch(`${url}/v1/${kind}`, { method: 'POST', headers: { 'content-type': contentType, 'x-project-id': projectId }, body });
  if (res.status !== 200) throw new Error(`POST /v1/${kind} answered ${res.status}: ${await res.text()}`);
}

/** Traces first, then the log records that point at their spans (the order an app's exporters race in). */
export async function replayCapture(otlpHttpUrl: string, caseName: string, projectId: string, encoding: ReplayEncoding): Promise<void> {
  const capture = loadCapture(caseName);
  await postOtlp(otlpHttpUrl, projectId, capture.traces, encoding, 'traces');
  if (capture.logs) await postOtlp(otlpHttpUrl, projectId, capture.logs, encoding, 'logs');
}
