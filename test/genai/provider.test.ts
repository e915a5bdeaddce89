// Provider names: the AI SDK's provider ids lose their API suffix; a framework's or app's own
// name in gen_ai.system is not a provider, and the vendor is then read from the span itself —
// its endpoint, its model class, its model id — or left null.
import { describe, expect, it } from 'vitest';
import { inferProviderFromModelClass, normalizeProvider } from '../../src/genai/provider.js';
import { normalize } from './span-builder.js';

describe('AI SDK provider ids (ai.model.provider, gen_ai.system)', () => {
  // The ids @ai-sdk/openai 3.x builds as `${name}.<api>` (name defaults to 'openai'), and other providers' fixed ids.
  it.each([
    ['openai.chat', 'openai'], ['openai.responses', 'openai'], ['openai.completion', 'openai'], ['openai.embedding', 'openai'],
    ['openai.image', 'openai'], ['openai.speech', 'openai'], ['openai.transcription', 'openai'],
    ['myprovider.chat', 'myprovider'], ['myprovider.responses', 'myprovider'], ['myprovider.completion', 'myprovider'], ['x.embedding', 'x'],
    ['anthropic.messages', 'anthropic'], ['google.generative-ai', 'gcp.gemini'], ['google.vertex.chat', 'gcp.vertex_ai'],
    ['vertex.anthropic.messages', 'gcp.vertex_ai'], ['azure.chat', 'azure.ai.openai'], ['azure.responses', 'azure.ai.openai'],
    ['groq.transcription', 'groq'], ['heroku.textEmbedding', 'heroku'], ['amazon-bedrock', 'aws.bedrock'],
  ])('%s -> %s', (raw, provider) => {
    expect(normalizeProvider(raw)).toBe(provider);
  });

  it('leaves semconv names with dots alone', () => {
    expect(['aws.bedrock', 'azure.ai.openai', 'gcp.vertex_ai', 'ibm.watsonx.ai'].map(normalizeProvider)).toEqual(['aws.bedrock', 'azure.ai.openai', 'gcp.vertex_ai', 'ibm.watsonx.ai']);
  });

  it('reports a Vercel generation span under the vendor', () => {
    const out = normalize({ scope: 'ai', name: 'ai.generateText.doGenerate', attributes: { 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'myprovider.responses', 'gen_ai.system': 'myprovider.responses', 'ai.model.id': 'my-model' } });
    expect(out.provider).toBe('myprovider');
  });
});

