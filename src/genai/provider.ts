// NORMALIZE stage: provider names in (gen_ai.provider.name, old gen_ai.system, Vercel
// ai.model.provider such as 'amazon-bedrock' or 'openai.chat', OpenInference llm.provider/llm.system),
// the semconv gen_ai.provider.name value out. When no attribute names a vendor (or it names the
// framework or the app), infers one from the span: its endpoint, its model class, its model id.

import type { SpanView } from './attribute-values.js';

/** Values that name a framework or agent runtime, not a model provider (seen in gen_ai.system). */
const NOT_A_PROVIDER = new Set([
  'strands-agents', 'strands', 'gcp.vertex.agent', 'autogen', 'crewai', 'langchain', 'langgraph',
  'pydantic-ai', 'pydantic_ai', 'mastra', 'llamaindex', 'llama_index', 'openai_agents', 'openai-agents',
  'semantic_kernel', 'dspy', 'haystack', 'agno', 'smolagents', 'unknown', 'none', '',
]);

const PROVIDER_ALIASES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  bedrock: 'aws.bedrock',
  'bedrock-converse': 'aws.bedrock',
  aws_bedrock: 'aws.bedrock',
  aws: 'aws.bedrock',
  'azure.ai.openai': 'azure.ai.openai',
  'az.ai.openai': 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  azure: 'azure.ai.openai',
  'azure.ai.inference': 'azure.ai.inference',
  'az.ai.inference': 'azure.ai.inference',
  'gcp.vertex_ai': 'gcp.vertex_ai',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  vertex: 'gcp.vertex_ai',
  'google-vertex': 'gcp.vertex_ai',
  'google.vertex': 'gcp.vertex_ai',
  'gcp.gemini': 'gcp.gemini',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  google_genai: 'gcp.gemini',
  'google.generative-ai': 'gcp.gemini',
  'google-generative-ai': 'gcp.gemini',
  google_generativeai: 'gcp.gemini',
  'gcp.gen_ai': 'gcp.gen_ai',
  cohere: 'cohere',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  mistral_ai: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  perplexity: 'perplexity',
  xai: 'x_ai',
  'x-ai': 'x_ai',
  x_ai: 'x_ai',
  'ibm.watsonx.ai': 'ibm.watsonx.ai',
  watsonx: 'ibm.watsonx.ai',
  ollama: 'ollama',
  openrouter: 'openrouter',
  togetherai: 'together_ai',
  together: 'together_ai',
  fireworks: 'fireworks',
  huggingface: 'huggingface',
  hugging_face: 'huggingface',
  together_ai: 'together_ai',
  replicate: 'replicate',
  litellm: 'litellm',
};

const KNOWN_PROVIDERS = new Set(Object.values(PROVIDER_ALIASES));

/** The API part of AI SDK provider ids (@ai-sdk/* 'provider' strings, lower-cased). */
const VERCEL_API_SUFFIXES = new Set([
  'chat', 'completion', 'completions', 'responses', 'embedding', 'textembedding', 'image', 'speech',
  'transcription', 'messages', 'generative-ai', 'reranking', 'video',
]);

/** The gen_ai.provider.name value for a raw provider/system string; null for framework names. */
export function normalizeProvider(raw: string | null): string | null {
  if (raw === null) return null;
  const key = raw.trim().toLowerCase();
  if (NOT_A_PROVIDER.has(key)) return null;
  const direct = PROVIDER_ALIASES[key];
  if (direct !== undefined) return direct;
  // Vercel AI SDK provider ids are '<provider>.<api>' ('openai.chat', 'google.vertex.chat',
  // 'myprovider.completion' from createOpenAI({ name })): the API says nothing about the vendor.
  const lastDot = key.lastIndexOf('.');
  if (lastDot > 0 && VERCEL_API_SUFFIXES.has(key.slice(lastDot + 1))) return normalizeProvider(key.slice(0, lastDot));
  const dot = key.indexOf('.');
  if (dot > 0) {
    const twoParts = key.split('.', 2).join('.');
    const byTwo = PROVIDER_ALIASES[twoParts];
    if (byTwo !== undefined) return byTwo;
    const byFirst = PROVIDER_ALIASES[key.slice(0, dot)];
    if (byFirst !== undefined) return byFirst;
  }
  return key;
}

const BEDROCK_VENDORS = ['anthropic.', 'amazon.', 'meta.', 'mistral.', 'cohere.', 'ai21.', 'deepseek.', 'writer.', 'qwen.', 'openai.'];
const BEDROCK_REGIONS = /^(us|eu|apac|ap|jp|au|ca|global|us-gov)\./;

/** A provider guessed from a model id, for spans that name a model but no provider. */
export function inferProviderFromModel(model: string | null): string | null {
  if (model === null) return null;
  const id = model.toLowerCase();
  if (id.startsWith('arn:aws:bedrock')) return 'aws.bedrock';
  const unprefixed = id.replace(BEDROCK_REGIONS, '');
  if (BEDROCK_VENDORS.some((vendor) => unprefixed.startsWith(vendor))) return 'aws.bedrock';
  const slash = id.indexOf('/');
  if (slash > 0 && !id.startsWith('models/')) {
    const byPrefix = normalizeProvider(id.slice(0, slash));
    if (byPrefix !== null && PROVIDER_ALIASES[id.slice(0, slash)] !== undefined) return byPrefix;
  }
  const name = slash >= 0 ? id.slice(id.lastIndexOf('/') + 1) : id;
  if (name.startsWith('gemini') || name.startsWith('text-embedding-00') || name.startsWith('gemma')) return 'gcp.gemini';
  if (/^(gpt-|o[1-9](-|$)|text-embedding-|chatgpt-|davinci|babbage|dall-e|whisper|tts-)/.test(name)) return 'openai';
  if (name.startsWith('claude')) return 'anthropic';
  if (/^(mistral|mixtral|codestral|pixtral|magistral|ministral)/.test(name)) return 'mistral_ai';
  if (name.startsWith('command')) return 'cohere';
  if (name.startsWith('grok')) return 'x_ai';
  if (name.startsWith('deepseek')) return 'deepseek';
  return null;
}

