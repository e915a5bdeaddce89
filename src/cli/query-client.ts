// CLI (queries): one client for the explorer REST API, two transports. `--url` sends the
// requests over HTTP (fetch); `--db` builds the same API app in process on a read-only
// connection and hands it the same requests (app.request). Input: a path and query; output: the JSON.
import fs from 'node:fs';
import type { Hono } from 'hono';
import type { AppConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';

export type QueryParams = Record<string, string | string[] | undefined>;

export interface QueryClient {
  /** GET a path under /api/v1/project/{project}/otel; the parsed JSON, or throws ApiError / UnreachableError. */
  get<T>(path: string, query?: QueryParams): Promise<T>;
  close(): Promise<void>;
}

/** The API answered with an error: its status and the explorer's `{code, message}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Nothing answered: the server is not (yet) up, or the database file does not exist (yet).
 *  `wait` retries these until its timeout; other commands report them. */
export class UnreachableError extends Error {}

type Transport = (request: Request) => Promise<Response>;

function createClient(project: string, transport: Transport, close: () => Promise<void>, base = 'http://localhost'): QueryClient {
  const prefix = `/api/v1/project/${encodeURIComponent(project)}/otel`;
  return {
    close,
    async get<T>(path: string, query: QueryParams = {}): Promise<T> {
      const url = new URL(`${base.replace(/\/+$/, '')}${prefix}${path}`);
      for (const [key, value] of Object.entries(query)) {
        for (const item of value === undefined ? [] : Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
      }
      return readJson<T>(await transport(new Request(url, { headers: { accept: 'application/json' } })));
    },
  };
}

async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as T;
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not the explorer's shape (a proxy's page, another server on the port): say what came back.
  }
  const message = typeof body.message === 'string' ? body.message : `HTTP ${response.status} ${response.statusText || text.slice(0, 120)}`.trim();
  throw new ApiError(response.status, typeof body.code === 'string' ? body.code : `HTTP_${response.status}`, message);
}

export function createHttpClient(options: { url: string; project: string; apiKey?: string }): QueryClient {
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const transport: Transport = async (request) => {
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    try {
      return await fetch(request);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new UnreachableError(`cannot reach tracelite at ${options.url} (${cause?.code ?? cause?.message ?? (err as Error).message}): is it running? Start it with \`tracelite serve\`, or read a database file with --db FILE`);
    }
  };
  return createClient(options.project, transport, async () => {}, options.url);
}

/** The API app over a read-only connection: safe while a server writes the same file (WAL).
 *  Opened on the first request, so that `wait --db` can start before the server made the file. */
export function createDbClient(options: { file: string; project: string; config: AppConfig }): QueryClient {
  let opened: ReturnType<typeof openApiApp> | undefined;
  const transport: Transport = async (request) => {
    if (!fs.existsSync(options.file)) throw new UnreachableError(`no database at ${options.file} (pass the server's --db file, or --url for a running server)`);
    opened ??= openApiApp(options.file, options.config);
    const { app, lastError } = await opened;
    const response = await app.request(request);
    const cause = lastError.take();
    // In process the cause of a 500 is the user's own file: say it instead of "internal error".
    if (response.status === 500 && cause) throw new ApiError(500, 'INTERNAL', `internal error: ${cause}`);
    return response;
  };
  const close = async () => {
    // A file that failed to open was reported by the request that tried.
    const app = await opened?.catch(() => undefined);
    await app?.close();
  };
  return createClient(options.project, transport, close);
}

// Loaded on demand: the API app pulls in every family (~1 s of imports) that --url never needs.
async function openApiApp(file: string, config: AppConfig): Promise<{ app: Hono; lastError: ErrorCapture; close: () => Promise<void> }> {
  const [{ createApiApp }, { openReadOnly }, { registerQueryFunctions }, { deriveSpanText }, { LiveHub }, { AppError }] = await Promise.all([
    import('../api/server.js'), import('../store/schema/open-db.js'), import('../store/read/query-functions.js'),
    import('../span-text.js'), import('../live-hub.js'), import('../errors.js'),
  ]);
  let readDb;
  try {
    readDb = openReadOnly(file);
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  registerQueryFunctions(readDb, deriveSpanText);
  const readOnly = () => Promise.reject(new AppError('UNAVAILABLE', `read-only: the command line opened ${file} read-only`));
  const writer = {
    writeSpans: readOnly, writeLogs: readOnly, writeMetricPoints: readOnly, deleteTraces: readOnly, deleteSessions: readOnly,
    replaceTraceSpans: readOnly, deleteScores: readOnly, upsertScores: readOnly, onCommit: () => () => {}, close: async () => {},
  };
  const live = new LiveHub(config.api.max_sse_connections);
  live.attach(writer);
  const closers: (() => Promise<void>)[] = [];
  const lastError = createErrorCapture();
  // No access control: whoever can read the file can read every project in it.
  const app = createApiApp({ readDb, writer, live, config, log: lastError.log, onClose: (close) => closers.push(close) }, {
    resolveProject: () => { throw new AppError('UNAVAILABLE', 'read-only: the command line does not ingest'); },
    traces: readOnly, logs: readOnly, metrics: readOnly,
  });
  return {
    app,
    lastError,
    close: async () => {
      for (const close of closers) await close().catch(() => {});
      readDb.close();
    },
  };
}

interface ErrorCapture {
  log: Logger;
  /** The message of the error logged since the last call, if any. */
  take(): string | undefined;
}

/** The API answers an unexpected failure with a generic 500 and logs the cause: keep the cause. */
function createErrorCapture(): ErrorCapture {
  let last: string | undefined;
  const ignore = () => {};
  return {
    log: {
      debug: ignore, info: ignore, warn: ignore,
      error: (msg, fields) => {
        const error = fields?.error;
        last = error instanceof Error ? error.message : error === undefined ? msg : String(error);
      },
    },
    take: () => {
      const value = last;
      last = undefined;
      return value;
    },
  };
}
