// QUERY/SERVE (explorer): reads the store's *_json columns for a response without
// losing int64 precision. The store writes int64 as bare JSON integers (exact in SQLite);
// JSON.parse would round anything past 2^53, so such integers become decimal strings,
// which is also how OTLP/JSON spells int64.

/** Integers with this many digits or more may not fit a double exactly. */
const UNSAFE_DIGITS = 16;

export function parseJsonExact(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(quoteLongIntegers(text));
  } catch {
    return null;
  }
}

/** Wraps integer literals of >= UNSAFE_DIGITS digits (outside strings) in quotes. */
function quoteLongIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      const digits = literal.replace('-', '');
      out += /^\d+$/.test(digits) && digits.length >= UNSAFE_DIGITS && !Number.isSafeInteger(Number(literal)) ? `"${literal}"` : literal;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
