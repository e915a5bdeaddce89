// The span events Strands Agents (Python, strands-agents/sdk-python src/strands/telemetry/tracer.py
// at 006ad58, default semconv: OTEL_SEMCONV_STABILITY_OPT_IN unset) adds to its spans, restated
// as data. Messages are Bedrock-shaped content blocks ({text}, {toolUse}, {toolResult}) whatever
// the model provider; values are serialize()d (json.dumps, non-ASCII kept).
import { pythonJson } from './otlp-json.mjs';

/** _add_event_messages: one event per message; a message holding a toolResult is gen_ai.tool.message. */
export function messageEvents(messages) {
  return messages.map((message) => ({
    name: message.content.some((block) => block.toolResult) ? 'gen_ai.tool.message' : `gen_ai.${message.role}.message`,
    attributes: { content: pythonJson(message.content) },
  }));
}

/** end_model_invoke_span */
export function modelChoiceEvent(message, stopReason) {
  return { name: 'gen_ai.choice', attributes: { finish_reason: stopReason, message: pythonJson(message.content) } };
}

/** start_tool_call_span + end_tool_call_span */
export function toolEvents(toolUse, toolResult) {
  return [
    { name: 'gen_ai.tool.message', attributes: { role: 'tool', content: pythonJson(toolUse.input), id: toolUse.toolUseId } },
    { name: 'gen_ai.choice', attributes: { message: pythonJson(toolResult.content), id: toolResult.toolUseId } },
  ];
}

/** end_event_loop_cycle_span: a choice only when the cycle ran tools. */
export function cycleChoiceEvents(message, toolResultMessage) {
  if (!toolResultMessage) return [];
  return [{ name: 'gen_ai.choice', attributes: { message: pythonJson(message.content), 'tool.result': pythonJson(toolResultMessage.content) } }];
}

/** end_agent_span: str(AgentResult) is the final message's text blocks, each followed by a newline. */
export function agentChoiceEvent(finalMessage, stopReason) {
  const text = finalMessage.content.filter((b) => b.text !== undefined).map((b) => `${b.text}\n`).join('');
  return { name: 'gen_ai.choice', attributes: { message: text, finish_reason: stopReason } };
}

export function commonAttributes(operation) {
  return { 'gen_ai.operation.name': operation, 'gen_ai.system': 'strands-agents' };
}
