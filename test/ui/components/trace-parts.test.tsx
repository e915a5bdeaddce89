// @vitest-environment happy-dom
// Component tests of the trace view's parts, rendered in happy-dom from what a real tracelite
// answers for a recorded Strands agent run (test/fixtures/captures/strands-openai): the
// conversation (system prompt, question, tool call with its arguments, tool result, the final
// answer marked and linked) and the generations table (model, tokens, finish reason; a row
// selects its span).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../src/ui/api/client.js';
import type { Messages, SpanNode, TraceDetail } from '../../../src/ui/api/types.js';
import { ConversationView } from '../../../src/ui/components/conversation-view.js';
import { GenerationsTable } from '../../../src/ui/components/generations-table.js';
import { flattenSpans } from '../../../src/ui/lib/span-rows.js';
import { sendCapture, startServerForComponents, type ComponentServer } from './real-server.js';

let server: ComponentServer;
let trace: TraceDetail;
let messages: Messages;

beforeAll(async () => {
  server = await startServerForComponents();
  const [traceId] = await sendCapture(server, 'strands-openai');
  // Through the UI's own API client, as the trace page reads them.
  trace = await api.getTrace('default', traceId!);
  messages = await api.getTraceMessages('default', traceId!);
}, 60_000);
afterAll(async () => {
  await server?.close();
});
afterEach(() => cleanup());

describe('ConversationView', () => {
  it('shows each turn, the tool call with its arguments and its result, and marks the final answer', () => {
    render(<ConversationView messages={messages.messages} />);
    const cards = screen.getAllByRole('article');
    expect(cards.length).toBeGreaterThanOrEqual(4);
    expect(cards[0]!.textContent).toMatch(/system/i);
    expect(document.body.textContent).toContain('weather in Paris');
    const toolCall = document.querySelector('.tool-call')!;
    expect(toolCall.textContent).toContain('get_weather');
    expect(toolCall.textContent).toContain('"city": "Paris"');
    expect(document.body.textContent).toContain('18');
    const final = screen.getByRole('article', { name: 'Final answer' });
    expect(final.id).toBe('final-answer');
    expect(final.textContent).toContain('It is 18°C and sunny in Paris.');
    expect(screen.getByRole('link', { name: 'Jump to final answer' }).getAttribute('href')).toBe('#final-answer');
  });

  it('says so when the spans carry no messages', () => {
    render(<ConversationView messages={[]} />);
    expect(screen.getByText(/No messages recorded/)).toBeTruthy();
  });
});

describe('GenerationsTable', () => {
  it('lists each LLM call with its model, tokens and finish reason; a row selects its span', () => {
    const selected: SpanNode[] = [];
    const spans = flattenSpans(trace.spans);
    render(<GenerationsTable spans={spans} onSelect={(s) => selected.push(s)} />);
    const generations = spans.filter((s) => s.observation_type === 'generation');
    expect(screen.getByRole('heading', { name: `Generations (${generations.length})` })).toBeTruthy();
    const rows = within(document.querySelector('table.generations tbody')!).getAllByRole('row');
    expect(rows).toHaveLength(generations.length);
    expect(rows[0]!.textContent).toContain(generations[0]!.model!);
    expect(rows[0]!.textContent).toContain(String(generations[0]!.input_tokens));
    fireEvent.click(rows[0]!.querySelector('button, a, [role="button"]') ?? rows[0]!);
    expect(selected.map((s) => s.span_id)).toEqual([generations[0]!.span_id]);
  });

  it('shows the first 25 of a long trace and the rest on demand', () => {
    const one = flattenSpans(trace.spans).find((s) => s.observation_type === 'generation')!;
    const many = Array.from({ length: 40 }, (_, i) => ({ ...one, span_id: `${one.span_id.slice(0, 14)}${String(i).padStart(2, '0')}` }));
    render(<GenerationsTable spans={many} onSelect={() => undefined} />);
    expect(document.querySelectorAll('table.generations tbody tr')).toHaveLength(25);
    fireEvent.click(screen.getByRole('button', { name: 'Show all 40 generations' }));
    expect(document.querySelectorAll('table.generations tbody tr')).toHaveLength(40);
  });
});
