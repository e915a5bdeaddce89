// Table tests: agent frameworks (Strands, Pydantic AI, Google ADK, LangSmith, Mastra, CrewAI,
// AutoGen, MLflow, OpenAI Agents) and the roll-up rule: a span that repeats its children's
// usage keeps it for display but has usageCounted = false.
import { describe, expect, it } from 'vitest';
import { int, normalize } from './span-builder.js';

describe('Strands Agents', () => {
  const scope = 'strands.telemetry.tracer';
  const usage = { 'gen_ai.usage.input_tokens': int(20), 'gen_ai.usage.output_tokens': int(30), 'gen_ai.usage.cache_read_input_tokens': int(1000), 'gen_ai.usage.cache_write_input_tokens': int(200), 'gen_ai.usage.total_tokens': int(1250) };

  it('chat span: Bedrock input excludes the cache, folded into semconv input; priced with cache rates', () => {
    const out = normalize({ scope, name: 'chat', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'strands-agents', 'gen_ai.request.model': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', ...usage } });
    expect(out).toMatchObject({
      observationType: 'generation', framework: 'strands', provider: 'aws.bedrock', usageCounted: true,
      usage: { input: 1220, output: 30, total: 1250, cacheRead: 1000, cacheWrite: 200 },
    });
    // claude-sonnet-4-5 on a Bedrock us. profile (genai-prices' regional entry, 10% over global):
    // $3.30 in, $0.33 cache read, $4.125 cache write, $16.50 out.
    expect(out.cost.total).toBeCloseTo(20 * 3.3e-6 + 1000 * 0.33e-6 + 200 * 4.125e-6 + 30 * 16.5e-6, 12);
  });

  it('invoke_agent and event-loop cycles are roll-ups', () => {
    const agent = normalize({ scope, name: 'invoke_agent weather', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather', ...usage } });
    expect(agent).toMatchObject({ observationType: 'agent', agentName: 'weather', usageCounted: false, usage: { input: 1220 } });
    const cycle = normalize({ scope, name: 'execute_event_loop_cycle', attributes: { 'event_loop.cycle_id': 'c1' } });
    expect(cycle).toMatchObject({ observationType: 'chain', usageCounted: false });
  });

  it('tool span', () => {
    const out = normalize({ scope, name: 'execute_tool lookup', attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup', 'gen_ai.tool.call.id': 'tooluse_1' } });
    expect(out).toMatchObject({ observationType: 'tool', toolName: 'lookup', toolCallId: 'tooluse_1', usageCounted: true });
  });
});

describe('Pydantic AI', () => {
  it('chat span with details and operation.cost', () => {
    const out = normalize({
      scope: 'pydantic-ai', name: 'chat gpt-4o',
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': int(100), 'gen_ai.usage.output_tokens': int(10), 'gen_ai.usage.details.cache_read_tokens': int(60), 'gen_ai.usage.details.reasoning_tokens': int(4), 'operation.cost': 0.0123 },
    });
    expect(out).toMatchObject({ observationType: 'generation', framework: 'pydantic-ai', usage: { input: 100, cacheRead: 60, reasoning: 4, output: 10 }, cost: { total: 0.0123, source: 'attribute' }, usageCounted: true });
  });

  it('agent run is a roll-up', () => {
    const out = normalize({ scope: 'pydantic-ai', name: 'agent run', attributes: { agent_name: 'support', 'gen_ai.usage.input_tokens': int(300), 'gen_ai.usage.output_tokens': int(40) } });
    expect(out).toMatchObject({ observationType: 'agent', agentName: 'support', usageCounted: false, usage: { total: 340 } });
  });

  it('running tool', () => {
    expect(normalize({ scope: 'pydantic-ai', name: 'running tool', attributes: { 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'c1' } })).toMatchObject({ observationType: 'tool', toolName: 'get_weather', toolCallId: 'c1' });
  });
});

describe('Google ADK', () => {
  it('call_llm: gen_ai.system names the framework, the provider comes from the model', () => {
    const out = normalize({ scope: 'gcp.vertex.agent', name: 'call_llm', attributes: { 'gen_ai.system': 'gcp.vertex.agent', 'gen_ai.request.model': 'gemini-2.5-flash', 'gcp.vertex.agent.session_id': 'adk-s', 'gcp.vertex.agent.invocation_id': 'inv-1', 'gen_ai.usage.input_tokens': int(1000), 'gen_ai.usage.output_tokens': int(100) } });
    expect(out).toMatchObject({ observationType: 'generation', framework: 'google-adk', provider: 'gcp.gemini', sessionId: 'adk-s', metadata: { invocation_id: 'inv-1' }, usageCounted: true });
    expect(out.cost.total).toBeCloseTo(1000 * 0.3e-6 + 100 * 2.5e-6, 12);
  });

  it('invocation and invoke_agent', () => {
    expect(normalize({ scope: 'gcp.vertex.agent', name: 'invocation' }).observationType).toBe('chain');
    expect(normalize({ scope: 'gcp.vertex.agent', name: 'invoke_agent root', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'root' } })).toMatchObject({ observationType: 'agent', agentName: 'root' });
  });
});

describe('LangSmith, Mastra, CrewAI, AutoGen, MLflow, OpenAI Agents', () => {
  it('LangSmith kinds, trace name, comma tags, metadata session', () => {
    const out = normalize({ attributes: { 'langsmith.span.kind': 'llm', 'langsmith.trace.name': 'rag', 'langsmith.span.tags': 'x, y', 'langsmith.metadata.thread_id': 't-1', 'langsmith.metadata.user_id': 'lu', 'gen_ai.request.model': 'gpt-4o-mini' } });
    expect(out).toMatchObject({ observationType: 'generation', framework: 'langsmith', traceName: 'rag', tags: ['x', 'y'], sessionId: 't-1', userId: 'lu', provider: 'openai' });
  });

  it.each([
    ['agent_run', 'agent', false], ['model_generation', 'generation', true], ['model_step', 'span', false],
    ['tool_call', 'tool', true], ['mcp_tool_call', 'tool', true], ['workflow_run', 'chain', true],
  ])('Mastra %s -> %s (usage counted: %s when it carries usage)', (spanType, type, counted) => {
    const out = normalize({ scope: '@mastra/otel', attributes: { 'mastra.span.type': spanType, 'gen_ai.usage.input_tokens': int(5), 'gen_ai.usage.output_tokens': int(5) } });
    expect(out).toMatchObject({ observationType: type, framework: 'mastra', usageCounted: type === 'chain' ? false : counted });
  });

  it('CrewAI telemetry spans are events/chains, user scopes named crewai_* are not', () => {
    expect(normalize({ scope: 'crewai.telemetry', name: 'Tool Usage', attributes: { tool_name: 'search' } })).toMatchObject({ observationType: 'event', framework: 'crewai', toolName: 'search' });
    expect(normalize({ scope: 'crewai.telemetry', name: 'Task Execution', attributes: { agent_role: 'Writer' } })).toMatchObject({ observationType: 'chain', agentName: 'Writer' });
    expect(normalize({ scope: 'crewai_sample.app', name: 'crewai.session' })).toMatchObject({ isGenAI: false, framework: null });
  });

  it('AutoGen', () => {
    expect(normalize({ scope: 'autogen-core', name: 'autogen publish default' })).toMatchObject({ observationType: 'event', framework: 'autogen' });
    expect(normalize({ scope: 'autogen-agentchat', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.system': 'autogen', 'gen_ai.agent.name': 'planner' } })).toMatchObject({ observationType: 'agent', agentName: 'planner', framework: 'autogen', provider: null });
  });

  it('MLflow JSON-quoted span type and token usage', () => {
    const out = normalize({ attributes: { 'mlflow.spanType': '"CHAT_MODEL"', 'mlflow.chat.tokenUsage': '{"input_tokens": 12, "output_tokens": 3, "total_tokens": 15}' } });
    expect(out).toMatchObject({ observationType: 'generation', framework: 'mlflow', usage: { input: 12, output: 3, total: 15 } });
  });

  it('OpenAI Agents via Logfire and via OpenInference', () => {
    expect(normalize({ scope: 'logfire.openai_agents', name: 'Agent run: triage' })).toMatchObject({ observationType: 'agent', framework: 'openai-agents' });
    expect(normalize({ scope: 'logfire.openai_agents', name: 'Function: lookup' })).toMatchObject({ observationType: 'tool' });
    expect(normalize({ scope: 'openinference.instrumentation.openai_agents', attributes: { 'openinference.span.kind': 'AGENT' } })).toMatchObject({ observationType: 'agent', framework: 'openai-agents' });
  });
});

describe('roll-ups are not counted twice', () => {
  it('a Vercel generateText wrapper and its doGenerate child: only the child counts', () => {
    const attributes = { 'ai.model.id': 'gpt-4o', 'ai.usage.promptTokens': int(100), 'ai.usage.completionTokens': int(10) };
    const wrapper = normalize({ scope: 'ai', attributes: { ...attributes, 'ai.operationId': 'ai.generateText' } });
    const step = normalize({ scope: 'ai', attributes: { ...attributes, 'ai.operationId': 'ai.generateText.doGenerate' } });
    expect([wrapper.usageCounted, step.usageCounted]).toEqual([false, true]);
    expect(wrapper.usage).toEqual(step.usage);
  });

  it('any agent or chain that carries usage is a roll-up; one without usage stays counted (harmless)', () => {
    expect(normalize({ attributes: { 'openinference.span.kind': 'AGENT', 'llm.token_count.prompt': int(9) } }).usageCounted).toBe(false);
    expect(normalize({ attributes: { 'openinference.span.kind': 'CHAIN', 'llm.token_count.prompt': int(9) } }).usageCounted).toBe(false);
    expect(normalize({ attributes: { 'openinference.span.kind': 'AGENT' } }).usageCounted).toBe(true);
  });
});
