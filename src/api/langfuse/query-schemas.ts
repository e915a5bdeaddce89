// QUERY/SERVE (Langfuse family): zod pieces several Langfuse routes share — paging,
// repeated parameters, response envelopes and the error body. The OpenAPI document is
// generated from these.
import { z } from '@hono/zod-openapi';

/** Page-based paging: page from 1, limit default 50, at most `max` (above -> 400). */
export function pageParams(max = 100) {
  return {
    page: z.coerce.number().int().min(1).default(1).openapi({ description: 'Page number, starts at 1' }),
    limit: z.coerce.number().int().min(1).max(max).default(50).openapi({ description: `Items per page (default 50, max ${max})` }),
  };
}

/** A parameter that may be given once or repeated (`?environment=a&environment=b`). */
export const repeatedString = z.union([z.string(), z.array(z.string())]).optional();

export function toList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 ? list : undefined;
}

/** Comma-separated list parameter (`scoreIds=a,b`). */
export function splitCsv(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  return list.length > 0 ? list : undefined;
}

export const isoDateTime = z.string().openapi({ description: 'ISO 8601 datetime', example: '2026-04-03T10:00:00.000Z' });

export const metaSchema = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  totalItems: z.number().int(),
  totalPages: z.number().int(),
}).openapi('MetaResponse');

export function pageMeta(page: number, limit: number, totalItems: number) {
  return { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) };
}

export const errorSchema = z.object({ message: z.string(), error: z.unknown() }).openapi('LangfuseError');

export const errorResponses = {
  400: { description: 'Invalid request (names the parameter or filter column)', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'Malformed credentials', content: { 'application/json': { schema: errorSchema } } },
} as const;

export const notFoundResponse = {
  404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
} as const;

/** A JSON object the schema does not enumerate (items with many or dynamic fields). */
export function openObject(name: string, description: string) {
  return z.record(z.string(), z.unknown()).openapi(name, { description });
}

export const filterParam = z.string().optional().openapi({
  description: 'JSON array of filter conditions {type, column, operator, value, key}; takes precedence over simple parameters for the same column',
});
