// CONFIG: the one place defaults live. The `receivers.otlp` section mirrors the
// OpenTelemetry Collector's otlpreceiver so operators feel at home; our own sections
// (auth, storage, api, cache, limits, pricing, log) sit beside it. Strict: an unknown key is
// an error with its path.
import { z } from 'zod';
import { parseDurationMs } from './durations.js';

const endpoint = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:4317');

const cors = z
  .strictObject({
    allowed_origins: z.array(z.string()).default([]),
    allowed_headers: z.array(z.string()).default([]),
    max_age: z.number().int().nonnegative().default(0),
  })
  .prefault({});

const grpcProtocol = z
  .strictObject({
    endpoint: endpoint.default('127.0.0.1:4317'),
    /** Collector semantics: decompressed message size limit. OTLP spec recommends >= 64 MiB... we default to it. */
    max_recv_msg_size_mib: z.number().positive().default(64),
    max_concurrent_streams: z.number().int().nonnegative().default(0),
    /** HTTP/2 flow-control window; grpc-js's 64 KiB default throttles large OTLP messages. */
    initial_window_size_kib: z.number().int().positive().default(4096),
  })
  .prefault({});

const httpProtocol = z
  .strictObject({
    endpoint: endpoint.default('127.0.0.1:4318'),
    max_request_body_size_mib: z.number().positive().default(64),
    traces_url_path: z.string().startsWith('/').default('/v1/traces'),
    logs_url_path: z.string().startsWith('/').default('/v1/logs'),
    metrics_url_path: z.string().startsWith('/').default('/v1/metrics'),
    cors,
  })
  .prefault({});

const modelPrice = z.strictObject({
  /** USD per 1M tokens. */
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cache_read: z.number().nonnegative().optional(),
  cache_write: z.number().nonnegative().optional(),
  reasoning: z.number().nonnegative().optional(),
});

const ratePerMinute = z.number().int().positive();

const auth = z
  .strictObject({
    /** 'none' is only accepted while every listener is on loopback (src/auth/secure-default.ts). */
    mode: z.enum(['none', 'keys']).default('none'),
    /** Explicit opt-out of that refusal; logs a warning at every start. */
    insecure_no_auth: z.boolean().default(false),
    jwt: z
      .strictObject({
        /** HS256 shared secret. */
        secret: z.string().min(1).nullable().default(null),
        /** PEM public key (RS256/ES256), read once at start. */
        public_key_file: z.string().min(1).nullable().default(null),
        /** Local JWKS JSON file (RS256/ES256); never fetched over the network. */
        jwks_file: z.string().min(1).nullable().default(null),
        issuer: z.string().min(1).nullable().default(null),
        audience: z.string().min(1).nullable().default(null),
      })
      .prefault({}),
    /** Requests per minute per role; defaults are analytics-api.openapi.yaml's numbers. */
    rate_limits: z
      .strictObject({
        admin: ratePerMinute.default(100_000),
        developer: ratePerMinute.default(10_000),
        viewer: ratePerMinute.default(1000),
        billing: ratePerMinute.default(1000),
      })
      .prefault({}),
    /** How long a looked-up key is trusted before the store is asked again (bounds revocation delay). */
    key_cache_seconds: z.number().nonnegative().default(2),
  })
  .prefault({});

/** '30d', '12h', '15m', '45s' -> ms. */
const duration = z.string().regex(/^\d+(s|m|h|d|w)$/, "expected a duration like '30m', '12h', '7d' or '2w'");
/** '10GB', '512MB', '1.5GB' (1024-based) -> bytes. */
const size = z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB)$/i, "expected a size like '512MB' or '10GB'");

/** A validated `duration` value in ms. */
export function durationToMs(text: string): number {
  return parseDurationMs(text)!;
}

export function sizeToBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB)$/i.exec(text)!;
  const power = { KB: 1, MB: 2, GB: 3, TB: 4 }[match[2]!.toUpperCase() as 'KB' | 'MB' | 'GB' | 'TB'];
  return Math.floor(Number(match[1]) * 1024 ** power);
}

