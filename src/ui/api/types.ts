// The API's shapes, inferred from the server's zod schemas (type-only: nothing of zod or
// hono reaches the bundle), so the UI cannot drift from what the routes answer.
import type { z } from '@hono/zod-openapi';
import type {
  FilterOptionsResponse, MessageDto, MessagesResponse, PageMeta, SessionDetail, SessionSummary, SpanSummary, TraceSummary,
} from '../../api/explorer/schemas.js';
import type { ProjectSummary as ProjectSummarySchema } from '../../api/explorer/project-routes.js';
import type { InstanceInfo } from '../../api/ui/info-route.js';

export type Trace = z.infer<typeof TraceSummary>;
export type Span = z.infer<typeof SpanSummary>;
/** SpanNode's children are `unknown[]` in the schema (zod cannot name a recursive type there). */
export type SpanNode = Span & { children: SpanNode[] };
export type TraceDetail = Trace & { spans: SpanNode[] };
export type Session = z.infer<typeof SessionSummary>;
export type SessionWithTraces = z.infer<typeof SessionDetail>;
export type Message = z.infer<typeof MessageDto>;
export type Messages = z.infer<typeof MessagesResponse>;
export type FilterOptions = z.infer<typeof FilterOptionsResponse>['options'];
export type Page<T> = { data: T[]; meta: z.infer<typeof PageMeta> };
export type Info = z.infer<typeof InstanceInfo>;
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;
