// A fake OpenAI-compatible LLM on 127.0.0.1:0 that real client libraries can drive offline.
// Input: /v1/chat/completions (plain or SSE), /v1/responses (plain) and /v1/embeddings requests.
// Output: a fixed, scripted conversation (tool call first, final answer once a tool result comes back).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_RESPONSE_MODEL = 'gpt-4o-mini-2024-07-18';
export const FAKE_EMBEDDING_MODEL = 'text-embedding-3-small';

/** Turn 1: the model asks for the weather tool. */
const TOOL_CALL_TURN = {
  id: 'chatcmpl-tl-tool',
  toolCall: { id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  usage: { prompt_tokens: 120, completion_tokens: 18, total_tokens: 138, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
};

/** Turn 2: the model answers from the tool result (part of the prompt came from the cache). */
const ANSWER_TURN = {
  id: 'chatcmpl-tl-answer',
  textChunks: ['It is 18°C ', 'and sunny ', 'in Paris.'],
  usage: { prompt_tokens: 160, completion_tokens: 12, total_tokens: 172, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 0 } },
};

const CREATED_S = 1767225600; // 2026-01-01T00:00:00Z
const EMBEDDING_TOKENS = 8;

export interface FakeLlmServer {
  baseUrl: string;
  /** Every JSON request body received, in order, with its path. */
  requests: { path: string; body: any }[];
  stop(): Promise<void>;
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: { path: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return sendJson(res, 400, { error: { message: 'invalid JSON' } });
      }
      requests.push({ path, body });
      if (req.method === 'POST' && path === '/v1/chat/completions') return answerChat(body, res);
      if (req.method === 'POST' && path === '/v1/embeddings') return sendJson(res, 200, createEmbeddings(body));
      if (req.method === 'POST' && path === '/v1/responses') return sendJson(res, 200, createResponse(body));
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function hasToolResult(body: any): boolean {
  return Array.isArray(body.messages) && body.messages.some((m: any) => m?.role === 'tool');
}

function answerChat(body: any, res: http.ServerResponse): void {
  const wantsTool = !hasToolResult(body) && Array.isArray(body.tools) && body.tools.length > 0;
  if (body.stream === true) return streamChat(wantsTool, body.stream_options?.include_usage === true, res);
  const turn = wantsTool ? TOOL_CALL_TURN : ANSWER_TURN;
  const message = wantsTool
    ? { role: 'assistant', content: null, tool_calls: [{ id: TOOL_CALL_TURN.toolCall.id, type: 'function', function: { name: TOOL_CALL_TURN.toolCall.name, arguments: TOOL_CALL_TURN.toolCall.arguments } }], refusal: null }
    : { role: 'assistant', content: ANSWER_TURN.textChunks.join(''), refusal: null };
  sendJson(res, 200, {
    id: turn.id, object: 'chat.completion', created: CREATED_S, model: FAKE_RESPONSE_MODEL, system_fingerprint: 'fp_tracelite',
    choices: [{ index: 0, message, logprobs: null, finish_reason: wantsTool ? 'tool_calls' : 'stop' }],
    usage: turn.usage,
  });
}

/** OpenAI's SSE shape: role chunk, deltas, a finish chunk, then (if asked) a usage-only chunk. */
function streamChat(wantsTool: boolean, includeUsage: boolean, res: http.ServerResponse): void {
  const turn = wantsTool ? TOOL_CALL_TURN : ANSWER_TURN;
  const chunk = (delta: unknown, finishReason: string | null) => ({
    id: turn.id, object: 'chat.completion.chunk', created: CREATED_S, model: FAKE_RESPONSE_MODEL, system_fingerprint: 'fp_tracelite',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const events: unknown[] = [chunk({ role: 'assistant', content: wantsTool ? null : '', refusal: null }, null)];
  if (wantsTool) {
    const call = TOOL_CALL_TURN.toolCall;
    events.push(chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, null));
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: call.arguments.slice(0, 9) } }] }, null));
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: call.arguments.slice(9) } }] }, null));
  } else {
    for (const text of ANSWER_TURN.textChunks) events.push(chunk({ content: text }, null));
  }
  events.push(chunk({}, wantsTool ? 'tool_calls' : 'stop'));
  if (includeUsage) {
    events.push({ id: turn.id, object: 'chat.completion.chunk', created: CREATED_S, model: FAKE_RESPONSE_MODEL, system_fingerprint: 'fp_tracelite', choices: [], usage: turn.usage });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.end('data: [DONE]\n\n');
}

function createEmbeddings(body: any): unknown {
  const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((_, index) => {
    const vector = [0.1 * (index + 1), -0.2, 0.3, 0.05];
    // The openai client asks for base64 (packed little-endian float32) unless told otherwise.
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  return { object: 'list', data, model: FAKE_EMBEDDING_MODEL, usage: { prompt_tokens: EMBEDDING_TOKENS, total_tokens: EMBEDDING_TOKENS } };
}

function hasFunctionCallOutput(body: any): boolean {
  return Array.isArray(body.input) && body.input.some((item: any) => item?.type === 'function_call_output');
}

/** The same two turns through the Responses API (non-streamed): a function_call item, then the answer. */
function createResponse(body: any): unknown {
  const wantsTool = !hasFunctionCallOutput(body) && Array.isArray(body.tools) && body.tools.length > 0;
  const turn = wantsTool ? TOOL_CALL_TURN : ANSWER_TURN;
  const call = TOOL_CALL_TURN.toolCall;
  const output = wantsTool
    ? [{ type: 'function_call', id: 'fc_weather_1', call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' }]
    : [{ type: 'message', id: 'msg_tl_answer', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: ANSWER_TURN.textChunks.join(''), annotations: [] }] }];
  const { prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details, completion_tokens_details } = turn.usage;
  return {
    id: wantsTool ? 'resp_tl_tool' : 'resp_tl_answer', object: 'response', created_at: CREATED_S, status: 'completed', model: FAKE_RESPONSE_MODEL,
    output, parallel_tool_calls: true, tool_choice: body.tool_choice ?? 'auto', tools: body.tools ?? [], temperature: body.temperature ?? null,
    instructions: body.instructions ?? null, error: null, incomplete_details: null, metadata: {}, previous_response_id: null, top_p: null,
    usage: {
      input_tokens: prompt_tokens, input_tokens_details: { cached_tokens: prompt_tokens_details.cached_tokens },
      output_tokens: completion_tokens, output_tokens_details: { reasoning_tokens: completion_tokens_details.reasoning_tokens }, total_tokens,
    },
  };
}
