// Write-fault episodes as health and metrics read them: one log line when an episode starts
// and one when it ends (with what it refused), counters by kind that survive the episode,
// and a fault that changes kind (a full disk then remounted read-only) as two episodes.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { WriteFaults, type WriteFault } from '../../src/store/write-faults.js';

function faultsWithLog() {
  const lines: Record<string, unknown>[] = [];
  let now = 1_000;
  const faults = new WriteFaults(createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), () => now);
  return { faults, lines, advance: (ms: number) => (now += ms) };
}

const diskFull: WriteFault = { kind: 'disk_full', path: '/data', message: 'database disk is full at /data' };
const readOnly: WriteFault = { kind: 'read_only', path: '/data', message: 'database directory /data is read-only' };

describe('WriteFaults', () => {
  it('is quiet and empty while writes go through', () => {
    const { faults, lines } = faultsWithLog();
    faults.recordSuccess();
    expect(faults.current()).toBeNull();
    expect(faults.episodes()).toBe(0);
    expect(faults.refusalsByKind()).toEqual({ disk_full: 0, read_only: 0, permission_denied: 0, missing_directory: 0, io_error: 0 });
    expect(lines).toEqual([]);
  });

  it('counts an episode once and logs its start and end, whatever it refused', () => {
    const { faults, lines, advance } = faultsWithLog();
    for (let i = 0; i < 50; i++) faults.recordRefusal(diskFull, 100);
    expect(faults.current()).toEqual({ kind: 'disk_full', since: 1_000, message: diskFull.message, refusedExports: 50, refusedItems: 5_000 });
    advance(4_000);
    faults.recordSuccess();
    faults.recordSuccess();
    expect(faults.current()).toBeNull();
    expect(faults.episodes()).toBe(1);
    expect(faults.refusalsByKind().disk_full).toBe(50);
    expect(lines.map(({ time: _time, ...rest }) => rest)).toEqual([
      { level: 'error', msg: 'write_fault', state: 'started', kind: 'disk_full', path: '/data', message: diskFull.message },
      { level: 'warn', msg: 'write_fault', state: 'ended', kind: 'disk_full', path: '/data', reason: 'a write committed', durationMs: 4_000, refusedExports: 50, refusedItems: 5_000 },
    ]);
  });

  it('ends one episode and starts another when the fault changes kind', () => {
    const { faults, lines } = faultsWithLog();
    faults.recordRefusal(diskFull, 10);
    faults.recordRefusal(readOnly, 20);
    expect(faults.current()).toMatchObject({ kind: 'read_only', refusedExports: 1, refusedItems: 20 });
    expect(faults.episodes()).toBe(2);
    expect(faults.refusalsByKind()).toMatchObject({ disk_full: 1, read_only: 1 });
    expect(lines.map((line) => [line.state, line.kind])).toEqual([['started', 'disk_full'], ['ended', 'disk_full'], ['started', 'read_only']]);
  });

  it('hands out a copy of the state, not the live record', () => {
    const { faults } = faultsWithLog();
    faults.recordRefusal(diskFull, 1);
    const seen = faults.current()!;
    seen.refusedExports = 99;
    expect(faults.current()!.refusedExports).toBe(1);
  });
});
