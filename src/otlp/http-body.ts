// RECEIVE: reads an OTLP/HTTP request body with the size limit enforced while it
// streams (clients send chunked bodies without Content-Length) and on the
// decompressed size (a small gzip bomb must not expand past the limit).
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError } from '../errors.js';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

// Bodies being read at once, across all requests: each may be up to the body limit, and many
// slow senders streaming at the same time would otherwise each hold that much.
const inFlight = { bytes: 0, budgetBytes: 512 * 1024 * 1024, retryAfterSeconds: 1 };

/** Sets the budget for bodies being read at once (main.ts, from limits.max_bodies_in_flight_mib). */
export function configureBodyBudget(budgetBytes: number, retryAfterSeconds: number): void {
  inFlight.budgetBytes = budgetBytes;
  inFlight.retryAfterSeconds = retryAfterSeconds;
}

/** Bytes of OTLP/HTTP bodies being received right now (a gauge for the receiver's metrics). */
export function bodyBytesInFlight(): number {
  return inFlight.bytes;
}

export async function readOtlpBody(body: AsyncIterable<Uint8Array> | null, contentEncoding: string | undefined, limitBytes: number): Promise<Buffer> {
  const held = { bytes: 0 };
  try {
    const raw = await collectLimited(body, limitBytes, held);
    const encoding = (contentEncoding ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return raw;
    if (encoding !== 'gzip' && encoding !== 'deflate' && encoding !== 'x-gzip') {
      throw new AppError('BAD_REQUEST', `unsupported Content-Encoding "${contentEncoding}"; use gzip, deflate or none`);
    }
    return await decompress(raw, encoding, limitBytes);
  } finally {
    inFlight.bytes -= held.bytes;
  }
}

async function collectLimited(body: AsyncIterable<Uint8Array> | null, limitBytes: number, held: { bytes: number }): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limitBytes) throw tooLarge(limitBytes);
    hold(held, chunk.byteLength);
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Counts a chunk against the budget; past it the request is refused as retryable, like a full queue. */
function hold(held: { bytes: number }, bytes: number): void {
  // A lone body always fits: the budget bounds concurrency, the body limit a single request.
  if (inFlight.bytes > held.bytes && inFlight.bytes + bytes > inFlight.budgetBytes) {
    throw new AppError('UNAVAILABLE', `too many request bodies are being received at once (${Math.round(inFlight.bytes / 1024 / 1024)} MiB, limits.max_bodies_in_flight_mib); retry after ${inFlight.retryAfterSeconds}s`, { retryAfterSeconds: inFlight.retryAfterSeconds });
  }
  inFlight.bytes += bytes;
  held.bytes += bytes;
}

async function decompress(raw: Buffer, encoding: string, limitBytes: number): Promise<Buffer> {
  if (raw.length === 0) return raw;
  const options = { maxOutputLength: limitBytes };
  try {
    if (encoding !== 'deflate') return await gunzip(raw, options);
    // "deflate" is zlib-wrapped per RFC 9110, but some clients send raw DEFLATE.
    return await inflate(raw, options).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_BUFFER_TOO_LARGE') throw err;
      return inflateRaw(raw, options);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(limitBytes);
    throw new AppError('BAD_REQUEST', `request body is not valid ${encoding} data: ${(err as Error).message}`);
  }
}

function tooLarge(limitBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `request body exceeds the ${Math.round(limitBytes / 1024 / 1024)} MiB limit (decompressed); send smaller batches`);
}
