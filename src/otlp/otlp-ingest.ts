// RECEIVE: what a transport needs from ingest, bound to its dependencies once in main.ts.
import { AppError } from '../errors.js';
import type { IngestResult } from '../ingest.js';
import type { ExportOutcomes } from './export-outcomes.js';
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from './model.js';

/** What a request presents to prove who sends it (checked only when auth is on). */
export interface OtlpCredentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

export interface OtlpIngest {
  /** The project an export goes to: with auth on, the caller's (checked, rate-limited; one it
   *  names must be its own); with auth off, the one named or 'default'. */
  resolveProject(credentials: OtlpCredentials, requested: string | undefined): string | Promise<string>;
  traces(projectId: string, request: ExportTraceRequest): Promise<IngestResult>;
  logs(projectId: string, request: ExportLogsRequest): Promise<IngestResult>;
  metrics(projectId: string, request: ExportMetricsRequest): Promise<IngestResult>;
  /** Told how each export ended (the receiver's metrics and refusal log); absent: not counted. */
  outcomes?: ExportOutcomes;
}

/** Project routing: the path's project id, else the `x-project-id` header/metadata, else 'default'. */
export function resolveProjectId(fromPath: string | undefined, fromHeader: string | string[] | undefined): string {
  return requestedProject(fromPath, fromHeader) ?? 'default';
}

/** The project a request names (path, else header/metadata), checked; undefined when none. */
export function requestedProject(fromPath: string | undefined, fromHeader: string | string[] | undefined): string | undefined {
  const header = Array.isArray(fromHeader) ? fromHeader[0] : fromHeader;
  const projectId = fromPath || header?.trim() || undefined;
  if (projectId !== undefined && !PROJECT_ID.test(projectId)) throw new AppError('BAD_REQUEST', `invalid project id ${JSON.stringify(projectId.slice(0, 80))}: use 1-128 letters, digits, '.', '_' or '-'`);
  return projectId;
}

/** The first value of a header or gRPC metadata key. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const PROJECT_ID = /^[A-Za-z0-9._-]{1,128}$/;
