// NORMALIZE stage, messages: what only Strands Agents records. Its `gen_ai.choice` output
// events (default semconv) carry content blocks in Strands' own "stable format"
// ({text}, {type:'toolUse', name, toolUseId, input}, {type:'toolResult', toolUseId, content});
// its history events use Bedrock's keyed blocks, which bedrock-converse.ts reads. The agent
// span names its tools in `gen_ai.agent.tools` (a JSON array of names, no schemas). With the
// latest semconv the Python SDK writes blocks it has no part for as {type: <Bedrock key>, content}.

import type { ContentBlock } from '../types.js';
import { normalizeBedrockBlock } from './bedrock-converse.js';
import { asString, type PlainObject } from './plain-value.js';
import type { MessageSource } from './source.js';
import { normalizeToolInput, toolId } from './tool-input.js';

type BlockHandler = (part: PlainObject) => ContentBlock;

export const STRANDS_AGENT_TOOLS = 'gen_ai.agent.tools';

export const STRANDS_PARTS: Record<string, BlockHandler> = {
  toolUse: (part) => ({ type: 'tool_use', id: toolId(part.toolUseId), name: asString(part.name) ?? '', input: normalizeToolInput(part.input) }),
  toolResult: (part) => {
    const block: ContentBlock = { type: 'tool_result', tool_use_id: toolId(part.toolUseId), content: part.content ?? null };
    if (part.status === 'error') block.is_error = true;
    return block;
  },
  reasoningContent: (part) => normalizeBedrockBlock({ reasoningContent: part.content }) ?? { type: 'unknown', raw: part },
  guardContent: (part) => normalizeBedrockBlock({ guardContent: part.content }) ?? { type: 'unknown', raw: part },
};

/** A tool name list is all Strands records about tools unless the app opts into definitions. */
function createNamedTools(names: unknown): unknown[] | null {
  if (!Array.isArray(names)) return null;
  const tools = names.flatMap((name) => (typeof name === 'string' && name.length > 0 ? [{ name }] : []));
  return tools.length > 0 ? tools : null;
}

export const strandsAgentToolsSource: MessageSource = {
  name: 'strands-agent-tools',
  read: ({ attrs }) => {
    if (!attrs.has(STRANDS_AGENT_TOOLS)) return null;
    return { toolDefinitions: createNamedTools(attrs.parsed(STRANDS_AGENT_TOOLS)) };
  },
};
