// API CLIENT (web UI): the explorer's live stream (GET …/sse). Read with fetch rather than
// EventSource because EventSource cannot send an Authorization header, and the SSE route
// accepts credentials only as headers. Reconnects after a drop, with a pause.
import { authHeaders, projectBase } from './client.js';

export interface LiveSpanEvent {
  trace_id: string;
  span_id: string;
  session_id: string | null;
}

const RETRY_MS = 3000;

/** Calls `onSpan` for each committed span of the project; returns a function that stops.
 *  Subscribers of one project share one stream (the list and the project switcher both listen). */
export function subscribeToSpans(project: string, onSpan: (event: LiveSpanEvent) => void): () => void {
  let stream = streams.get(project);
  if (!stream) {
    const listeners = new Set<(event: LiveSpanEvent) => void>();
    stream = { listeners, stop: openStream(project, (event) => { for (const listener of listeners) listener(event); }) };
    streams.set(project, stream);
  }
  const joined = stream;
  joined.listeners.add(onSpan);
  return () => {
    joined.listeners.delete(onSpan);
    if (joined.listeners.size > 0) return;
    joined.stop();
    if (streams.get(project) === joined) streams.delete(project);
  };
}

/** Live spans of the project, at most one `run` per `windowMs` (the first event starts the
 *  window); returns the stop. */
export function subscribeDebounced(project: string, run: () => void, windowMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = subscribeToSpans(project, () => {
    timer ??= setTimeout(() => { timer = null; run(); }, windowMs);
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}

const streams = new Map<string, { listeners: Set<(event: LiveSpanEvent) => void>; stop: () => void }>();

function openStream(project: string, onSpan: (event: LiveSpanEvent) => void): () => void {
  const controller = new AbortController();
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(`${projectBase(project)}/sse`, { headers: { accept: 'text/event-stream', ...authHeaders() }, signal: controller.signal });
        if (res.ok && res.body) await readEvents(res.body, onSpan);
      } catch {
        // dropped or aborted: retry below unless stopped
      }
      if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  void run();
  return () => controller.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, onSpan: (event: LiveSpanEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
      if (data) onSpan(JSON.parse(data) as LiveSpanEvent);
    }
  }
}
