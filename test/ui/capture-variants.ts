// Copies of a recorded capture (test/fixtures/captures/<case>) for the UI tests: fresh
// trace ids (so one capture can be sent several times), start times moved to "now", and
// optionally a session/user on every span — the recordings have none, the session view
// needs them. The spans are otherwise what the instrumentation library wrote.
import crypto from 'node:crypto';
import { loadCapture } from '../captures/replay-capture.js';

type OtlpAttribute = { key: string; value: { stringValue: string } };
type OtlpSpan = { traceId: string; startTimeUnixNano: string; endTimeUnixNano: string; attributes?: OtlpAttribute[]; events?: { timeUnixNano: string }[] };
type OtlpExport = { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };

export interface VariantOptions {
  sessionId?: string;
  userId?: string;
  /** Where the earliest span starts (ms since epoch); default now. */
  startMs?: number;
}

export function makeCaptureVariant(caseName: string, options: VariantOptions = {}): OtlpExport {
  const copy = structuredClone(loadCapture(caseName).traces) as OtlpExport;
  const spans = copy.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  const earliest = spans.reduce((min, s) => (BigInt(s.startTimeUnixNano) < min ? BigInt(s.startTimeUnixNano) : min), BigInt(spans[0]!.startTimeUnixNano));
  const shift = BigInt(options.startMs ?? Date.now()) * 1_000_000n - earliest;
  const newIds = new Map<string, string>();
  for (const span of spans) {
    if (!newIds.has(span.traceId)) newIds.set(span.traceId, crypto.randomBytes(16).toString('hex'));
    span.traceId = newIds.get(span.traceId)!;
    span.startTimeUnixNano = String(BigInt(span.startTimeUnixNano) + shift);
    span.endTimeUnixNano = String(BigInt(span.endTimeUnixNano) + shift);
    for (const event of span.events ?? []) event.timeUnixNano = String(BigInt(event.timeUnixNano) + shift);
    if (options.sessionId) (span.attributes ??= []).push({ key: 'session.id', value: { stringValue: options.sessionId } });
    if (options.userId) (span.attributes ??= []).push({ key: 'user.id', value: { stringValue: options.userId } });
  }
  return copy;
}

export async function sendOtlpJson(otlpHttpUrl: string, body: unknown, projectId = 'default'): Promise<void> {
  const res = await fetch(`${otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': projectId }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`OTLP export answered ${res.status}: ${await res.text()}`);
}
