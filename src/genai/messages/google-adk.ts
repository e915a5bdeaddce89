// NORMALIZE stage, messages: Google ADK spans: gcp.vertex.agent.llm_request (Gemini request:
// contents + config.system_instruction + config.tools), gcp.vertex.agent.llm_response
// (LlmResponse: content + finish_reason), and tool spans' tool_call_args / tool_response.

import { readPayloadMessages } from './payload.js';
import { isPlainObject } from './plain-value.js';
import type { MessageSource } from './source.js';
import { createToolCallResult } from './tool-span.js';

export const GOOGLE_ADK = {
  llmRequest: 'gcp.vertex.agent.llm_request',
  llmResponse: 'gcp.vertex.agent.llm_response',
  toolCallArgs: 'gcp.vertex.agent.tool_call_args',
  toolResponse: 'gcp.vertex.agent.tool_response',
} as const;

function readDeclaredTools(request: unknown): unknown[] | null {
  if (!isPlainObject(request) || !isPlainObject(request.config) || !Array.isArray(request.config.tools)) return null;
  return request.config.tools.flatMap((tool) => {
    const declarations = isPlainObject(tool) ? tool.function_declarations ?? tool.functionDeclarations : undefined;
    return Array.isArray(declarations) ? declarations : [tool];
  });
}

export const googleADKSource: MessageSource = {
  name: 'google-adk',
  read: ({ attrs }) => {
    if (attrs.has(GOOGLE_ADK.toolCallArgs) || attrs.has(GOOGLE_ADK.toolResponse)) {
      return createToolCallResult({
        id: attrs.string('gen_ai.tool.call.id'),
        name: attrs.string('gen_ai.tool.name'),
        input: attrs.parsed(GOOGLE_ADK.toolCallArgs),
        output: attrs.parsed(GOOGLE_ADK.toolResponse),
        source: 'gcp.vertex.agent.tool',
      });
    }
    const request = attrs.parsed(GOOGLE_ADK.llmRequest);
    const response = attrs.parsed(GOOGLE_ADK.llmResponse);
    if (request === undefined && response === undefined) return null;
    return {
      input: readPayloadMessages(request, 'input', GOOGLE_ADK.llmRequest),
      output: readPayloadMessages(response, 'output', GOOGLE_ADK.llmResponse),
      toolDefinitions: readDeclaredTools(request),
      rawInput: request,
      rawOutput: response,
    };
  },
};
