// The standard golden checks of one recorded capture, run after replaying it into a real
// tracelite through both OTLP/HTTP encodings (JSON and protobuf, one project each).
// Input: test/fixtures/captures/<case>/{traces,logs}.json and the hand-written expected.json.
// A check a case lists in `knownBugs` runs as `it.fails`: the product is wrong there, and the
// expectation stays what a person would expect (see the case's expected.json `known_bugs`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { createCaptureApi, expectCost, flattenSpans, pick, type CaptureApi } from './capture-api.js';
import { loadExpected, replayCapture, type ReplayEncoding } from './replay-capture.js';

export type KnownBug = 'span-finish-reasons' | 'message-finish-reasons';

export interface ExpectedTrace {
  trace_name: string;
  summary: Record<string, unknown>;
  total_cost: number;
  spans: (Record<string, unknown> & { total_cost: number; finish_reasons: string[] })[];
  messages: { role: string; name?: string | null; finish_reason: string | null; content: unknown[] }[];
  tool_names: string[];
  observations: (Record<string, unknown> & { cost_total?: number })[];
}

export interface ExpectedCapture {
  traces: ExpectedTrace[];
}

const ENCODINGS: ReplayEncoding[] = ['json', 'protobuf'];

export interface CaptureContext {
  server: () => TestServer;
  api: (encoding: ReplayEncoding) => CaptureApi;
  traceId: (encoding: ReplayEncoding, traceName: string) => Promise<string>;
}

/** Starts one server for the file, replays the case into `<case>-json` and `<case>-protobuf`. */
export function describeCapture(caseName: string, knownBugs: KnownBug[] = []): CaptureContext {
  const expected = loadExpected<ExpectedCapture>(caseName);
  let server: TestServer;
  const api = (encoding: ReplayEncoding) => createCaptureApi(server.apiUrl, `${caseName}-${encoding}`);
  const traceId = async (encoding: ReplayEncoding, traceName: string) => {
    const found = (await api(encoding).listTraces()).filter((t) => t.trace_name === traceName);
    expect(found, `one trace named ${traceName}`).toHaveLength(1);
    return found[0].trace_id as string;
  };
  // A known bug only makes a check fail where the trace has something for it to get wrong.
  const check = (bug: KnownBug, exercised: boolean) => (knownBugs.includes(bug) && exercised ? it.fails : it);

  beforeAll(async () => {
    server = await startTestServer();
    for (const encoding of ENCODINGS) await replayCapture(server.otlpHttpUrl, caseName, `${caseName}-${encoding}`, encoding);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(ENCODINGS)(`${caseName} replayed as OTLP/%s`, (encoding) => {
    it('lists exactly the recorded traces', async () => {
      const names = (await api(encoding).listTraces()).map((t) => t.trace_name).sort();
      expect(names).toEqual(expected.traces.map((t) => t.trace_name).sort());
    });

    describe.each(expected.traces.map((t) => [t.trace_name, t] as const))('trace %s', (name, want) => {
      it('trace list: token totals and cost, each generation counted once', async () => {
        const listed = (await api(encoding).listTraces()).find((t) => t.trace_name === name);
        expect(pick(listed, Object.keys(want.summary))).toEqual(want.summary);
        expectCost(listed.total_cost, want.total_cost, `${name} total_cost`);
      });

      it('trace detail: one observation per span with type, model, provider, framework, usage', async () => {
        const spans = flattenSpans((await api(encoding).getTrace(await traceId(encoding, name))).spans);
        expect(spans.map((s) => s.span_name)).toEqual(want.spans.map((s) => s.span_name));
        want.spans.forEach(({ total_cost, finish_reasons, ...fields }, i) => {
          expect(pick(spans[i], Object.keys(fields)), `span #${i} ${fields.span_name}`).toEqual(fields);
          expectCost(spans[i].total_cost, total_cost, `span #${i} ${fields.span_name} total_cost`);
        });
      });

      check('span-finish-reasons', want.spans.some((s) => s.finish_reasons.length > 0))('trace detail: finish reasons per span, normalized', async () => {
        const spans = flattenSpans((await api(encoding).getTrace(await traceId(encoding, name))).spans);
        expect(spans.map((s) => s.finish_reasons)).toEqual(want.spans.map((s) => s.finish_reasons));
      });

      it('messages: the conversation, each message once and in order', async () => {
        const view = await api(encoding).getMessages(await traceId(encoding, name));
        const got = view.messages.map((m: any) => ({ role: m.role, content: m.content }));
        expect(got).toEqual(want.messages.map((m) => ({ role: m.role, content: m.content })));
        expect(view.tool_names).toEqual(want.tool_names);
      });

      check('message-finish-reasons', want.messages.some((m) => m.finish_reason !== null))('messages: assistant turns carry their finish reason', async () => {
        const view = await api(encoding).getMessages(await traceId(encoding, name));
        expect(view.messages.map((m: any) => m.finish_reason)).toEqual(want.messages.map((m) => m.finish_reason));
      });

      it('Langfuse observations: types, models and usage details', async () => {
        const observations = await api(encoding).getObservations(await traceId(encoding, name));
        // startTime has millisecond precision: a root and its first child may tie; the root goes first.
        const isChild = (o: any) => (o.parentObservationId === null ? 0 : 1);
        const ordered = [...observations].sort((a, b) => a.startTime.localeCompare(b.startTime) || isChild(a) - isChild(b) || a.name.localeCompare(b.name));
        expect(ordered.map((o) => `${o.type} ${o.name}`)).toEqual(want.observations.map((o) => `${o.type} ${o.name}`));
        want.observations.forEach(({ cost_total, ...fields }, i) => {
          expect(pick(ordered[i], Object.keys(fields)), `observation #${i} ${fields.name}`).toEqual(fields);
          if (cost_total !== undefined) expectCost(ordered[i].costDetails.total, cost_total, `observation #${i} costDetails.total`);
        });
      });
    });
  });

  return { server: () => server, api, traceId };
}
