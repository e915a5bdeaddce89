// Copies of a recorded capture (test/fixtures/captures/<case>) for the UI tests: fresh
// trace ids (so one capture can be sent several times), start times moved to "now", and
// optionally a session/user/tags on every span — the recordings have none, the session view
// and the tags facet need them — another service name, or the city renamed in every text
// (all recordings hold the same Paris weather conversation, so no word is unique to one;
// the search test needs one). The spans are otherwise what the instrumentation library wrote.
import crypto from 'node:crypto';
import { loadCapture } from '../captures/replay-capture.js';

type OtlpValue = { stringValue?: string; arrayValue?: { values: OtlpValue[] } };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpEvent = { timeUnixNano: string; attributes?: OtlpAttribute[] };
type OtlpSpan = { traceId: string; startTimeUnixNano: string; endTimeUnixNano: string; attributes?: OtlpAttribute[]; events?: OtlpEvent[] };
type OtlpExport = { resourceSpans: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };

export interface VariantOptions {
  sessionId?: string;
  userId?: string;
  /** Where the earliest span starts (ms since epoch); default now. */
  startMs?: number;
  /** `tag.tags` on every span: OpenInference's attribute, so read from OpenInference captures only. */
  tags?: string[];
  /** The resource's `service.name` (the recordings all say `weather-app`). */
  serviceName?: string;
  /** "Paris" becomes this city in every attribute and event text (messages, inputs, outputs). */
  city?: string;
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
    if (options.tags) (span.attributes ??= []).push({ key: 'tag.tags', value: { arrayValue: { values: options.tags.map((tag) => ({ stringValue: tag })) } } });
    if (options.city) renameCity(span, options.city);
  }
  if (options.serviceName) setServiceName(copy, options.serviceName);
  return copy;
}

function renameCity(span: OtlpSpan, city: string): void {
  const attributeLists = [span.attributes ?? [], ...(span.events ?? []).map((event) => event.attributes ?? [])];
  for (const attribute of attributeLists.flat()) {
    if (attribute.value.stringValue !== undefined) attribute.value.stringValue = attribute.value.stringValue.replaceAll('Paris', city);
  }
}

function setServiceName(copy: OtlpExport, serviceName: string): void {
  for (const resourceSpans of copy.resourceSpans) {
    const attributes = (resourceSpans.resource ??= {}).attributes ??= [];
    const existing = attributes.find((a) => a.key === 'service.name');
    if (existing) existing.value = { stringValue: serviceName };
    else attributes.push({ key: 'service.name', value: { stringValue: serviceName } });
  }
}

export async function sendOtlpJson(otlpHttpUrl: string, body: unknown, projectId = 'default'): Promise<void> {
  const res = await fetch(`${otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': projectId }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`OTLP export answered ${res.status}: ${await res.text()}`);
}

/** The trace ids of a variant, for checking which traces a list shows. */
export function traceIdsOf(copy: OtlpExport): string[] {
  return [...new Set(copy.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.traceId))))];
}
