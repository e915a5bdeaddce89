// STORE (read): parses the JSON text the writer stored (store/write/json-value.ts) keeping what
// JSON.parse loses: an integer literal (an OTLP intValue, up to int64) becomes a bigint, a literal
// with '.' or an exponent (a doubleValue) a number. Objects have no prototype, so a "__proto__"
// key is an ordinary key. Input: stored text. Output: the value tree, or a SyntaxError.

export type ExactJson = null | boolean | string | bigint | number | ExactJson[] | ExactJsonObject;
export interface ExactJsonObject {
  [key: string]: ExactJson;
}

export function parseExactJson(text: string): ExactJson {
  const parser = new ExactJsonParser(text);
  const value = parser.readValue();
  parser.expectEnd();
  return value;
}

// JSON's number grammar; group 1 (fraction) and 2 (exponent) tell a double from an integer.
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class ExactJsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  readValue(): ExactJson {
    this.skipSpace();
    switch (this.text.charCodeAt(this.pos)) {
      case 0x22: return this.readString();
      case 0x7b: return this.readObject();
      case 0x5b: return this.readArray();
      case 0x74: return this.readLiteral('true', true);
      case 0x66: return this.readLiteral('false', false);
      case 0x6e: return this.readLiteral('null', null);
      default: return this.readNumber();
    }
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('end of text');
  }

  private readString(): string {
    let end = this.text.indexOf('"', this.pos + 1);
    // A quote preceded by an odd number of backslashes is escaped: look further.
    while (end > 0 && isEscaped(this.text, end)) end = this.text.indexOf('"', end + 1);
    if (end < 0) this.fail('a closing quote');
    const literal = this.text.slice(this.pos, end + 1);
    this.pos = end + 1;
    return literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
  }

  private readObject(): ExactJsonObject {
    const out = Object.create(null) as ExactJsonObject;
    this.pos++;
    if (this.peekAfterSpace() === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.peekAfterSpace() !== 0x22) this.fail('a key');
      const key = this.readString();
      if (this.peekAfterSpace() !== 0x3a) this.fail("':'");
      this.pos++;
      out[key] = this.readValue();
      if (this.readSeparator(0x7d)) return out;
    }
  }

  private readArray(): ExactJson[] {
    const out: ExactJson[] = [];
    this.pos++;
    if (this.peekAfterSpace() === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.readValue());
      if (this.readSeparator(0x5d)) return out;
    }
  }

  /** After a member: true at the closing bracket, false after a comma. */
  private readSeparator(close: number): boolean {
    const c = this.peekAfterSpace();
    this.pos++;
    if (c === close) return true;
    if (c !== 0x2c) this.fail(`',' or '${String.fromCharCode(close)}'`, this.pos - 1);
    return false;
  }

  private readNumber(): bigint | number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('a value');
    this.pos += match[0].length;
    return match[1] === undefined && match[2] === undefined ? BigInt(match[0]) : Number(match[0]);
  }

  private readLiteral<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('a value');
    this.pos += word.length;
    return value;
  }

  private peekAfterSpace(): number {
    this.skipSpace();
    return this.text.charCodeAt(this.pos);
  }

  private skipSpace(): void {
    let c = this.text.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = this.text.charCodeAt(++this.pos);
  }

  private fail(expected: string, at = this.pos): never {
    throw new SyntaxError(`stored JSON: expected ${expected} at offset ${at}`);
  }
}

function isEscaped(text: string, quoteAt: number): boolean {
  let backslashes = 0;
  for (let i = quoteAt - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}
