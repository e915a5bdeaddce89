// RECEIVE: what a transport needs from ingest, bound to its dependencies once in main.ts.
import { AppError } from '../errors.js';
import type { IngestResult } from '../ingest.js';
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from './model.js';

export interface OtlpIngest {
  traces(projectId: string, request: ExportTraceRequest): Promise<IngestResult>;
  logs(projectId: string, request: ExportLogsRequest): Promise<IngestResult>;
  metrics(projectId: string, request: ExportMetricsRequest): Promise<IngestResult>;
}

/** Project routing: the path's project id, else the `x-project-id` header/metadata, else 'default'. */
export function resolveProjectId(fromPath: string | undefined, fromHeader: string | string[] | undefined): string {
  const header = Array.isArray(fromHeader) ? fromHeader[0] : fromHeader;
  const projectId = fromPath || header?.trim() || 'default';
  if (!PROJECT_ID.test(projectId)) throw new AppError('BAD_REQUEST', `invalid project id ${JSON.stringify(projectId.slice(0, 80))}: use 1-128 letters, digits, '.', '_' or '-'`);
  return projectId;
}

const PROJECT_ID = /^[A-Za-z0-9._-]{1,128}$/;
