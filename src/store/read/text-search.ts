// QUERY CORE: a user's full-text search text, parsed once into terms, and rendered two ways
// that agree: an FTS5 query for the indexed spans (store/write/span-text-index.ts) and a matcher for
// the spans the index has not reached yet. The user's text is never FTS5 syntax: words and
// "quoted phrases" all have to appear (a trailing * makes a word a prefix); everything
// else is a separator, as it is for FTS5's unicode61 tokenizer — so no input can be an FTS
// syntax error.
import { AppError } from '../../errors.js';

export interface SearchTerm {
  /** Consecutive tokens (a phrase; one token for a word). */
  tokens: string[];
  /** The last token matches as a prefix. */
  prefix: boolean;
}

/** Longest search text accepted, and most terms: a guard against pathological queries. */
const MAX_SEARCH_CHARS = 1000;
const MAX_TERMS = 32;

/** Lowercased, diacritics removed, split on anything but letters and digits: what the
 *  index's `unicode61 remove_diacritics 2` tokenizer does to the same text. */
export function tokenizeText(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

export function parseSearchText(text: string): SearchTerm[] {
  if (text.length > MAX_SEARCH_CHARS) throw new AppError('INVALID_FILTER', `search text is too long (${text.length} characters; at most ${MAX_SEARCH_CHARS})`);
  const terms: SearchTerm[] = [];
  // A quoted phrase (closing quote optional), or a run of non-space characters.
  for (const match of text.matchAll(/"([^"]*)"?(\*?)|(\S+)/g)) {
    const raw = match[1] ?? match[3] ?? '';
    const prefix = match[2] === '*' || (match[3] !== undefined && raw.endsWith('*'));
    const tokens = tokenizeText(raw);
    if (tokens.length > 0) terms.push({ tokens, prefix });
  }
  if (terms.length === 0) throw new AppError('INVALID_FILTER', 'search text must contain at least one word or number');
  if (terms.length > MAX_TERMS) throw new AppError('INVALID_FILTER', `search text has too many terms (${terms.length}; at most ${MAX_TERMS})`);
  return terms;
}

/** The FTS5 query for the terms, limited to `column` when given. Tokens hold only letters and
 *  digits, so quoting them is always valid FTS5. */
export function toFtsQuery(terms: SearchTerm[], column: string | null): string {
  const body = terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`).join(' AND ');
  return column === null ? body : `{${column}} : (${body})`;
}

/** Whether a text contains every term (the same rule the FTS5 query applies). */
export function matchesSearch(terms: SearchTerm[], text: string | null): boolean {
  if (!text) return false;
  const tokens = tokenizeText(text);
  return terms.every((term) => containsPhrase(tokens, term));
}

function containsPhrase(tokens: string[], term: SearchTerm): boolean {
  const n = term.tokens.length;
  outer: for (let i = 0; i + n <= tokens.length; i++) {
    for (let j = 0; j < n; j++) {
      const token = tokens[i + j]!;
      const want = term.tokens[j]!;
      const last = j === n - 1;
      if (last && term.prefix ? !token.startsWith(want) : token !== want) continue outer;
    }
    return true;
  }
  return false;
}
