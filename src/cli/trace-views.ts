// CLI (queries): the explorer API's answers as terminal text. Input: trace lists, a trace
// with its span tree, a conversation, session lists (the API's JSON, typed by its DTOs);
// output: tables and indented text for a person at a terminal.
import type { SpanSummaryDto, TraceSummaryDto, toSessionSummary } from '../api/explorer/dto.js';
import { clip, formatCost, formatDuration, formatRelative, formatTable, formatTokens, oneLine, terminalWidth } from './table-output.js';

export interface PageDto<T> {
  data: T[];
  meta: { page: number; limit: number; total_items: number; total_pages: number };
}

export type SessionDto = ReturnType<typeof toSessionSummary>;
export type SpanNodeDto = SpanSummaryDto & { children: SpanNodeDto[] };
export type TraceDetailDto = TraceSummaryDto & { spans: SpanNodeDto[] };

export interface MessagesDto {
  messages: { role: string; name: string | null; content: Record<string, unknown>[] }[];
  metadata: { total_messages: number; total_tokens: number; total_cost: number };
}

/** Short ids in tables: enough to tell traces apart, and `traces show` takes a prefix. */
export const SHORT_ID_LENGTH = 8;

export function renderTraceTable(traces: TraceSummaryDto[], now = Date.now()): string {
  const rows = traces.map((t) => [
    t.trace_id.slice(0, SHORT_ID_LENGTH), t.trace_name ?? '-', formatRelative(t.start_time, now), formatDuration(t.duration_ms),
    formatTokens(t.total_tokens), formatCost(t.total_cost), t.input_preview ?? '',
  ]);
  return formatTable([
    { header: 'TRACE' }, { header: 'NAME', flex: true, min: 10 }, { header: 'START', align: 'right' },
    { header: 'DURATION', align: 'right' }, { header: 'TOKENS', align: 'right' }, { header: 'COST', align: 'right' },
    { header: 'INPUT', flex: true, min: 10 },
  ], rows);
}

/** "Showing 1-50 of 120 traces": says when a page hides the rest. `noun`: singular. */
export function renderPageFooter(meta: PageDto<unknown>['meta'], shown: number, noun: string): string {
  const counted = `${meta.total_items} ${noun}${meta.total_items === 1 ? '' : 's'}`;
  if (meta.total_items <= shown) return counted;
  const first = (meta.page - 1) * meta.limit + 1;
  return `Showing ${first}-${first + shown - 1} of ${counted} (--limit N, --page N for more)`;
}

export function renderTraceDetail(trace: TraceDetailDto, now = Date.now()): string {
  const width = terminalWidth();
  const where = [['session', trace.session_id], ['user', trace.user_id], ['environment', trace.environment]].filter(([, v]) => v);
  const lines = [
    `Trace ${trace.trace_id}  ${trace.trace_name ?? ''}`.trimEnd(),
    `Started ${trace.start_time} (${formatRelative(trace.start_time, now)}), took ${formatDuration(trace.duration_ms)}; ` +
      `${trace.span_count} spans, ${trace.observation_count} GenAI${trace.error_count > 0 ? `, ${trace.error_count} failed` : ''}`,
    ...(where.length > 0 ? [where.map(([k, v]) => `${k} ${v}`).join('  ')] : []),
    `Tokens ${formatTokens(trace.total_tokens)} (${formatTokens(trace.input_tokens)} in, ${formatTokens(trace.output_tokens)} out)  cost ${formatCost(trace.total_cost)}`,
    ...(trace.input_preview ? [clip(`Input   ${oneLine(trace.input_preview)}`, width)] : []),
    ...(trace.output_preview ? [clip(`Output  ${oneLine(trace.output_preview)}`, width)] : []),
    '',
    renderSpanTree(trace.spans),
  ];
  return lines.join('\n');
}

function renderSpanTree(roots: SpanNodeDto[]): string {
  const rows: string[][] = [];
  const visit = (span: SpanNodeDto, depth: number) => {
    rows.push([
      `${'  '.repeat(depth)}${span.span_name}`, span.observation_type, span.model ?? '', formatDuration(span.duration_ms),
      formatTokens(span.total_tokens), formatCost(span.total_cost), span.status_code === 'ERROR' ? 'ERROR' : '',
    ]);
    for (const child of span.children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return formatTable([
    { header: 'SPAN', flex: true, min: 16 }, { header: 'TYPE' }, { header: 'MODEL', flex: true, min: 8 },
    { header: 'DURATION', align: 'right' }, { header: 'TOKENS', align: 'right' }, { header: 'COST', align: 'right' }, { header: 'STATUS' },
  ], rows);
}

/** `role: text` per message; tool calls as name(args); continuation lines indented. */
export function renderMessages(view: MessagesDto): string {
  if (view.messages.length === 0) return 'No messages in this trace.';
  const lines = view.messages.map((m) => {
    const label = `${m.role}${m.name ? ` (${m.name})` : ''}:`;
    const body = m.content.map(renderBlock).filter((b) => b !== '').join('\n');
    return `${label} ${body.replace(/\n/g, '\n  ')}`.trimEnd();
  });
  const { total_messages, total_tokens, total_cost } = view.metadata;
  return [...lines, '', `${total_messages} messages; tokens ${formatTokens(total_tokens)}, cost ${formatCost(total_cost)}`].join('\n');
}

function renderBlock(block: Record<string, unknown>): string {
  switch (block.type) {
    case 'text':
    case 'refusal':
      return String(block.text ?? '');
    case 'thinking':
      return `(thinking) ${String(block.text ?? '')}`;
    case 'redacted_thinking':
      return '(redacted thinking)';
    case 'tool_use':
      return `${String(block.name)}(${stringify(block.input)})`;
    case 'tool_result':
      return `${block.is_error ? '(error) ' : ''}${typeof block.content === 'string' ? block.content : stringify(block.content)}`;
    case 'json':
    case 'context':
      return stringify(block.value);
    case 'tool_definitions':
      return `(tools: ${(Array.isArray(block.tools) ? block.tools : []).map(toolName).join(', ')})`;
    case 'unknown':
      return stringify(block.raw);
    default:
      // Media: say what it is, never print base64.
      return `[${String(block.type)}${block.name ? ` ${String(block.name)}` : block.url ? ` ${String(block.url)}` : ''}]`;
  }
}

function toolName(tool: unknown): string {
  const record = (tool ?? {}) as { name?: unknown; function?: { name?: unknown } };
  return String(record.name ?? record.function?.name ?? '?');
}

function stringify(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

export function renderSessionTable(sessions: SessionDto[], now = Date.now()): string {
  const rows = sessions.map((s) => [
    s.session_id, s.user_id ?? '-', formatRelative(s.start_time, now), formatDuration(s.duration_ms), String(s.trace_count),
    formatTokens(s.total_tokens), formatCost(s.total_cost),
  ]);
  return formatTable([
    { header: 'SESSION', flex: true, min: 12 }, { header: 'USER', flex: true, min: 8 }, { header: 'START', align: 'right' },
    { header: 'DURATION', align: 'right' }, { header: 'TRACES', align: 'right' }, { header: 'TOKENS', align: 'right' },
    { header: 'COST', align: 'right' },
  ], rows);
}
