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

/** Calls `onSpan` for each committed span of the project; returns a function that stops. */
export function subscribeToSpans(project: string, onSpan: (event: LiveSpanEvent) => void): () => void {
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
