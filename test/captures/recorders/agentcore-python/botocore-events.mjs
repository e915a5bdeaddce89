// The GenAI log events of opentelemetry-instrumentation-botocore's Bedrock extension
// (open-telemetry/opentelemetry-python-contrib, instrumentation/opentelemetry-instrumentation-botocore,
// extensions/bedrock.py and bedrock_utils.py at 466ae4c, 0.66b0.dev) for Converse/ConverseStream,
// with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true, restated as data:
// - before the call, one record per request message (message_to_event): system ->
//   gen_ai.system.message {content}; user -> first one gen_ai.tool.message {id, content} per
//   toolResult block, then gen_ai.user.message {content} (the toolResult blocks again);
//   assistant -> gen_ai.assistant.message {content, tool_calls} listing each toolUse twice;
// - after the call, gen_ai.choice {finish_reason, index, message}: message {role, tool_calls}
//   when the answer calls tools (its text blocks are dropped), else {role, content};
// - every record: attribute gen_ai.system = aws.bedrock, event_name set, no timestamp of its
//   own (the SDK's observed time), the call span's context.

function toolCallsOf(content) {
  const uses = content.filter((b) => b.toolUse).map((b) => b.toolUse);
  if (uses.length === 0) return undefined;
  return uses.map((use) => ({ type: 'function', id: use.toolUseId, function: { name: use.name, arguments: use.input } }));
}

export function requestEvents(system, messages) {
  const events = [];
  if (system) events.push({ eventName: 'gen_ai.system.message', body: { content: system } });
  for (const message of messages) {
    const body = { content: message.content };
    if (message.role === 'assistant') {
      const calls = toolCallsOf(message.content);
      if (calls) body.tool_calls = calls;
    } else if (message.role === 'user') {
      for (const block of message.content.filter((b) => b.toolResult)) {
        events.push({ eventName: 'gen_ai.tool.message', body: { id: block.toolResult.toolUseId, content: block.toolResult.content } });
      }
    }
    events.push({ eventName: `gen_ai.${message.role}.message`, body });
  }
  return events;
}

export function choiceEvent(outputMessage, stopReason) {
  const calls = toolCallsOf(outputMessage.content);
  const message = calls ? { role: 'assistant', tool_calls: calls } : { role: 'assistant', content: outputMessage.content };
  return { eventName: 'gen_ai.choice', body: { finish_reason: stopReason, index: 0, message } };
}

export const BEDROCK_EVENT_ATTRIBUTES = { 'gen_ai.system': 'aws.bedrock' };
export const BOTOCORE_SCOPE = { name: 'opentelemetry.instrumentation.botocore.bedrock-runtime', version: '0.66b0.dev' };

/** The CLIENT span of one ConverseStream call (span name updated to `chat <model id>`). */
export function converseSpanAttributes({ modelId, region, inputTokens, outputTokens, stopReason, requestId }) {
  return {
    'rpc.system': 'aws-api',
    'rpc.service': 'Bedrock Runtime',
    'rpc.method': 'ConverseStream',
    'aws.region': region,
    'server.address': `bedrock-runtime.${region}.amazonaws.com`,
    'server.port': 443,
    'gen_ai.system': 'aws.bedrock',
    'gen_ai.request.model': modelId,
    'gen_ai.operation.name': 'chat',
    'aws.request_id': requestId,
    retry_attempts: 0,
    'http.status_code': 200,
    'gen_ai.usage.input_tokens': inputTokens,
    'gen_ai.usage.output_tokens': outputTokens,
    'gen_ai.response.finish_reasons': [stopReason],
  };
}
