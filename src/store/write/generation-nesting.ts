// STORE: one LLM call counted once. A framework's generation span (Strands `chat`, LangChain
// `ChatBedrockConverse.chat`) over an instrumented provider SDK's span for the same call (botocore
// `chat <model>`, the OpenAI / Anthropic SDK instrumentations) both carry the call's usage. Rule:
// a generation with usage whose child generation has usage does not count; the innermost does.
// Spans arrive in any order and batch, so whichever of the two comes second settles it.
import type Database from 'better-sqlite3';
import type { RollupSpan, TraceRollup } from './trace-rollup.js';
import { hasTokenUsage, removeFromRollup, type CountedUsage } from './trace-rollup.js';

const KEY = 'project_id = ? AND trace_created_ms = ? AND trace_id = ? AND span_id = ?';

export class GenerationNesting {
  private readonly findParent: Database.Statement;
  private readonly stopCounting: Database.Statement;
  private readonly markParent: Database.Statement;
  private readonly findMark: Database.Statement;

  constructor(db: Database.Database) {
    // By key, on the primary keys only: a lookup per generation, no scan of the trace.
    this.findParent = db.prepare(`SELECT s.id, s.usage_counted, s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens,
        s.cache_write_tokens, s.reasoning_tokens, s.total_cost
      FROM span_keys k CROSS JOIN spans s ON s.id = k.span_rowid WHERE k.${KEY.replaceAll(' AND ', ' AND k.')}`);
    this.stopCounting = db.prepare('UPDATE spans SET usage_counted = 0 WHERE id = ?');
    this.markParent = db.prepare('INSERT OR IGNORE INTO generation_parents (project_id, trace_created_ms, trace_id, span_id) VALUES (?, ?, ?, ?)');
    this.findMark = db.prepare(`SELECT 1 FROM generation_parents WHERE ${KEY}`).pluck();
  }

  /** Whether the span takes part: counted by the normalizer (agents, chains and wrappers that
   *  repeat their children are not) and carrying token usage. */
  takesPart(span: RollupSpan): boolean {
    return span.usage_counted === 1 && hasTokenUsage(span);
  }

  /** Before the span is stored: a child generation with usage came first and left a mark. */
  hasChildGeneration(span: RollupSpan, createdMs: number | bigint): boolean {
    return this.findMark.get(span.project_id, createdMs, span.trace_id, span.span_id) !== undefined;
  }

  /** After the span is stored: its parent, if a counted generation with usage, stops counting
   *  (and leaves the trace's roll-up); a parent not stored yet is marked for when it comes. */
  settleParent(span: RollupSpan, createdMs: number | bigint, rollup: TraceRollup): void {
    if (!span.parent_span_id) return;
    const parent = this.findParent.get(span.project_id, createdMs, span.trace_id, span.parent_span_id) as (CountedUsage & { id: number; usage_counted: number }) | undefined;
    if (parent === undefined) {
      this.markParent.run(span.project_id, createdMs, span.trace_id, span.parent_span_id);
    } else if (parent.usage_counted === 1 && hasTokenUsage(parent)) {
      this.stopCounting.run(parent.id);
      removeFromRollup(rollup, parent);
    }
  }
}
