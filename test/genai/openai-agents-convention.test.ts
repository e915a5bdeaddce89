// Unit tests: the OpenAI Agents SDK's spans as Logfire's integration names them
// (logfire/_internal/integrations/openai_agents.py: msg templates, usage from span data) and as
// OpenInference's bridge types them; expectations written by hand.
import { describe, expect, it } from 'vitest';
import { int, normalize } from './span-builder.js';

const LOGFIRE_SCOPE = 'logfire.openai_agents';

describe('OpenAI Agents convention', () => {
  it("types Logfire's trace root, MCP listing and custom spans", () => {
    expect(normalize({ scope: LOGFIRE_SCOPE, name: 'OpenAI Agents trace: Agent workflow' })).toMatchObject({ observationType: 'chain', framework: 'openai-agents', usageCounted: false });
    expect(normalize({ scope: LOGFIRE_SCOPE, name: 'MCP: list tools from server weather' }).observationType).toBe('tool');
    expect(normalize({ scope: LOGFIRE_SCOPE, name: 'Custom span: retry' }).observationType).toBe('span');
  });

  it("reads Logfire's only usage names, gen_ai.usage.input_tokens / output_tokens, on a chat completion span", () => {
    const out = normalize({
      scope: LOGFIRE_SCOPE, name: "Chat completion with 'gpt-4o-mini'",
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': int(120), 'gen_ai.usage.output_tokens': int(18) },
    });
    expect(out).toMatchObject({ observationType: 'generation', usageCounted: true, usage: { input: 120, output: 18 } });
  });

  it("leaves the OpenInference bridge's spans to their span kind (its 'Agent workflow' is no roll-up name)", () => {
    const out = normalize({ scope: '@arizeai/openinference-instrumentation-openai-agents', name: 'Agent workflow', attributes: { 'openinference.span.kind': 'CHAIN' } });
    expect(out).toMatchObject({ observationType: 'chain', framework: 'openai-agents', usageCounted: true });
  });
});
