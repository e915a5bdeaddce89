// QUERY/SERVE (explorer): the small pieces every explorer route definition repeats —
// the base path, JSON response entries, the error responses.
import { z } from '@hono/zod-openapi';
import { ErrorBody } from './schemas.js';

export const BASE = '/api/v1/project/{project_id}/otel';

export function jsonBody<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

const errorBody = (description: string) => jsonBody(ErrorBody, description);

export const ERROR_RESPONSES = {
  400: errorBody('Invalid parameter or filter'),
  500: errorBody('Internal error'),
} as const;

export const NOT_FOUND_RESPONSES = { ...ERROR_RESPONSES, 404: errorBody('Not found (or in another project)') } as const;
