// What ADOT's LLOHandler (aws-observability/aws-otel-python-instrumentation,
// aws-opentelemetry-distro/src/amazon/opentelemetry/distro/llo_handler.py at 8395e7d, distro
// 0.19.0.dev0) does to one span before export, restated as data:
// - collects "LLO" content: span attributes whose key is a known pattern, then for each span
//   event either the whole attribute map (event named gen_ai.user.message, gen_ai.choice, …)
//   or its LLO attributes (e.g. `tool.result`, `gen_ai.input.messages`) — all in ONE dict, so a
//   later event of the same name overwrites the earlier one but keeps its first position;
// - emits one log record: event_name and attribute event.name = the span's scope name,
//   body {input:{messages}, output:{messages}} (system/user -> input, assistant -> output,
//   other roles by the pattern's source), time = span end, the span's trace/span ids;
//   `session.id` copied from the span when present;
// - removes those attributes and events from the span.

const DIRECT = {
  'traceloop.entity.input': ['user', 'input'],
  'traceloop.entity.output': ['assistant', 'output'],
  'input.value': ['user', 'input'],
  'output.value': ['assistant', 'output'],
  system_prompt: ['system', 'prompt'],
  'tool.result': ['assistant', 'output'],
  'gen_ai.user.message': ['user', 'prompt'],
  'gen_ai.assistant.message': ['assistant', 'output'],
  'gen_ai.system.message': ['system', 'prompt'],
  'gen_ai.tool.message': ['tool', 'prompt'],
  'gen_ai.choice': ['assistant', 'output'],
  'gen_ai.input.messages': ['user', 'input'],
  'gen_ai.output.messages': ['assistant', 'output'],
  'gen_ai.system_instructions': ['system', 'prompt'],
  'gen_ai.prompt': ['user', 'prompt'],
  'gen_ai.completion': ['assistant', 'completion'],
};
const INDEXED = [
  { pattern: 'gen_ai.completion.{index}.content', regex: /^gen_ai\.completion\.(\d+)\.content$/, roleKey: 'gen_ai.completion.{index}.role', defaultRole: 'unknown', source: 'completion' },
  { pattern: 'gen_ai.prompt.{index}.content', regex: /^gen_ai\.prompt\.(\d+)\.content$/, roleKey: 'gen_ai.prompt.{index}.role', defaultRole: 'unknown', source: 'prompt' },
];

function isLlo(key) {
  return key in DIRECT || INDEXED.some((p) => p.regex.test(key));
}

function collect(spanAttributes, events) {
  const all = new Map();
  for (const [key, value] of Object.entries(spanAttributes)) if (isLlo(key)) all.set(key, value);
  for (const event of events) {
    if (isLlo(event.name)) all.set(event.name, { ...event.attributes });
    for (const [key, value] of Object.entries(event.attributes)) if (isLlo(key)) all.set(key, value);
  }
  return all;
}

function toMessages(all) {
  const messages = [];
  for (const [key, value] of all) if (key in DIRECT) messages.push({ content: value, role: DIRECT[key][0], source: DIRECT[key][1] });
  const indexed = [];
  for (const [key, value] of all) {
    for (const p of INDEXED) {
      const match = p.regex.exec(key);
      if (!match) continue;
      const index = Number(match[1]);
      // llo_handler reads the role from the collected LLO dict, which holds no `.role` keys:
      // every indexed message gets the default role ("unknown") in the emitted body.
      const role = all.get(p.roleKey.replace('{index}', index)) ?? p.defaultRole;
      indexed.push({ order: [p.pattern, index], message: { content: value, role, source: p.source } });
      break;
    }
  }
  indexed.sort((a, b) => (a.order[0] === b.order[0] ? a.order[1] - b.order[1] : a.order[0] < b.order[0] ? -1 : 1));
  return messages.concat(indexed.map((i) => i.message));
}

function group(messages) {
  const input = [];
  const output = [];
  for (const { role, content, source } of messages) {
    const formatted = { role, content };
    if (role === 'system' || role === 'user') input.push(formatted);
    else if (role === 'assistant') output.push(formatted);
    else if (['completion', 'output', 'result'].some((k) => source.includes(k))) output.push(formatted);
    else input.push(formatted);
  }
  return { input, output };
}

/**
 * One span through the LLOHandler: returns the span attributes it keeps and the log record
 * fields it emits (null when the span had no LLO content).
 */
export function applyLloHandler({ scopeName, attributes, events }) {
  const all = collect(attributes, events);
  const kept = Object.fromEntries(Object.entries(attributes).filter(([key]) => !isLlo(key)));
  if (all.size === 0) return { attributes: kept, log: null };
  const { input, output } = group(toMessages(all));
  const body = {};
  if (input.length > 0) body.input = { messages: input };
  if (output.length > 0) body.output = { messages: output };
  const logAttributes = { 'event.name': scopeName };
  if (attributes['session.id'] !== undefined) logAttributes['session.id'] = attributes['session.id'];
  return { attributes: kept, log: { eventName: scopeName, attributes: logAttributes, body } };
}
