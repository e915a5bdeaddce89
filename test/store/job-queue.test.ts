// The writer queue's deferred work (the search indexer) runs only once the queue has been
// empty for its delay, slice after slice while it reports more, and never after stop().
// Group commit: under concurrent exports a small batch waits for more, a lone one never does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobQueue } from '../../src/store/write/job-queue.js';
import type { WriteExecutor, WriteJob } from '../../src/store/write/write-executor.js';

const job: WriteJob = { kind: 'metrics', rows: [] };

function fakeExecutor(log: string[]): WriteExecutor {
  return { executeBatch: (jobs: WriteJob[]) => (log.push(`batch:${jobs.length}`), { results: jobs.map(() => ({ ok: true, value: 0 })), committed: [] }) } as unknown as WriteExecutor;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('JobQueue deferred work', () => {
  it('waits for an idle queue, then runs slices until done', () => {
    const log: string[] = [];
    let slices = 3;
    const queue = new JobQueue(fakeExecutor(log), 100, () => {}, { run: () => (log.push('idle'), --slices > 0), delayMs: 30 });
    queue.push(job, () => {});
    queue.push(job, () => {});
    vi.advanceTimersByTime(0);
    expect(log).toEqual(['batch:2']);
    vi.advanceTimersByTime(29);
    expect(log).toEqual(['batch:2']);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual(['batch:2', 'idle', 'idle', 'idle']);
    queue.stop();
  });

  it('gives way to new jobs and runs nothing after stop()', () => {
    const log: string[] = [];
    const queue = new JobQueue(fakeExecutor(log), 100, () => {}, { run: () => (log.push('idle'), true), delayMs: 40 });
    vi.advanceTimersByTime(20);
    queue.push(job, () => {}); // the queue was not idle for 40 ms: the timer starts again after this batch
    vi.advanceTimersByTime(39);
    expect(log).toEqual(['batch:1']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['batch:1', 'idle']);
    queue.stop();
    vi.advanceTimersByTime(1000);
    expect(log).toEqual(['batch:1', 'idle']);
  });
});

describe('JobQueue group commit', () => {
  const groupCommit = { lingerMs: 8, minBatchRows: 50 };
  const start = (log: string[]) => new JobQueue(fakeExecutor(log), 100, () => {}, undefined, groupCommit);
  /** Exports of these many rows each, arriving together. */
  const pushRows = (queue: JobQueue, ...sizes: number[]) => {
    for (const rows of sizes) queue.push({ kind: 'metrics', rows: new Array(rows).fill(null) }, () => {});
  };

  it('commits a lone export at once', () => {
    const log: string[] = [];
    const queue = start(log);
    for (let i = 0; i < 3; i++) {
      pushRows(queue, 10);
      vi.advanceTimersByTime(0);
    }
    expect(log).toEqual(['batch:1', 'batch:1', 'batch:1']);
  });

  it('waits up to lingerMs for more once exports arrive concurrently', () => {
    const log: string[] = [];
    const queue = start(log);
    pushRows(queue, 10, 10);
    vi.advanceTimersByTime(0);
    expect(log).toEqual(['batch:2']); // concurrent: the next small batch lingers
    pushRows(queue, 10);
    vi.advanceTimersByTime(7);
    pushRows(queue, 10);
    expect(log).toEqual(['batch:2']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['batch:2', 'batch:2']);
  });

  it('runs a lingering batch as soon as enough rows wait', () => {
    const log: string[] = [];
    const queue = start(log);
    pushRows(queue, 10, 10);
    vi.advanceTimersByTime(0);
    pushRows(queue, 20, 30);
    vi.advanceTimersByTime(0);
    expect(log).toEqual(['batch:2', 'batch:2']);
  });

  it('stops lingering when exports stop overlapping', () => {
    const log: string[] = [];
    const queue = start(log);
    pushRows(queue, 10, 10);
    vi.advanceTimersByTime(0);
    pushRows(queue, 10);
    vi.advanceTimersByTime(8); // lingered, but no second export came
    pushRows(queue, 10);
    vi.advanceTimersByTime(0);
    expect(log).toEqual(['batch:2', 'batch:1', 'batch:1']);
  });
});

describe('JobQueue deferred work under sustained load', () => {
  it('runs short slices after batches within its share of the batch time', () => {
    let clock = 0;
    const log: string[] = [];
    const executor = { executeBatch: (jobs: WriteJob[]) => ((clock += 10), log.push('batch'), { results: jobs.map(() => ({ ok: true, value: 0 })), committed: [] }) } as unknown as WriteExecutor;
    let remaining = 5;
    const work = { run: () => (log.push('idle'), false), delayMs: 20, underLoad: { run: () => ((clock += 5), log.push('slice'), --remaining > 0), share: 0.2 } };
    const queue = new JobQueue(executor, 100, () => {}, work, undefined, () => clock);
    // A job every 5 ms: the queue is never idle for 20 ms, so only load slices run.
    for (let i = 0; i < 8; i++) {
      queue.push(job, () => {});
      vi.advanceTimersByTime(5);
    }
    // 10 ms batches, 5 ms slices, 20% share: a slice after batches 1, 3, 5 and 8.
    expect(log.filter((e) => e === 'slice')).toHaveLength(4);
    expect(log.slice(0, 6)).toEqual(['batch', 'slice', 'batch', 'batch', 'slice', 'batch']);
    for (let i = 0; i < 32; i++) {
      queue.push(job, () => {});
      vi.advanceTimersByTime(5);
    }
    // Caught up after the fifth slice, but each batch brings new rows: slices go on, within the share.
    const slices = log.filter((e) => e === 'slice').length;
    expect(slices * 5).toBeLessThanOrEqual(0.2 * 40 * 10 + 5);
    expect(slices).toBeGreaterThan(5);
    expect(log).not.toContain('idle');
    vi.advanceTimersByTime(20); // a pause: the idle slice runs
    expect(log.at(-1)).toBe('idle');
    queue.stop();
  });
});

describe('JobQueue and a locked database', () => {
  /** An executor that finds the database locked for the first `lockedCalls` batches. */
  function lockedExecutor(log: string[], lockedCalls: number): WriteExecutor {
    let calls = 0;
    return { executeBatch: (jobs: WriteJob[]) => {
      log.push(`batch:${jobs.length}`);
      return ++calls <= lockedCalls ? { results: [], committed: [], busy: true } : { results: jobs.map(() => ({ ok: true, value: 0 })), committed: [] };
    } } as unknown as WriteExecutor;
  }

  it('runs a locked batch again, with what arrived meanwhile, and answers each job once', () => {
    const log: string[] = [];
    const answers: unknown[] = [];
    const queue = new JobQueue(lockedExecutor(log, 2), 100, () => {});
    queue.push(job, (r) => answers.push(r));
    vi.advanceTimersByTime(0);
    queue.push(job, (r) => answers.push(r));
    expect(answers).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual(['batch:1', 'batch:2', 'batch:2']);
    expect(answers).toEqual([{ ok: true, value: 0 }, { ok: true, value: 0 }]);
  });

  it('gives up after 30 s with a busy failure per job', () => {
    let clock = 0;
    const answers: { ok: boolean; busy?: boolean }[] = [];
    const queue = new JobQueue(lockedExecutor([], Infinity), 100, () => {}, undefined, undefined, () => clock);
    queue.push(job, (r) => answers.push(r));
    for (let step = 0; step < 2000 && answers.length === 0; step++) {
      vi.advanceTimersByTime(25);
      clock += 25;
    }
    expect(clock).toBeGreaterThanOrEqual(30_000);
    expect(answers).toEqual([expect.objectContaining({ ok: false, busy: true })]);
  });
});