describe('frameworks that put their own name in gen_ai.system', () => {
  const strandsChat = (model: string | null, extra: Record<string, string> = {}) => normalize({
    scope: 'strands.telemetry.tracer', name: 'chat',
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'strands-agents', ...(model === null ? {} : { 'gen_ai.request.model': model }), ...extra },
  }).provider;

  it.each([
    ['gpt-4o-mini', 'openai'], ['o3-mini', 'openai'], ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws.bedrock'],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'aws.bedrock'], ['amazon.nova-pro-v1:0', 'aws.bedrock'],
    ['claude-sonnet-4-5', 'anthropic'], ['gemini-2.5-flash', 'gcp.gemini'],
  ])('Strands chat on %s -> %s', (model, provider) => {
    expect(strandsChat(model)).toBe(provider);
  });

  it('Strands with a model that names no vendor, or no model: null, never the framework', () => {
    expect(strandsChat('my-finetune')).toBeNull();
    expect(strandsChat(null)).toBeNull();
  });

  it('Strands TypeScript (latest semconv) names its tracer and gen_ai.provider.name after the service', () => {
    // @strands-agents/sdk 1.16 telemetry/utils.js: OTEL_SERVICE_NAME, else 'strands-agents', for both.
    const chat = (model?: string) => normalize({
      scope: 'weather-bot', name: 'chat', resource: { 'service.name': 'weather-bot' },
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'weather-bot', ...(model ? { 'gen_ai.request.model': model } : {}) },
    }).provider;
    expect(chat('gpt-4o-mini')).toBe('openai');
    expect(chat()).toBeNull();
  });

  it('an app named like a provider still names that provider', () => {
    const out = normalize({ scope: 'openai', resource: { 'service.name': 'openai' }, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'my-model' } });
    expect(out.provider).toBe('openai');
  });

  it.each([
    ['gemini-2.0-flash', 'gcp.gemini'], ['openai/gpt-4o', 'openai'], ['anthropic/claude-3-5-sonnet-20241022', 'anthropic'],
  ])('Google ADK call_llm on %s -> %s', (model, provider) => {
    const out = normalize({ scope: 'gcp.vertex.agent', name: 'call_llm', attributes: { 'gen_ai.system': 'gcp.vertex.agent', 'gen_ai.request.model': model } });
    expect(out.provider).toBe(provider);
  });

  // OpenLLMetry's LangChain callback (detect_vendor_from_class): vendor names, 'Langchain' when unknown.
  it.each([
    ['AWS', 'aws.bedrock'], ['Azure', 'azure.ai.openai'], ['Anthropic', 'anthropic'], ['MistralAI', 'mistral_ai'],
    ['mistral_ai', 'mistral_ai'], ['Together', 'together_ai'], ['together_ai', 'together_ai'], ['hugging_face', 'huggingface'],
    ['Langchain', null], ['langchain', null],
  ])('OpenLLMetry LangChain vendor %s -> %s', (raw, provider) => {
    expect(normalizeProvider(raw)).toBe(provider);
  });

  it('AutoGen and ADK agent spans without a model: null', () => {
    expect(normalize({ scope: 'autogen-core', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.system': 'autogen' } }).provider).toBeNull();
    expect(normalize({ scope: 'gcp.vertex.agent', name: 'invoke_agent weather', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.system': 'gcp.vertex.agent' } }).provider).toBeNull();
  });
});

describe('the vendor from the span itself', () => {
  const chatTo = (endpoint: Record<string, string>, model = 'gpt-4o') =>
    normalize({ scope: 'strands-agents', name: 'chat', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'strands-agents', 'gen_ai.request.model': model, ...endpoint } }).provider;

  it('the endpoint says more than the model id (an OpenAI model served by Azure)', () => {
    expect(chatTo({ 'server.address': 'contoso.openai.azure.com' })).toBe('azure.ai.openai');
    expect(chatTo({ 'url.full': 'https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse' }, 'custom')).toBe('aws.bedrock');
    expect(chatTo({ 'server.address': 'generativelanguage.googleapis.com' }, 'custom')).toBe('gcp.gemini');
    expect(chatTo({ 'server.address': 'us-central1-aiplatform.googleapis.com' }, 'gemini-2.0-flash')).toBe('gcp.vertex_ai');
  });

  it('a local or unknown endpoint falls back to the model id; a non-Bedrock AWS host says nothing', () => {
    expect(chatTo({ 'server.address': '127.0.0.1' })).toBe('openai');
    expect(chatTo({ 'server.address': 's3.us-east-1.amazonaws.com' }, 'custom')).toBeNull();
  });

  it.each([
    ['ChatBedrockConverse.chat', 'aws.bedrock'], ['ChatOpenAI', 'openai'], ['AzureChatOpenAI', 'azure.ai.openai'],
    ['ChatAnthropic', 'anthropic'], ['ChatVertexAI', 'gcp.vertex_ai'], ['ChatGoogleGenerativeAI', 'gcp.gemini'],
    ['OpenAIChatCompletionClient', 'openai'], ['BedrockModel', 'aws.bedrock'], ['OpenAIEmbeddings', 'openai'],
  ])('model class %s -> %s', (spanName, provider) => {
    expect(inferProviderFromModelClass(spanName)).toBe(provider);
  });

  it('names that are not model classes say nothing', () => {
    expect(['GeminiHelper', 'OpenAI', 'chat', 'invoke_agent ChatOpenAI'].map(inferProviderFromModelClass)).toEqual([null, null, null, null]);
  });

  it('the model class of a LangChain span wins over a model id that names no host', () => {
    const out = normalize({ scope: 'opentelemetry.instrumentation.langchain', name: 'ChatBedrockConverse.chat', attributes: { 'gen_ai.system': 'Langchain', 'gen_ai.request.model': 'my-provisioned-model', 'llm.request.type': 'chat' } });
    expect(out.provider).toBe('aws.bedrock');
  });

  it('a plain HTTP span to a provider is not given one', () => {
    expect(normalize({ name: 'POST', attributes: { 'http.request.method': 'POST', 'server.address': 'api.openai.com' } }).provider).toBeNull();
  });
});
