// DECODE stage (protobuf), before decoding: counts the spans or log records an OTLP request
// holds by walking only the wire's field headers. A 20 MB body of empty spans would otherwise
// become ~10M decoded objects (GBs of heap) before anything could count them.
// Input: request bytes and the field numbers leading to the items. Output: how many there are.

/** ExportTraceServiceRequest.resource_spans(1) -> ResourceSpans.scope_spans(2) -> ScopeSpans.spans(2). */
export const SPANS_FIELD_PATH = [1, 2, 2] as const;
/** ExportLogsServiceRequest.resource_logs(1) -> ResourceLogs.scope_logs(2) -> ScopeLogs.log_records(2). */
export const LOG_RECORDS_FIELD_PATH = [1, 2, 2] as const;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/** Items at `fieldPath`; a malformed wire stops the count (the decoder then reports it). */
export function countProtobufItems(buf: Uint8Array, fieldPath: readonly number[]): number {
  return countIn(buf, 0, buf.length, fieldPath, 0);
}

// One varint read's value and end, kept here rather than allocated per read.
let varintValue = 0;
let varintEnd = 0;

function countIn(buf: Uint8Array, start: number, end: number, fieldPath: readonly number[], level: number): number {
  const wanted = fieldPath[level]!;
  const last = level === fieldPath.length - 1;
  let count = 0;
  let pos = start;
  while (pos < end) {
    if (!readVarint(buf, pos, end)) return count;
    const field = Math.floor(varintValue / 8);
    const wireType = varintValue % 8;
    pos = varintEnd;
    if (wireType === WIRE_VARINT) {
      if (!readVarint(buf, pos, end)) return count;
      pos = varintEnd;
    } else if (wireType === WIRE_FIXED64) pos += 8;
    else if (wireType === WIRE_FIXED32) pos += 4;
    else if (wireType === WIRE_LEN) {
      if (!readVarint(buf, pos, end)) return count;
      const bodyStart = varintEnd;
      pos = bodyStart + varintValue;
      if (pos > end) return count;
      if (field === wanted) count += last ? 1 : countIn(buf, bodyStart, pos, fieldPath, level + 1);
    } else return count;
  }
  return count;
}

/** Reads the varint at `pos` into varintValue/varintEnd; false when it runs past `end`. */
function readVarint(buf: Uint8Array, pos: number, end: number): boolean {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && pos < end; i++) {
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) {
      varintValue = value;
      varintEnd = pos;
      return true;
    }
  }
  return false;
}
