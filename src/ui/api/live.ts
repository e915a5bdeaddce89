// API CLIENT (web UI): the explorer's live stream (GET …/sse). Read with fetch rather than
// EventSource because EventSource cannot send an Authorization header, and the SSE route
// accepts credentials only as headers. Subscribers of one project share one stream (the list
// and the project switcher both listen). It reconnects after a drop (after a pause, or at once
// when a new key is given), and spans committed while it was away were never sent: so each
// reconnection is told to the subscribers as `null`, "read again what you show".
import { authHeaders, onApiKeyChange, projectBase } from './client.js';

export interface LiveSpanEvent {
  trace_id: string;
  span_id: string;
  session_id: string | null;
}

/** A committed span, or null: the stream (re)connected after a gap, spans may have been missed. */
export type LiveListener = (event: LiveSpanEvent | null) => void;

const RETRY_MS = 3000;

interface SharedStream {
  listeners: Set<LiveListener>;
  stop: () => void;
}

const streams = new Map<string, SharedStream>();

/** Calls `listener` for each committed span of the project (and null after a gap); returns the stop. */
export function subscribeToSpans(project: string, listener: LiveListener): () => void {
  let stream = streams.get(project);
  if (!stream) {
    const listeners = new Set<LiveListener>();
    stream = { listeners, stop: openStream(project, (event) => { for (const l of listeners) l(event); }) };
    streams.set(project, stream);
  }
  const joined = stream;
  joined.listeners.add(listener);
  return () => {
    joined.listeners.delete(listener);
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

function openStream(project: string, emit: LiveListener): () => void {
  const controller = new AbortController();
  let wakeUp: (() => void) | null = null;
  // A new key ends the pause before the next attempt: a refused stream retries with it at once.
  const stopKeys = onApiKeyChange(() => wakeUp?.());
  const run = async () => {
    for (let attempt = 0; !controller.signal.aborted; attempt++) {
      try {
        const res = await fetch(`${projectBase(project)}/sse`, { headers: { accept: 'text/event-stream', ...authHeaders() }, signal: controller.signal });
        if (res.ok && res.body) {
          if (attempt > 0) emit(null);
          await readEvents(res.body, emit);
        }
      } catch {
        // dropped or aborted: retry below unless stopped
      }
      if (!controller.signal.aborted) await new Promise<void>((resolve) => { wakeUp = resolve; setTimeout(resolve, RETRY_MS); });
      wakeUp = null;
    }
  };
  void run();
  return () => {
    stopKeys();
    wakeUp?.();
    controller.abort();
  };
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
