// Test-only: the request bodies of observability-facade-api.txt's three curl examples,
// verbatim (the spec posts the generation and the score to trace "t1").
export const SPEC_TRACE = { name: 'agent-run', input: 'user query', output: 'response', metadata: {} };

export const SPEC_GENERATION = {
  name: 'completion',
  model: 'claude-sonnet',
  input: 'What is 2+2?',
  output: '4',
  usage: { prompt_tokens: 10, completion_tokens: 5 },
};

export const SPEC_SCORE = { name: 'helpfulness', value: 0.95, comment: 'Accurate response' };

/** A priced model (gpt-4o: $2.50 / $10 per 1M tokens): 1000 in + 500 out = $0.0075. */
export const PRICED_GENERATION = {
  name: 'chat',
  model: 'gpt-4o',
  input: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }],
  output: { role: 'assistant', content: 'Paris.' },
  usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 },
  start_time: '2026-04-03T10:00:01.000Z',
  end_time: '2026-04-03T10:00:02.500Z',
  model_parameters: { temperature: 0.2 },
  metadata: { attempt: 1 },
};
