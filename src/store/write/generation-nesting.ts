// STORE: one LLM call counted once. A framework's generation span (Strands `chat`, LangChain
// `ChatBedrockConverse.chat`) over an instrumented provider SDK's span for the same call (botocore
// `chat <model>`, the OpenAI / Anthropic SDK instrumentations) both carry the call's usage. Rule:
// a generation with usage whose child generation has usage does not count; the innermost does.
// Spans arrive in any order and batch, so whichever of the two comes second settles it.
import type Database from 'better-sqlite3';
import type { RollupSpan, TraceRollup } from './trace-rollup.js';
import { hasTokenUsage, removeFromRollup, type CountedUsage } from './trace-rollup.js';

const KEY = 'project_id = ? AND trace_created_ms = ? AND trace_id = ? AND span_id = ?';

/** A span this batch stored that took part: its row, to be taken back by a child later in the batch. */
interface StoredHere extends CountedUsage {
  id: number;
  usage_counted: number;
}

export class GenerationNesting {
  private readonly findParent: Database.Statement;
  private readonly stopCounting: Database.Statement;
  private readonly markParent: Database.Statement;
  private readonly findMark: Database.Statement;
  // This batch's view, so a trace exported whole (the common case) costs no lookup at all: a
  // trace new in this batch has nothing stored, so its spans and marks are all in these maps.
  private readonly storedHere = new Map<string, StoredHere | null>();
  private readonly markedHere = new Map<string, [projectId: string, createdMs: number | bigint, traceId: string, spanId: string]>();

  constructor(db: Database.Database) {
    // By key, on the primary keys only: a lookup per generation, no scan of the trace.
    this.findParent = db.prepare(`SELECT s.id, s.usage_counted, s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens,
        s.cache_write_tokens, s.reasoning_tokens, s.total_cost
      FROM span_keys k CROSS JOIN spans s ON s.id = k.span_rowid WHERE k.${KEY.replaceAll(' AND ', ' AND k.')}`);
    this.stopCounting = db.prepare('UPDATE spans SET usage_counted = 0 WHERE id = ?');
    this.markParent = db.prepare('INSERT OR IGNORE INTO generation_parents (project_id, trace_created_ms, trace_id, span_id) VALUES (?, ?, ?, ?)');
    this.findMark = db.prepare(`SELECT 1 FROM generation_parents WHERE ${KEY}`).pluck();
  }

  beginBatch(): void {
    this.storedHere.clear();
    this.markedHere.clear();
  }

  /** Marks whose parent this batch did not bring wait in the table for a later batch. */
  finishBatch(): void {
    for (const mark of this.markedHere.values()) this.markParent.run(...mark);
    this.markedHere.clear();
  }

  /** Whether the span takes part: counted by the normalizer (agents, chains and wrappers that
   *  repeat their children are not) and carrying token usage. */
  takesPart(span: RollupSpan): boolean {
    return span.usage_counted === 1 && hasTokenUsage(span);
  }

  /** Before any span is stored: whether it takes part and a child generation with usage came
   *  first (earlier in this batch, or a mark left by an earlier one). */
  childCameFirst(span: RollupSpan, createdMs: number | bigint, traceIsNew: boolean): boolean {
    const markedInBatch = this.markedHere.delete(spanKeyOf(span.project_id, span.trace_id, span.span_id));
    if (!this.takesPart(span)) return false;
    return markedInBatch || (!traceIsNew && this.findMark.get(span.project_id, createdMs, span.trace_id, span.span_id) !== undefined);
  }

  /** After the span is stored (row `id`): its parent, if a counted generation with usage, stops
   *  counting (and leaves the trace's roll-up); a parent not stored yet is marked for when it comes. */
  settleParent(span: RollupSpan, id: number, createdMs: number | bigint, traceIsNew: boolean, rollup: TraceRollup): void {
    const takesPart = this.takesPart(span);
    this.storedHere.set(spanKeyOf(span.project_id, span.trace_id, span.span_id), takesPart ? { ...pickUsage(span), id, usage_counted: 1 } : null);
    if (!takesPart || !span.parent_span_id) return;
    const parentKey = spanKeyOf(span.project_id, span.trace_id, span.parent_span_id);
    const here = this.storedHere.get(parentKey);
    const parent = here !== undefined ? here : traceIsNew ? undefined : this.findStoredParent(span, createdMs);
    if (parent === undefined) {
      this.markedHere.set(parentKey, [span.project_id, createdMs, span.trace_id, span.parent_span_id]);
    } else if (parent !== null && parent.usage_counted === 1 && hasTokenUsage(parent)) {
      this.stopCounting.run(parent.id);
      parent.usage_counted = 0;
      removeFromRollup(rollup, parent);
    }
  }

  private findStoredParent(span: RollupSpan, createdMs: number | bigint): StoredHere | undefined {
    return this.findParent.get(span.project_id, createdMs, span.trace_id, span.parent_span_id) as StoredHere | undefined;
  }
}

function spanKeyOf(projectId: string, traceId: string, spanId: string): string {
  return `${projectId}\u0000${traceId}/${spanId}`;
}

function pickUsage(span: RollupSpan): CountedUsage {
  const { input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, total_cost } = span;
  return { input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, total_cost };
}