/** The span's provider: the one its attributes name, unless that is the app itself (Strands'
 *  TypeScript SDK writes OTEL_SERVICE_NAME, default 'strands-agents', into gen_ai.system and
 *  names its tracer the same); else the vendor its endpoint, model class or model id shows. */
export function resolveSpanProvider(view: SpanView, named: string | null, model: string | null): string | null {
  if (named !== null && !namesTheApp(named, view)) return named;
  return inferProviderFromEndpoint(view) ?? inferProviderFromModelClass(view.span.name) ?? inferProviderFromModel(model);
}

function namesTheApp(provider: string, view: SpanView): boolean {
  if (KNOWN_PROVIDERS.has(provider)) return false;
  return provider === view.resourceString('service.name')?.toLowerCase() || provider === view.scopeName.toLowerCase();
}

const ENDPOINT_KEYS = ['server.address', 'url.full', 'http.url', 'net.peer.name', 'gen_ai.openai.api_base'];

/** Host suffix -> provider, for vendors whose API host is their own. */
const PROVIDER_HOSTS: ReadonlyArray<readonly [string, string]> = [
  ['api.openai.com', 'openai'], ['.openai.azure.com', 'azure.ai.openai'], ['.cognitiveservices.azure.com', 'azure.ai.openai'],
  ['.services.ai.azure.com', 'azure.ai.inference'], ['.inference.ai.azure.com', 'azure.ai.inference'], ['api.anthropic.com', 'anthropic'],
  ['.amazonaws.com', 'aws.bedrock'], ['generativelanguage.googleapis.com', 'gcp.gemini'], ['aiplatform.googleapis.com', 'gcp.vertex_ai'],
  ['api.mistral.ai', 'mistral_ai'], ['api.cohere.com', 'cohere'], ['api.cohere.ai', 'cohere'], ['api.groq.com', 'groq'],
  ['api.deepseek.com', 'deepseek'], ['api.x.ai', 'x_ai'], ['api.perplexity.ai', 'perplexity'], ['openrouter.ai', 'openrouter'],
  ['api.together.xyz', 'together_ai'], ['api.fireworks.ai', 'fireworks'],
];

/** A provider from the host the span called (server.address, or the host of a URL attribute). */
export function inferProviderFromEndpoint(view: SpanView): string | null {
  for (const key of ENDPOINT_KEYS) {
    const host = readHost(view.string(key));
    if (host === null) continue;
    // Only Bedrock among AWS hosts serves models; other amazonaws.com calls say nothing.
    const match = PROVIDER_HOSTS.find(([suffix]) => (host === suffix.replace(/^\./, '') || host.endsWith(suffix)) && (suffix !== '.amazonaws.com' || host.startsWith('bedrock')));
    if (match !== undefined) return match[1];
  }
  return null;
}

function readHost(value: string | null): string | null {
  if (value === null || value.length === 0) return null;
  if (!value.includes('/')) return value.toLowerCase();
  try {
    return new URL(value).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** What a model client class is called (ChatOpenAI, AzureChatOpenAI, BedrockModel, OpenAIChatCompletionClient,
 *  BedrockLLM, OpenAIEmbeddings): an agent the user called 'GeminiHelper' is not one. */
const MODEL_CLASS_NAME = /^(?=[A-Z][A-Za-z0-9]+$)(?:(?:Azure)?Chat|.*(?:Model|LLM|Client|Converse|Embeddings?)$)/;

/** Class-name patterns, most specific first: ChatBedrockConverse and AnthropicVertex name the host. */
const MODEL_CLASS_PROVIDERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Bedrock/, 'aws.bedrock'], [/Vertex/, 'gcp.vertex_ai'], [/AzureOpenAI|AzureChat/, 'azure.ai.openai'],
  [/OpenAI/, 'openai'], [/Anthropic|Claude/, 'anthropic'], [/GoogleGenerativeAI|GoogleGenAI|Gemini/, 'gcp.gemini'],
  [/Mistral/, 'mistral_ai'], [/Groq/, 'groq'], [/Cohere/, 'cohere'], [/DeepSeek/, 'deepseek'], [/Ollama/, 'ollama'], [/XAI|Grok/, 'x_ai'],
];

/** A provider from a model class that names its span ('ChatBedrockConverse.chat', 'ChatOpenAI',
 *  Strands' 'OpenAIModel'): LangChain-style spans carry the class, not the vendor. */
export function inferProviderFromModelClass(spanName: string): string | null {
  const className = spanName.split(/[.\s]/, 1)[0]!;
  if (!MODEL_CLASS_NAME.test(className)) return null;
  return MODEL_CLASS_PROVIDERS.find(([pattern]) => pattern.test(className))?.[1] ?? null;
}
