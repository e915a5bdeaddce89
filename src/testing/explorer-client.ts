// TESTING (tracelite/testing): a small HTTP client for the explorer REST API. Input: the
// API base URL and a project; output: parsed JSON, every page of a list, or an Error that
// carries the API's own message. Tests read over HTTP so they see exactly what users see.
import type { ExplorerFilter } from './types.js';

/** Largest page the explorer serves (ListTracesQuery / ListSpansQuery `limit` max). */
const PAGE_LIMIT = 500;

interface Page<T> {
  data: T[];
  meta: { page: number; total_pages: number };
}

export type QueryParams = Record<string, string | undefined>;

export class ExplorerClient {
  constructor(
    private readonly apiUrl: string,
    private readonly projectId: string,
  ) {}

  /** GETs `/api/v1/project/{project}/otel/{path}` and parses the JSON answer. */
  async getJson<T>(path: string, params: QueryParams = {}): Promise<T> {
    const url = new URL(`${this.apiUrl}/api/v1/project/${encodeURIComponent(this.projectId)}/otel/${path}`);
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
    const response = await fetch(url);
    const text = await response.text();
    if (!response.ok) throw new Error(`tracelite API ${response.status} for GET ${url.pathname}${url.search}: ${readErrorMessage(text)}`);
    return JSON.parse(text) as T;
  }

  /** Every row of a paged list, oldest first. */
  async listAll<T>(path: string, params: QueryParams): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 1; ; page++) {
      const result = await this.getJson<Page<T>>(path, { order_by: 'start_time:asc', ...params, page: String(page), limit: String(PAGE_LIMIT) });
      rows.push(...result.data);
      if (page >= result.meta.total_pages || result.data.length === 0) return rows;
    }
  }
}

export function encodeFilters(filters: ExplorerFilter[] | undefined): string | undefined {
  return filters && filters.length > 0 ? JSON.stringify(filters) : undefined;
}

function readErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON (a proxy's page, say): show the start of the text instead.
  }
  return body.slice(0, 200);
}
