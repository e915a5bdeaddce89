// STORE: write faults of the environment (a full disk, a read-only or vanished directory,
// permission denied) as episodes. Writes refused by one are retryable for the client;
// the episode is logged when it starts and when it ends (with what it refused), never
// per request, and health and metrics read its state here.
import type { Logger } from '../logger.js';

export type WriteFaultKind = 'disk_full' | 'read_only' | 'permission_denied' | 'missing_directory' | 'io_error';

export const WRITE_FAULT_KINDS: readonly WriteFaultKind[] = ['disk_full', 'read_only', 'permission_denied', 'missing_directory', 'io_error'];

/** A failed write classified as a fault of the environment (crosses from the writer thread). */
export interface WriteFault {
  kind: WriteFaultKind;
  /** What the operator should know and do, naming the path. */
  message: string;
  /** The directory or file the fault is about. */
  path: string;
}

export interface WriteFaultState {
  kind: WriteFaultKind;
  /** When the episode started (epoch ms). */
  since: number;
  message: string;
  refusedExports: number;
  refusedItems: number;
}

export class WriteFaults {
  private state: (WriteFaultState & { path: string }) | null = null;
  private episodeCount = 0;
  private readonly refusals = Object.fromEntries(WRITE_FAULT_KINDS.map((kind) => [kind, 0])) as Record<WriteFaultKind, number>;

  constructor(private readonly log: Logger, private readonly now: () => number = Date.now) {}

  /** The episode under way, or null when writes go through. */
  current(): WriteFaultState | null {
    if (this.state === null) return null;
    const { kind, since, message, refusedExports, refusedItems } = this.state;
    return { kind, since, message, refusedExports, refusedItems };
  }

  /** How many episodes started since the process did. */
  episodes(): number {
    return this.episodeCount;
  }

  /** Writes refused, by fault kind, since the process started. */
  refusalsByKind(): Record<string, number> {
    return { ...this.refusals };
  }

  /** A write (an export, `items` rows) refused by `fault`: the first of an episode logs it. */
  recordRefusal(fault: WriteFault, items: number): void {
    if (this.state !== null && this.state.kind !== fault.kind) this.endEpisode(`it turned into ${fault.kind}`);
    if (this.state === null) this.startEpisode(fault);
    this.state!.refusedExports += 1;
    this.state!.refusedItems += items;
    this.refusals[fault.kind] += 1;
  }

  /** A write committed: ends the episode, if one is under way. Called per commit: O(1). */
  recordSuccess(): void {
    if (this.state !== null) this.endEpisode('a write committed');
  }

  private startEpisode(fault: WriteFault): void {
    this.state = { kind: fault.kind, since: this.now(), message: fault.message, path: fault.path, refusedExports: 0, refusedItems: 0 };
    this.episodeCount += 1;
    this.log.error('write_fault', { state: 'started', kind: fault.kind, path: fault.path, message: fault.message });
  }

  private endEpisode(reason: string): void {
    const { kind, path, since, refusedExports, refusedItems } = this.state!;
    this.state = null;
    this.log.warn('write_fault', { state: 'ended', kind, path, reason, durationMs: this.now() - since, refusedExports, refusedItems });
  }
}

/** The operator-facing message for a fault at `dir` (the database's directory). */
export function describeWriteFault(kind: WriteFaultKind, dir: string, detail: string): string {
  switch (kind) {
    case 'disk_full':
      return `database disk is full at ${dir}; free space there — tracelite resumes writing by itself (${detail})`;
    case 'read_only':
      return `database directory ${dir} is read-only; make it writable (remount read-write) — tracelite resumes writing by itself (${detail})`;
    case 'permission_denied':
      return `permission denied writing the database in ${dir}; give this process's user write access to the directory and its files — tracelite resumes writing by itself (${detail})`;
    case 'missing_directory':
      return `the database at ${dir} has vanished (directory or file deleted or moved); restore it and restart tracelite (${detail})`;
    case 'io_error':
      return `I/O error writing the database in ${dir}; check the disk and the kernel log — tracelite retries by itself (${detail})`;
  }
}
