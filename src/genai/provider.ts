// NORMALIZE stage: provider names in (gen_ai.provider.name, old gen_ai.system, Vercel
// ai.model.provider such as 'amazon-bedrock' or 'openai.chat', OpenInference llm.provider/llm.system),
// the semconv gen_ai.provider.name value out. Also infers a provider from a model id when no
// attribute names one (Bedrock ids, gpt-*, claude-*, gemini-*).

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
  litellm: 'litellm',
};

/** The gen_ai.provider.name value for a raw provider/system string; null for framework names. */
export function normalizeProvider(raw: string | null): string | null {
  if (raw === null) return null;
  const key = raw.trim().toLowerCase();
  if (NOT_A_PROVIDER.has(key)) return null;
  const direct = PROVIDER_ALIASES[key];
  if (direct !== undefined) return direct;
  // Vercel AI SDK provider ids are '<provider>.<api>' ('openai.chat', 'google.vertex.chat').
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
