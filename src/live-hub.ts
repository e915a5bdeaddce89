// Live fan-out of committed writes to subscribers (the explorer's SSE endpoint).
// Fed by StoreWriter.onCommit; a slow subscriber never slows ingestion: delivery is
// synchronous and cheap, buffering is the subscriber's concern.
import type { CommittedSpan, StoreWriter } from './store/write/store-writer.js';

export interface LiveEvent {
  type: 'span';
  projectId: string;
  traceId: string;
  spanId: string;
  sessionId: string | null;
}

type Listener = (event: LiveEvent) => void;

export class LiveHub {
  private readonly listenersByProject = new Map<string, Set<Listener>>();
  private count = 0;
  private writer: StoreWriter | null = null;
  private stopFeed: (() => void) | null = null;

  constructor(readonly maxSubscribers: number) {}

  /** Connects the hub to a writer. It listens to commits only while someone subscribes: the
   *  writer thread then sends no per-span commit list at all. */
  attach(writer: StoreWriter): void {
    this.writer = writer;
    this.updateFeed();
  }

  private updateFeed(): void {
    if (this.count > 0 && !this.stopFeed && this.writer) this.stopFeed = this.writer.onCommit((spans) => this.publish(spans));
    else if (this.count === 0 && this.stopFeed) {
      this.stopFeed();
      this.stopFeed = null;
    }
  }

  get subscriberCount(): number {
    return this.count;
  }

  /** Returns an unsubscribe function, or null when the subscriber limit is reached. */
  subscribe(projectId: string, listener: Listener): (() => void) | null {
    if (this.count >= this.maxSubscribers) return null;
    let set = this.listenersByProject.get(projectId);
    if (!set) this.listenersByProject.set(projectId, (set = new Set()));
    set.add(listener);
    this.count++;
    this.updateFeed();
    return () => {
      if (set!.delete(listener)) this.count--;
      if (set!.size === 0) this.listenersByProject.delete(projectId);
      this.updateFeed();
    };
  }

  private publish(spans: CommittedSpan[]): void {
    if (this.count === 0) return;
    for (const span of spans) {
      if (!span.inserted) continue;
      const set = this.listenersByProject.get(span.projectId);
      if (!set) continue;
      const event: LiveEvent = { type: 'span', projectId: span.projectId, traceId: span.traceId, spanId: span.spanId, sessionId: span.sessionId };
      for (const listener of set) listener(event);
    }
  }
}
