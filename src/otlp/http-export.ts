// RECEIVE: OTLP/HTTP Export, independent of the HTTP server it runs in (the OTLP port's
// node:http server and the API port's hono routes both call it). Content type parsed as
// a media type; body read with limits; decoded by the matching codec; ingested; answered
// in the request's own encoding (Export*ServiceResponse or google.rpc.Status).
import { AppError, toAppError } from '../errors.js';
import type { IngestResult } from '../ingest.js';
import type { Logger } from '../logger.js';
import { readOtlpBody } from './http-body.js';
import { decodeLogsRequestJson, decodeMetricsRequestJson, decodeTraceRequestJson } from './decode-json.js';
import { decodeLogsRequestProtobuf, decodeMetricsRequestProtobuf, decodeTraceRequestProtobuf } from './decode-protobuf.js';
import { encodeExportResponse, encodeStatus } from './encode-response.js';
import { countItems, type ItemTally } from './export-outcomes.js';
import type { Signal } from './model.js';
import type { OtlpIngest } from './otlp-ingest.js';

export interface OtlpHttpRequest {
  method: string;
  signal: Signal;
  /** Called inside the error handling, so a bad project id or credentials are answered like any other error. */
  resolveProject: () => string | Promise<string>;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: AsyncIterable<Uint8Array> | null;
}

export interface OtlpHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

type Encoding = 'protobuf' | 'json';

const CONTENT_TYPES: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

export async function handleOtlpHttpExport(req: OtlpHttpRequest, ingest: OtlpIngest, limitBytes: number, log: Logger): Promise<OtlpHttpResponse> {
  const encoding = parseEncoding(req.contentType);
  const transport = encoding ? (`http/${encoding}` as const) : 'http';
  const tally: ItemTally | null = ingest.outcomes ? { items: 0 } : null;
  try {
    if (req.method !== 'POST') {
      const response = renderError(new AppError('METHOD_NOT_ALLOWED', `${req.method} is not supported; OTLP/HTTP export uses POST`), encoding ?? 'json');
      response.headers.allow = 'POST';
      return response;
    }
    if (!encoding) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Type "${req.contentType ?? ''}"; use application/x-protobuf or application/json`);
    const projectId = await req.resolveProject();
    // The body is a parameter of the callback only: a local of this async function would stay
    // alive across the await below until the commit (see ingest.ts).
    const result = await readOtlpBody(req.body, req.contentEncoding, limitBytes).then((body) => exportSignal(req.signal, projectId, body, encoding, ingest, tally));
    ingest.outcomes?.accepted(req.signal, transport, result.accepted, result.rejected);
    return { status: 200, headers: { 'content-type': CONTENT_TYPES[encoding] }, body: encodeExportResponse(req.signal, result.rejected, result.errorMessage, encoding) };
  } catch (err) {
    const error = toAppError(err);
    if (error.code === 'INTERNAL') log.error('OTLP/HTTP export failed', { signal: req.signal, error: err });
    ingest.outcomes?.refused(req.signal, transport, error, tally?.items ?? 0);
    return renderError(error, encoding ?? 'json');
  }
}

async function exportSignal(signal: Signal, projectId: string, body: Buffer, encoding: Encoding, ingest: OtlpIngest, tally: ItemTally | null): Promise<IngestResult> {
  if (encoding === 'json') {
    const text = body.toString('utf8');
    if (signal === 'traces') return ingest.traces(projectId, countItems(decodeTraceRequestJson(text), tally));
    if (signal === 'logs') return ingest.logs(projectId, countItems(decodeLogsRequestJson(text), tally));
    return ingest.metrics(projectId, countItems(decodeMetricsRequestJson(text), tally));
  }
  if (signal === 'traces') return ingest.traces(projectId, countItems(decodeTraceRequestProtobuf(body), tally));
  if (signal === 'logs') return ingest.logs(projectId, countItems(decodeLogsRequestProtobuf(body), tally));
  return ingest.metrics(projectId, countItems(decodeMetricsRequestProtobuf(body), tally));
}

/** Media type only: parameters (`; charset=utf-8`) are allowed and ignored. */
function parseEncoding(contentType: string | undefined): Encoding | null {
  const mediaType = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  return null;
}

function renderError(error: AppError, encoding: Encoding): OtlpHttpResponse {
  const status = error.httpStatus;
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPES[encoding] };
  if ((status === 503 || status === 429) && error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  return { status, headers, body: encodeStatus(error.grpcCode, error.message, encoding, error.retryAfterSeconds) };
}
