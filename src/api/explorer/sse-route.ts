// QUERY/SERVE (explorer): GET /sse — Server-Sent Events, one `span` event per span
// committed in the project (optionally only one trace / session / span), keepalive
// comments in between. Connections are bounded by the LiveHub: when full the request is
// refused with a retryable 503 before any stream starts; a closed client unsubscribes.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { AppError } from '../../errors.js';
import type { LiveEvent } from '../../live-hub.js';
import type { ApiDeps } from '../deps.js';
import { BASE, ERROR_RESPONSES } from './route-kit.js';
import { ProjectParams, SseQuery } from './schemas.js';

/** Events a slow client may have in flight before newer ones are dropped for it. */
const MAX_PENDING_WRITES = 1000;

const sseRoute = createRoute({
  method: 'get', path: `${BASE}/sse`, tags: ['live'], summary: 'Live span events (Server-Sent Events)',
  request: { params: ProjectParams, query: SseQuery },
  responses: {
    200: { description: 'text/event-stream of `span` events: {"type":"span","project_id","trace_id","span_id","session_id"}', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    503: { description: 'Too many live connections (retry later)' },
    ...ERROR_RESPONSES,
  },
});

export function registerSseRoute(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(sseRoute, (c) => {
    const { project_id } = c.req.valid('param');
    const query = c.req.valid('query');
    const outbox: LiveEvent[] = [];
    let deliver: ((event: LiveEvent) => void) | null = null;
    const unsubscribe = deps.live.subscribe(project_id, (event) => {
      if (!matchesQuery(event, query)) return;
      if (deliver) deliver(event);
      else outbox.push(event);
    });
    if (!unsubscribe) {
      throw new AppError('UNAVAILABLE', 'too many live connections', { retryAfterSeconds: deps.config.limits.retry_after_seconds });
    }
    return streamSSE(c, async (stream) => {
      let pending = 0;
      const write = (send: () => Promise<unknown>) => {
        if (pending >= MAX_PENDING_WRITES || stream.aborted || stream.closed) return;
        pending++;
        send().catch(() => stream.abort()).finally(() => pending--);
      };
      const keepalive = setInterval(() => write(() => stream.write(': keepalive\n\n')), deps.config.api.sse_keepalive_seconds * 1000);
      try {
        deliver = (event) => write(() => stream.writeSSE({ event: 'span', data: JSON.stringify(toEventData(event)) }));
        write(() => stream.write(': connected\n\n'));
        for (const event of outbox.splice(0)) deliver(event);
        await waitForClose(stream, c.req.raw.signal);
      } finally {
        clearInterval(keepalive);
        unsubscribe();
      }
    });
  });
}

function matchesQuery(event: LiveEvent, query: { trace_id?: string; session_id?: string; span_id?: string }): boolean {
  if (query.trace_id !== undefined && event.traceId !== query.trace_id) return false;
  if (query.session_id !== undefined && event.sessionId !== query.session_id) return false;
  if (query.span_id !== undefined && event.spanId !== query.span_id) return false;
  return true;
}

function toEventData(event: LiveEvent) {
  return { type: event.type, project_id: event.projectId, trace_id: event.traceId, span_id: event.spanId, session_id: event.sessionId };
}

/** Resolves when the client goes away (stream aborted or request signal aborted). */
function waitForClose(stream: SSEStreamingApi, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stream.aborted || signal.aborted) return resolve();
    stream.onAbort(() => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
