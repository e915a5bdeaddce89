// NORMALIZE stage, messages: CrewAI's ReAct loop (agents without native tool calling). The
// model answers "Thought: …\nAction: <tool>\nAction Input: <json>"; once the tool ran, CrewAI
// appends "\nObservation: <result>" to that same assistant turn in its history. No tool-call id
// exists anywhere, so the step is split into its thought, a tool_use and a tool_result: then the
// copies of one step (LLM output, later histories, the agent's task output, the tool span's
// `tool_string`) are the same messages, and the step lines up with the tool span that ran it.
// Facts from crewAI's agents/parser.py and crew_agent_executor.py, OpenInference's
// instrumentation-crewai (_wrappers.py ToolUsage._use; _event_listener.py in 1.x).

import type { ContentBlock, SideMLMessage } from '../types.js';
import { isPlainObject } from './plain-value.js';
import { normalizeToolInput } from './tool-input.js';

export const CREWAI_SCOPE = 'openinference.instrumentation.crewai';

const ACTION = 'Action:';
const ACTION_INPUT = '\nAction Input:';
const OBSERVATION = /\n[ \t]*\n?Observation:[ \t]?/;

export interface ReActStep {
  thought: string;
  tool: string;
  input: unknown;
  /** undefined until CrewAI has appended the tool's result to the turn. */
  observation?: string;
}

function findActionLine(text: string): number {
  if (text.startsWith(ACTION)) return 0;
  const at = text.lastIndexOf(`\n${ACTION}`);
  return at < 0 ? -1 : at + 1;
}

export function parseReActStep(text: string): ReActStep | null {
  const actionAt = findActionLine(text);
  if (actionAt < 0) return null;
  const inputAt = text.indexOf(ACTION_INPUT, actionAt);
  if (inputAt < 0) return null;
  const tool = text.slice(actionAt + ACTION.length, inputAt).trim();
  if (tool === '' || tool.includes('\n')) return null;
  const rest = text.slice(inputAt + ACTION_INPUT.length);
  const observation = OBSERVATION.exec(rest);
  const rawInput = (observation ? rest.slice(0, observation.index) : rest).trim();
  const step: ReActStep = { thought: text.slice(0, actionAt).trim(), tool, input: normalizeToolInput(rawInput) };
  if (observation) step.observation = rest.slice(observation.index + observation[0].length);
  return step;
}

function createStepMessages(step: ReActStep, like: SideMLMessage): SideMLMessage[] {
  const call: ContentBlock[] = step.thought ? [{ type: 'text', text: step.thought }] : [];
  call.push({ type: 'tool_use', id: null, name: step.tool, input: step.input });
  const messages: SideMLMessage[] = [{ ...like, content: call }];
  if (step.observation !== undefined) {
    const result: SideMLMessage = { role: 'tool', name: step.tool, content: [{ type: 'tool_result', tool_use_id: null, content: step.observation }], direction: like.direction };
    if (like.source) result.source = like.source;
    messages.push(result);
  }
  return messages;
}

function readOnlyText(message: SideMLMessage): string | null {
  const [block, ...more] = message.content;
  return more.length === 0 && block?.type === 'text' ? block.text : null;
}

/** Assistant turns that are ReAct steps become thought + tool_use (+ tool_result); others pass. */
export function splitReActTurns(messages: SideMLMessage[] | null | undefined): SideMLMessage[] | null | undefined {
  if (!messages?.some((m) => m.role === 'assistant')) return messages;
  return messages.flatMap((message) => {
    const text = message.role === 'assistant' ? readOnlyText(message) : null;
    const step = text === null ? null : parseReActStep(text);
    return step ? createStepMessages(step, message) : [message];
  });
}

/** OpenInference-crewai < 1.0 traced ToolUsage._use: input.value {tool_string, tool, calling}. */
export function readReActToolInput(rawInput: unknown): { thought: string; input: unknown } | null {
  if (!isPlainObject(rawInput) || typeof rawInput.tool_string !== 'string') return null;
  const step = parseReActStep(rawInput.tool_string);
  return step ? { thought: step.thought, input: step.input } : null;
}
