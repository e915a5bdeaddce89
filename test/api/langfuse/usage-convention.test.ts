// Langfuse's usage convention end to end with the real SDKs: generations sent by the Langfuse
// JS SDK v3 (batch ingestion) and v4 (@langfuse/tracing over OTLP) with cached and reasoning
// tokens are read back by the official client in Langfuse's convention (usageDetails buckets
// that add up to total, input without the cache) while the explorer shows ours (input with
// the cache). What the client reads can be sent again unchanged: the round trip keeps counts.
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider, startObservation } from '@langfuse/tracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Langfuse, observeOpenAI } from 'langfuse';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpTraceId } from '../../../src/direct-ingest/ids.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { startFakeLlmServer } from '../../captures/fake-llm-server.js';
import { createClient, getJson } from './langfuse-server.js';

let server: TestServer;
/** Generations sent by the v4 SDK over OTLP: trace and observation ids by case. */
const otel: Record<string, { traceId: string; id: string }> = {};

/** An OpenAI Chat Completions `usage` object as the API returns it with a cache hit. */
const OPENAI_USAGE = {
  prompt_tokens: 200, completion_tokens: 50, total_tokens: 250,
  prompt_tokens_details: { cached_tokens: 150, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 20 },
};

function createV3Sdk(): Langfuse {
  return new Langfuse({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test', baseUrl: server.apiUrl, flushAt: 100, fetchRetryCount: 0 });
}

function sendGeneration(sdk: Langfuse, traceId: string, body: Record<string, unknown>): void {
  sdk.trace({ id: traceId, name: traceId }).generation({ id: `${traceId}-gen`, name: 'llm', model: 'gpt-4o', ...body }).end();
}

async function sendOtelGenerations(): Promise<void> {
  const processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test', baseUrl: server.apiUrl, exportMode: 'immediate' });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  setLangfuseTracerProvider(provider);
  const cases = { 'lf-keys': { input: 60, input_cached_tokens: 40, output: 20 }, 'openai-usage': OPENAI_USAGE };
  for (const [name, usageDetails] of Object.entries(cases)) {
    // Typed as flat counts, serialized as given; Langfuse's server takes OpenAI usage objects too.
    const generation = startObservation('llm', { model: 'gpt-4o', usageDetails: usageDetails as Record<string, number> }, { asType: 'generation' });
    generation.end();
    otel[name] = { traceId: generation.traceId, id: generation.id };
  }
  await processor.forceFlush();
  await provider.shutdown();
  setLangfuseTracerProvider(null);
}

/** Langfuse's OpenAI wrapper over the real OpenAI client against the fake LLM: a tool call, then
 *  the answer turn (prompt_tokens 160, of which cached_tokens 64; completion_tokens 12). */
async function sendWrappedOpenAiCalls(sdk: Langfuse): Promise<void> {
  const llm = await startFakeLlmServer();
  try {
    const openai = observeOpenAI(new OpenAI({ baseURL: llm.baseUrl, apiKey: 'sk-fake' }), { parent: sdk.trace({ id: 'observe-openai', name: 'observe-openai' }), generationName: 'chat' });
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const call = first.choices[0]!.message.tool_calls![0]!;
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '18°C, sunny' });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
  } finally {
    await llm.stop();
  }
}

beforeAll(async () => {
  server = await startTestServer();
  const sdk = createV3Sdk();
  sendGeneration(sdk, 'lf-keys', { usageDetails: { input: 60, input_cached_tokens: 40, output: 25, output_reasoning_tokens: 5 } });
  sendGeneration(sdk, 'openai-usage', { usageDetails: OPENAI_USAGE });
  sendGeneration(sdk, 'anthropic-keys', { usageDetails: { input: 10, cache_read_input_tokens: 500, input_cache_creation: 90, output: 40 } });
  sendGeneration(sdk, 'legacy-usage', { usage: { promptTokens: 12, completionTokens: 3 } });
  await sendWrappedOpenAiCalls(sdk);
  await sdk.shutdownAsync();
  await sendOtelGenerations();
});

afterAll(async () => {
  await server?.stop();
});

async function explorerTotals(traceId: string): Promise<Record<string, number>> {
  const { status, body } = await getJson(server, `/api/v1/project/default/otel/traces/${traceId}`);
  expect(status).toBe(200);
  const { input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens } = body;
  return { input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens };
}

