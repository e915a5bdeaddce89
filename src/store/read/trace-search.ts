// QUERY CORE: the trace list's `search` parameter, the explorer's (and the web UI's) search
// box: one text matched against what a person types to find a trace — its name, id, session,
// user, environment, tags, the service that sent it, and the conversation text of its spans.
// A trace matches when any of them does. Names and ids match as case-insensitive substrings;
// the conversation through the full-text index (store/write/span-text-index.ts), every word
// in one span's input or output, as the analytics API's `search` operator does.
import type Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import { prepareCached } from '../shared/read-cache.js';
import { keysOfTrace } from '../shared/span-keys.js';
import { SPAN_TEXT_INDEX, spanTextSql, TEXT_INDEXED_TO_SQL } from '../write/span-text-index.js';
import { parseSearchText, tokenizeText, toFtsQuery } from './text-search.js';

export interface SqlClause {
  sql: string;
  params: unknown[];
}

export interface SearchClause extends SqlClause {
  /** Counting every match would read most of the project (a word in nearly every conversation):
   *  the list's total counts this many at most. */
  countCap: number | null;
}

export interface SearchLimits {
  /** Up to this many indexed spans hold the words, the traces are found from the spans (one pass
   *  over the matches); past it each trace walked in list order is looked up in the index instead,
   *  so a page costs the same however common the words are. */
  fewTextMatches: number;
  /** The total of a search whose words are common: counting stops here (docs/explorer-api.md). */
  countCap: number;
}

export const SEARCH_LIMITS: SearchLimits = { fewTextMatches: 5_000, countCap: 10_000 };

const MAX_SEARCH_CHARS = 1000;
const SERVICE_NAME = `'$."service.name"'`;

/** The condition on trace row `t` for a search text; null when the text is blank. */
export function traceSearchClause(db: Database.Database, projectId: string, text: string, limits = SEARCH_LIMITS): SearchClause | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.length > MAX_SEARCH_CHARS) throw new AppError('VALIDATION_ERROR', `search is too long (${trimmed.length} characters; at most ${MAX_SEARCH_CHARS})`);
  const like = `%${trimmed.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const branches: string[] = [];
  const params: unknown[] = [];
  for (const column of ['t.name', 't.trace_id', 't.session_id', 't.user_id', 't.environment']) {
    branches.push(`${column} LIKE ? ESCAPE '\\'`);
    params.push(like);
  }
  branches.push(`(t.tags_json IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(t.tags_json) j WHERE j.value LIKE ? ESCAPE '\\'))`);
  params.push(like);
  const service = serviceBranch(db, like);
  if (service) branches.push(service.sql), params.push(...service.params);
  // Text without a word or a number ("--") has nothing for the full-text index to match.
  let countCap: number | null = null;
  if (tokenizeText(trimmed).length > 0) {
    const ftsQuery = toFtsQuery(parseSearchText(trimmed), null);
    const common = countTextMatches(db, ftsQuery, limits.fewTextMatches) > limits.fewTextMatches;
    const text = common ? probedConversationBranch(projectId, ftsQuery, trimmed) : conversationBranch(projectId, ftsQuery, trimmed);
    branches.push(text.sql), params.push(...text.params);
    if (common) countCap = limits.countCap;
  }
  return { sql: `(${branches.join(' OR ')})`, params, countCap };
}

function countTextMatches(db: Database.Database, ftsQuery: string, few: number): number {
  const sql = `SELECT count(*) FROM (SELECT 1 FROM ${SPAN_TEXT_INDEX} WHERE ${SPAN_TEXT_INDEX} MATCH ? LIMIT ?)`;
  return prepareCached(db, sql).pluck().get(ftsQuery, few + 1) as number;
}

/** Traces with a span from a service whose name contains the text. The resources are few (one
 *  per SDK process): their ids are found first, and no branch is added when none match. */
function serviceBranch(db: Database.Database, like: string): SqlClause | null {
  const ids = prepareCached(db, `SELECT id FROM resources WHERE json_extract(json, ${SERVICE_NAME}) LIKE ? ESCAPE '\\'`).pluck().all(like) as number[];
  const inline = hasInlineResources(db);
  if (ids.length === 0 && !inline) return null;
  const conditions = [`s.resource_id IN (${ids.map(Number).join(', ') || 'NULL'})`];
  const params: unknown[] = [];
  if (inline) conditions.push(`(s.resource_id IS NULL AND json_extract(s.resource_json, ${SERVICE_NAME}) LIKE ? ESCAPE '\\')`), params.push(like);
  const sql = `EXISTS (SELECT 1 FROM span_keys k CROSS JOIN spans s ON s.id = k.span_rowid WHERE ${keysOfTrace('k', 't')}
    AND (${conditions.join(' OR ')}))`;
  return { sql, params };
}

/** Spans stored before migration 20 keep their resource inline (store/shared/span-resources.ts);
 *  new spans never do, so once a database has none it never will again. */
const withoutInlineResources = new WeakSet<Database.Database>();

function hasInlineResources(db: Database.Database): boolean {
  if (withoutInlineResources.has(db)) return false;
  const found = prepareCached(db, 'SELECT 1 FROM spans WHERE resource_id IS NULL LIMIT 1').get() !== undefined;
  if (!found) withoutInlineResources.add(db);
  return found;
}

/** Spans past the index's watermark hold every word: the same rule on their derived text. */
const UNINDEXED_MATCH = `s.id > ${TEXT_INDEXED_TO_SQL}
  AND tl_text_match(?, COALESCE(${spanTextSql('input')}, '') || char(10) || COALESCE(${spanTextSql('output')}, ''))`;

/** Traces with a span whose conversation holds every word, found from the matching spans (few):
 *  computed once per query (the subquery does not depend on the trace row). */
function conversationBranch(projectId: string, ftsQuery: string, text: string): SqlClause {
  const sql = `t.trace_id IN (SELECT sp.trace_id FROM spans sp WHERE sp.project_id = ? AND sp.id IN (
      SELECT rowid FROM ${SPAN_TEXT_INDEX} WHERE ${SPAN_TEXT_INDEX} MATCH ? UNION ALL SELECT s.id FROM spans s WHERE ${UNINDEXED_MATCH}))`;
  return { sql, params: [projectId, ftsQuery, text] };
}

/** The same, for words in many spans: each trace's spans are looked up in the index (a page
 *  stops early); the unindexed tail is still listed once, found by rowid (`+` keeps SQLite off
 *  the project's span index). */
function probedConversationBranch(projectId: string, ftsQuery: string, text: string): SqlClause {
  const sql = `(EXISTS (SELECT 1 FROM span_keys k WHERE ${keysOfTrace('k', 't')}
      AND EXISTS (SELECT 1 FROM ${SPAN_TEXT_INDEX} WHERE ${SPAN_TEXT_INDEX} MATCH ? AND rowid = k.span_rowid))
    OR t.trace_id IN (SELECT s.trace_id FROM spans s WHERE +s.project_id = ? AND ${UNINDEXED_MATCH}))`;
  return { sql, params: [ftsQuery, projectId, text] };
}
