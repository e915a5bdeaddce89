// CrewAI ReAct steps (no tool-call ids anywhere) line up with the tool spans that ran them.
// Span shapes from OpenInference's instrumentation-crewai: 1.x (_event_listener.py: LLM spans
// `<model>.llm_call` with llm.input/output_messages, TOOL spans `<tool>.run` whose input.value is
// the tool args) and the older wrapper (ToolUsage._use: input.value {tool_string, tool, calling});
// the step text and the "\nObservation: <result>" CrewAI appends are from crewAI's agent executor.
import { describe, expect, it } from 'vitest';
import { parseReActStep } from '../../../src/genai/messages/crewai-react.js';
import { dedupeConversation } from '../../../src/genai/messages/dedupe.js';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import { decodeSpans, type SpanSpec } from './span-fixtures.js';

const SCOPE = 'openinference.instrumentation.crewai';
const SYSTEM = 'You are Weather Forecaster.';
const TASK = 'Current Task: weather in Paris?';
const STEP = 'Thought: I should look up the weather.\nAction: get_weather\nAction Input: {"city": "Paris"}';
const RESULT = '18C and sunny';
const FINAL = 'Thought: I now know the final answer\nFinal Answer: It is 18C and sunny in Paris.';

function llmSpan(messages: [string, string][], answer: string, start: number): SpanSpec {
  const attributes: Record<string, unknown> = { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini' };
  messages.forEach(([role, content], i) => {
    attributes[`llm.input_messages.${i}.message.role`] = role;
    attributes[`llm.input_messages.${i}.message.content`] = content;
  });
  attributes['llm.output_messages.0.message.role'] = 'assistant';
  attributes['llm.output_messages.0.message.content'] = answer;
  return { name: 'gpt-4o-mini.llm_call', scope: SCOPE, start: String(start), end: String(start + 10), attributes };
}

function conversationOf(specs: SpanSpec[]) {
  const items = decodeSpans(specs).map(({ span, resource, scope }) => ({
    spanId: span.spanId,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    messages: extractMessages(span, resource, scope).messages,
  }));
  return dedupeConversation(items).map((m) => ({ role: m.role, content: m.content }));
}

const EXPECTED = [
  { role: 'system', content: [{ type: 'text', text: SYSTEM }] },
  { role: 'user', content: [{ type: 'text', text: TASK }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Thought: I should look up the weather.' }, { type: 'tool_use', id: null, name: 'get_weather', input: { city: 'Paris' } }] },
  { role: 'tool', content: [{ type: 'tool_result', tool_use_id: null, content: RESULT }] },
  { role: 'assistant', content: [{ type: 'text', text: FINAL }] },
];

describe('CrewAI ReAct steps', () => {
  it('parses a step, with and without the observation CrewAI appends', () => {
    expect(parseReActStep(STEP)).toEqual({ thought: 'Thought: I should look up the weather.', tool: 'get_weather', input: { city: 'Paris' } });
    expect(parseReActStep(`${STEP}\nObservation: ${RESULT}`)).toEqual({ thought: 'Thought: I should look up the weather.', tool: 'get_weather', input: { city: 'Paris' }, observation: RESULT });
    expect(parseReActStep(FINAL)).toBeNull();
    expect(parseReActStep('Call the Action: menu')).toBeNull();
  });

  it('OpenInference-crewai 1.x: the step is ordered before its tool result and its call shows once', () => {
    const conversation = conversationOf([
      llmSpan([['system', SYSTEM], ['user', TASK]], STEP, 1000),
      { name: 'get_weather.run', scope: SCOPE, start: '1020', end: '1030', attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'input.value': '{"city": "Paris"}', 'input.mime_type': 'application/json', 'output.value': RESULT } },
      llmSpan([['system', SYSTEM], ['user', TASK], ['assistant', `${STEP}\nObservation: ${RESULT}`]], FINAL, 1040),
    ]);
    expect(conversation).toEqual(EXPECTED);
  });

  it('OpenInference-crewai < 1.0: the agent task output lists the steps after the tool spans ran; they still come first', () => {
    const toolString = `${STEP}\n`;
    const agentOutput = { raw: 'It is 18C and sunny in Paris.', messages: [
      { role: 'system', content: SYSTEM }, { role: 'user', content: TASK },
      { role: 'assistant', content: `${STEP}\nObservation: ${RESULT}` }, { role: 'assistant', content: FINAL },
    ] };
    const conversation = conversationOf([
      { name: 'Weather Forecaster._execute_core', scope: SCOPE, start: '1000', end: '1100', attributes: { 'openinference.span.kind': 'AGENT', 'output.value': JSON.stringify(agentOutput) } },
      { name: 'get_weather._use', scope: SCOPE, start: '1020', end: '1030', attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'input.value': JSON.stringify({ tool_string: toolString, tool: "CrewStructuredTool(name='get_weather')", calling: "tool_name='get_weather' arguments={'city': 'Paris'}" }), 'output.value': RESULT } },
    ]);
    expect(conversation).toEqual(EXPECTED);
  });
});
