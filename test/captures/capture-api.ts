// Reads what a person would look at after a capture was ingested: the trace list, one trace's
// span tree, its conversation and the Langfuse observations view, reduced to the fields the
// hand-written expectations (test/fixtures/captures/<case>/expected.json) name.
import { expect } from 'vitest';

export interface CaptureApi {
  listTraces(): Promise<any[]>;
  getTrace(traceId: string): Promise<any>;
  getMessages(traceId: string): Promise<any>;
  getObservations(traceId: string): Promise<any[]>;
}

async function getJson(url: string, init?: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  expect(res.status, `${url}: ${await res.clone().text()}`).toBe(200);
  return res.json();
}

export function createCaptureApi(apiUrl: string, projectId: string): CaptureApi {
  const explorer = `${apiUrl}/api/v1/project/${projectId}/otel/traces`;
  return {
    listTraces: async () => (await getJson(explorer)).data,
    getTrace: (traceId) => getJson(`${explorer}/${traceId}`),
    getMessages: (traceId) => getJson(`${explorer}/${traceId}/messages`),
    getObservations: async (traceId) => (await getJson(`${apiUrl}/api/public/observations?traceId=${traceId}`, { headers: { 'x-project-id': projectId } })).data,
  };
}

/** The span tree flattened depth-first, children in the API's order. */
export function flattenSpans(spans: any[]): any[] {
  return spans.flatMap((span) => [span, ...flattenSpans(span.children ?? [])]);
}

/** Picks `keys` from `value`, so an expectation can list only what it is about. */
export function pick(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, value[key]]));
}

/** Costs are sums of float products: equal to 12 decimals is equal. */
export function expectCost(actual: unknown, expected: number, label: string): void {
  expect(typeof actual, `${label} is a number`).toBe('number');
  expect(actual as number, label).toBeCloseTo(expected, 12);
}
