// STORE: the terms of the attribute search index. Each short scalar attribute of a span
// (and of its resource) becomes one opaque token, a hash of (key, value), so an equality
// filter on any attribute is an inverted-index lookup instead of a scan of the JSON of
// every span. Used on both sides: the indexer (writer thread) turns stored attribute JSON
// into tokens; the filter compiler turns a filter's key and value into the same token.
//
// The index is a pre-filter, never the answer: the exact condition is re-checked on the
// candidate rows, so a hash collision costs a row read, never a wrong result. What it must
// guarantee is the converse — every row the exact condition matches carries the token —
// so a value the indexer skips (long text, arrays, objects) must never be looked up.

export const ATTRIBUTE_INDEX = 'span_attr_terms';

/** Longer values are not indexed (they are prompts and payloads, not filter values). */
export const MAX_INDEXED_VALUE_CHARS = 256;

/** The search-index token for an attribute key and value, or null when such a value is not
 *  indexed (the caller then has to scan). Values compare the way SQLite compares the
 *  json_extract result with the bound filter value: 200 and 200.0 (and true and 1) share a
 *  token, the text '200' does not. */
export function attributeTerm(key: string, value: unknown): string | null {
  const canonical = canonicalValue(value);
  if (canonical === null) return null;
  return hashTerm(key + '\u0000' + canonical);
}

function canonicalValue(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      // JSON text of an array/object is what json_extract returns for those values, which are
      // not indexed: a filter value that could be such text must take the scan.
      if (value.length > MAX_INDEXED_VALUE_CHARS || value.startsWith('[') || value.startsWith('{')) return null;
      return 's' + value;
    case 'number':
      return Number.isFinite(value) ? 'n' + String(value) : null;
    case 'bigint':
      return 'n' + String(Number(value));
    case 'boolean':
      return value ? 'n1' : 'n0';
    default:
      return null;
  }
}

/** The tokens of one span: its top-level scalar attributes and its resource's. */
export function spanTerms(attributesJson: string, resourceJson: string | null, resources = new ResourceTerms()): string {
  const terms = new Set<string>();
  addTerms(terms, attributesJson);
  if (resourceJson) for (const term of resources.of(resourceJson)) terms.add(term);
  return [...terms].join(' ');
}

/** The tokens of the last resource seen: consecutive spans mostly share their resource (an
 *  SDK's is ~18 attributes, parsed and hashed again for every span without this). */
export class ResourceTerms {
  private json: string | null = null;
  private terms: Set<string> = new Set();

  of(json: string): Set<string> {
    if (json !== this.json) {
      this.terms = new Set();
      addTerms(this.terms, json);
      this.json = json;
    }
    return this.terms;
  }
}

function addTerms(terms: Set<string>, json: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(parsed)) {
    const term = attributeTerm(key, value);
    if (term !== null) terms.add(term);
  }
}

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits (two 32-bit lanes: no BigInt
 *  on this per-attribute path). Lowercase hex is a plain FTS5 bareword. */
function hashTerm(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return 'a' + (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
