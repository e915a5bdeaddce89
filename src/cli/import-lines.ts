// CLI (import): the lines of an input file. Input: a path, or `-` for stdin; gzip recognized by
// its magic bytes (1f 8b), not by the file name. Output: each line's bytes with its 1-based
// number, or null bytes for a line too long to hold (it is skipped, not fatal).
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface InputLine {
  number: number;
  /** null: the line was longer than MAX_LINE_BYTES. */
  bytes: Buffer | null;
}

/** V8 strings end at ~512 MiB; a line is decoded as one. */
const MAX_LINE_BYTES = 256 * 1024 * 1024;
const NEWLINE = 0x0a;

export async function* readInputLines(file: string): AsyncGenerator<InputLine> {
  const raw = file === '-' ? process.stdin : fs.createReadStream(file);
  try {
    yield* splitLines(await decompressIfGzip(raw));
  } finally {
    if (raw !== process.stdin) raw.destroy();
  }
}

async function decompressIfGzip(raw: Readable): Promise<AsyncIterable<Buffer>> {
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await chunks.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) return all();
  const source = Readable.from(all());
  const gunzip = createGunzip();
  // pipe() does not pass a read error on: without this a failing read would hang the gunzip.
  source.once('error', (err) => gunzip.destroy(err));
  return source.pipe(gunzip);
}

async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const take = (): InputLine => {
    const bytes = tooLong ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    size = 0;
    tooLong = false;
    return { number: ++number, bytes: bytes && stripCarriageReturn(bytes) };
  };
  const keep = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    size += piece.length;
    if (size > MAX_LINE_BYTES) {
      tooLong = true;
      parts = [];
    } else parts.push(piece);
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      keep(chunk.subarray(start, end));
      yield take();
      start = end + 1;
    }
    keep(chunk.subarray(start));
  }
  if (size > 0 || tooLong) yield take();
}

function stripCarriageReturn(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
}