describe('Langfuse API: usage in Langfuse’s convention', () => {
  it('serves Langfuse keys back as sent, total the sum of the buckets, legacy fields with the cache in', async () => {
    const obs = await createClient(server).fetchObservation('lf-keys-gen');
    expect(obs.usageDetails).toEqual({ input: 60, input_cached_tokens: 40, output: 25, output_reasoning_tokens: 5, total: 130 });
    expect(obs).toMatchObject({ usage: { unit: 'TOKENS', input: 100, output: 30, total: 130 }, promptTokens: 100, completionTokens: 30, totalTokens: 130 });
  });

  it('splits an OpenAI usage object the way Langfuse does', async () => {
    const obs = await createClient(server).fetchObservation('openai-usage-gen');
    expect(obs.usageDetails).toEqual({ input: 50, input_cached_tokens: 150, output: 30, output_reasoning_tokens: 20, total: 250 });
    expect(obs).toMatchObject({ promptTokens: 200, completionTokens: 50, totalTokens: 250 });
  });

  it('answers Anthropic-style cache keys with Langfuse’s own', async () => {
    const obs = await createClient(server).fetchObservation('anthropic-keys-gen');
    expect(obs.usageDetails).toEqual({ input: 10, input_cached_tokens: 500, input_cache_creation: 90, output: 40, total: 640 });
    expect(obs).toMatchObject({ promptTokens: 600 });
  });

  it('keeps a legacy usage without cache as it came', async () => {
    const obs = await createClient(server).fetchObservation('legacy-usage-gen');
    expect(obs.usageDetails).toEqual({ input: 12, output: 3, total: 15 });
  });

  it('reads the v4 SDK’s usage_details attribute (OTLP) in the same convention, OpenAI usage objects too', async () => {
    const usageOf = async (name: string) => {
      const { data } = await createClient(server).api.observations.getMany({ traceId: otel[name]!.traceId, fields: 'core,usage' });
      return data.find((o) => o.id === otel[name]!.id)!.usageDetails;
    };
    expect(await usageOf('lf-keys')).toEqual({ input: 60, input_cached_tokens: 40, output: 20, total: 120 });
    expect(await usageOf('openai-usage')).toEqual({ input: 50, input_cached_tokens: 150, output: 30, output_reasoning_tokens: 20, total: 250 });
  });
});

describe('Langfuse’s OpenAI wrapper (observeOpenAI)', () => {
  // langfuse 3.x parseUsageDetails sends input/output as OpenAI counts them (cache inside) plus
  // input_cached_tokens etc. beside them; Langfuse itself stores that as is (and double counts).
  it('is read with the cache inside input, served back as disjoint buckets', async () => {
    const { data } = await createClient(server).api.observations.getMany({ traceId: 'observe-openai', fields: 'core,usage' });
    const usage = data.map((o) => o.usageDetails).sort((a, b) => (a!.total ?? 0) - (b!.total ?? 0));
    expect(usage).toEqual([
      { input: 120, input_cached_tokens: 0, output: 18, output_reasoning_tokens: 0, total: 138 },
      { input: 96, input_cached_tokens: 64, output: 12, output_reasoning_tokens: 0, total: 172 },
    ]);
    expect(await explorerTotals(toOtlpTraceId('observe-openai'))).toEqual({ input_tokens: 280, output_tokens: 30, total_tokens: 310, cache_read_tokens: 64, cache_write_tokens: 0, reasoning_tokens: 0 });
  });
});

describe('explorer: our normalized meaning for the same observations', () => {
  it('counts input with the cache and output with the reasoning', async () => {
    expect(await explorerTotals(toOtlpTraceId('lf-keys'))).toEqual({ input_tokens: 100, output_tokens: 30, total_tokens: 130, cache_read_tokens: 40, cache_write_tokens: 0, reasoning_tokens: 5 });
    expect(await explorerTotals(toOtlpTraceId('openai-usage'))).toEqual({ input_tokens: 200, output_tokens: 50, total_tokens: 250, cache_read_tokens: 150, cache_write_tokens: 0, reasoning_tokens: 20 });
    expect(await explorerTotals(toOtlpTraceId('anthropic-keys'))).toEqual({ input_tokens: 600, output_tokens: 40, total_tokens: 640, cache_read_tokens: 500, cache_write_tokens: 90, reasoning_tokens: 0 });
    expect(await explorerTotals(otel['lf-keys']!.traceId)).toEqual({ input_tokens: 100, output_tokens: 20, total_tokens: 120, cache_read_tokens: 40, cache_write_tokens: 0, reasoning_tokens: 0 });
    expect(await explorerTotals(otel['openai-usage']!.traceId)).toEqual({ input_tokens: 200, output_tokens: 50, total_tokens: 250, cache_read_tokens: 150, cache_write_tokens: 0, reasoning_tokens: 20 });
  });
});

describe('round trip', () => {
  it('sending back what the Langfuse API served keeps every count', async () => {
    const client = createClient(server);
    const served = await client.fetchObservation('openai-usage-gen');
    const sdk = createV3Sdk();
    sendGeneration(sdk, 'resent', { usageDetails: served.usageDetails });
    await sdk.shutdownAsync();
    const again = await client.fetchObservation('resent-gen');
    expect(again.usageDetails).toEqual(served.usageDetails);
    expect(await explorerTotals(toOtlpTraceId('resent'))).toEqual(await explorerTotals(toOtlpTraceId('openai-usage')));
  });
});
