// QUERY/SERVE (Langfuse family): the v2 observations cursor — base64 JSON naming the last
// row of a page in the (start time, trace id, id) order, as Langfuse's cursor does; we add
// the exact ns start so a page boundary never drops or repeats rows inside one millisecond.
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ObservationCursor, ObservationRow } from '../../store/read/observation-queries.js';
import { nsToIso } from './time-format.js';

const cursorSchema = z.object({
  lastStartTimeTo: z.string(),
  lastTraceId: z.string(),
  lastId: z.string(),
  lastStartNs: z.string().regex(/^\d{1,19}$/),
});

export function encodeObservationCursor(row: ObservationRow): string {
  const cursor = { lastStartTimeTo: nsToIso(row.start_ns), lastTraceId: row.trace_id, lastId: row.span_id, lastStartNs: row.start_ns };
  return Buffer.from(JSON.stringify(cursor)).toString('base64');
}

export function decodeObservationCursor(text: string): ObservationCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = cursorSchema.safeParse(parsed);
  if (!checked.success) throw new AppError('VALIDATION_ERROR', 'Invalid request data: cursor: Invalid cursor format');
  return { startNs: BigInt(checked.data.lastStartNs), traceId: checked.data.lastTraceId, spanId: checked.data.lastId };
}