export const configSchema = z.strictObject({
  receivers: z
    .strictObject({
      otlp: z
        .strictObject({
          protocols: z
            .strictObject({
              grpc: grpcProtocol.nullable(),
              http: httpProtocol.nullable(),
            })
            .prefault({ grpc: {}, http: {} }),
        })
        .prefault({}),
    })
    .prefault({}),
  api: z
    .strictObject({
      endpoint: endpoint.default('127.0.0.1:5388'),
      cors,
      /** Upper bound on concurrent SSE connections. */
      max_sse_connections: z.number().int().positive().default(100),
      sse_keepalive_seconds: z.number().positive().default(15),
      /** The built web UI (vite output); null: dist/ui in the package. Tests point it at a temp build. */
      ui_dir: z.string().min(1).nullable().default(null),
    })
    .prefault({}),
  auth,
  storage: z
    .strictObject({
      /** SQLite file; ':memory:' is not allowed (readers need a file to share with the writer). */
      path: z.string().min(1).default('./.data/tracelite.db'),
      /** Spans (or log records / points) one write transaction may take. */
      max_batch_spans: z.number().int().positive().default(5000),
      /** Group commit: while exports arrive concurrently, a transaction waits up to this long
       *  for more of them (0 = commit each as soon as the writer is free). */
      group_commit_ms: z.number().int().min(0).max(1000).default(1),
      /** Queued spans (not yet committed) before exports are refused with a retryable status. */
      max_queue_spans: z.number().int().positive().default(100_000),
      /** Where the SQLite writer runs: a worker thread (default; frees the main thread for decode) or inline. */
      writer: z.enum(['worker', 'inline']).default('worker'),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /** Traces that arrived longer ago than this are deleted whole ('7d', '12h', '30m'); null keeps them. */
      max_age: duration.nullable().default(null),
      /** Above this many spans (per project), the oldest traces are deleted whole; null: no bound. */
      max_spans: z.number().int().positive().nullable().default(null),
      /** Above this much data in the file ('10GB', '512MB'), the oldest traces are deleted whole. */
      max_db_size: size.nullable().default('10GB'),
      /** How often the housekeeping runs. */
      interval_seconds: z.number().int().positive().default(60),
    })
    .prefault({}),
  cache: z
    .strictObject({
      redis: z
        .strictObject({
          /** null = no Redis: analytics query results are cached in process memory instead. */
          url: z.string().regex(/^rediss?:\/\/\S+$/, 'expected redis://[user:password@]host:port[/db]').nullable().default(null),
        })
        .prefault({}),
      memory: z
        .strictObject({
          max_entries: z.number().int().positive().default(1000),
        })
        .prefault({}),
    })
    .prefault({}),
  limits: z
    .strictObject({
      retry_after_seconds: z.number().int().positive().default(1),
      // Hostile input (docs/operations.md "Hostile input and memory"): what one export may make
      // tracelite hold. Values past a limit are cut and the item marked `tracelite.truncated`.
      /** A string or bytes value, anywhere (attributes, log bodies, nested): cut past this. */
      max_attribute_value_bytes: z.number().int().min(1024).default(1024 * 1024),
      /** Entries of one array value. */
      max_array_items: z.number().int().positive().default(10_000),
      /** Key-values of one attribute list (span, event, link, log record, resource, scope) or kvlist value. */
      max_attributes: z.number().int().positive().default(1024),
      max_span_events: z.number().int().positive().default(1024),
      max_span_links: z.number().int().positive().default(1024),
      /** Spans or log records in one export; more -> 413 / RESOURCE_EXHAUSTED before decoding. */
      max_items_per_request: z.number().int().positive().default(100_000),
      /** OTLP/HTTP bodies being received at once, all requests together; past it -> retryable 503. */
      max_bodies_in_flight_mib: z.number().positive().default(512),
    })
    .prefault({}),
  pricing: z
    .strictObject({
      /** Model id -> price; wins over the @pydantic/genai-prices catalogue (src/genai/pricing/). */
      models: z.record(z.string(), modelPrice).default({}),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    })
    .prefault({}),
});

export type AppConfig = z.infer<typeof configSchema>;
export type ModelPriceConfig = z.infer<typeof modelPrice>;
