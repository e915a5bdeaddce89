// STORE: one server per database file. Two writers on one file would each keep their own
// in-memory roll-ups and counts, so the second server is refused, naming the first.
// The lock is a Unix socket beside the database (`<db>.lock`): the kernel closes a listening
// socket when its process dies, even on kill -9, so a crashed server's leftover socket file
// refuses connections and is taken over, and a reused pid can never look like a live holder.
// The holder answers each connection with JSON {pid, ports, started}. Read-only commands
// (traces, export, check, stats) do not take it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  /** host:port per listener, filled in once they are bound. */
  ports: Record<string, string | null>;
  started: string;
  db: string;
}

export interface InstanceLock {
  /** The socket's path. */
  path: string;
  /** Why the socket could not be made (a read-only directory, a filesystem without Unix
   *  sockets): the server runs unguarded, or fails at open with the directory's own reason. */
  notHeldReason?: string;
  /** Records the bound listeners, so a refused second server can name them. */
  setPorts(ports: LockHolder['ports']): void;
  release(): Promise<void>;
}

export class DatabaseInUseError extends Error {}

/** Unix socket paths are limited to ~104-108 bytes; a deep db path falls back to the temp dir. */
const MAX_SOCKET_PATH = 100;

export function lockPathFor(dbPath: string): string {
  const beside = `${path.resolve(dbPath)}.lock`;
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH && process.platform !== 'win32') return beside;
  const hash = crypto.createHash('sha256').update(path.resolve(dbPath)).digest('hex').slice(0, 24);
  return process.platform === 'win32' ? `\\\\.\\pipe\\tracelite-${hash}` : path.join(os.tmpdir(), `tracelite-${hash}.lock`);
}

/** Takes the lock or throws DatabaseInUseError naming the live holder. */
export async function acquireInstanceLock(dbPath: string): Promise<InstanceLock> {
  const socketPath = lockPathFor(dbPath);
  const holder: LockHolder = { pid: process.pid, ports: {}, started: new Date().toISOString(), db: path.resolve(dbPath) };
  const server = net.createServer((socket) => socket.end(JSON.stringify(holder)));
  server.unref();
  // As openDatabase would, for a new --db; where it cannot, listen fails and open says why.
  try {
    fs.mkdirSync(path.dirname(socketPath), { recursive: true });
  } catch {
    // left to listen and open to report
  }
  for (let attempt = 0; ; attempt++) {
    const error = await listenOn(server, socketPath);
    if (!error) break;
    if (error.code !== 'EADDRINUSE') return { path: socketPath, notHeldReason: error.message, setPorts: () => undefined, release: async () => undefined };
    if (attempt > 0) throw new Error(`cannot take the lock ${socketPath}: ${error.message}`);
    const other = await askHolder(socketPath);
    if (other) throw new DatabaseInUseError(describeHolder(dbPath, other));
    fs.rmSync(socketPath, { force: true }); // left by a server that died without stopping
  }
  return {
    path: socketPath,
    setPorts: (ports) => void (holder.ports = ports),
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function listenOn(server: net.Server, socketPath: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err);
    server.once('error', onError);
    server.listen(socketPath, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** The live holder's description, or null when nobody holds the lock: nothing listens (a
 *  stale socket file), or the peer closed without a word (a holder that was dying as we
 *  connected; a live one always answers at once). A holder too busy to answer in time is
 *  taken as live: refusing wrongly is safer than two servers on one file. */
function askHolder(socketPath: string): Promise<Partial<LockHolder> | null> {
  return new Promise((resolve) => {
    let text = '';
    let timedOut = false;
    const socket = net.connect(socketPath);
    socket.setTimeout(3000, () => {
      timedOut = true;
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined); // 'close' follows and decides
    socket.on('close', () => resolve(timedOut ? {} : text === '' ? null : parseHolder(text)));
  });
}

function parseHolder(text: string): Partial<LockHolder> {
  try {
    return JSON.parse(text) as LockHolder;
  } catch {
    return {}; // something answers but does not say who: still in use
  }
}

function describeHolder(dbPath: string, other: Partial<LockHolder>): string {
  const ports = Object.entries(other.ports ?? {}).filter(([, at]) => at).map(([name, at]) => `${name} ${at}`).join(', ');
  return `the database ${dbPath} is already served by another tracelite (pid ${other.pid ?? '?'}` +
    `${ports ? `, ${ports}` : ''}, started ${other.started ?? '?'}). One server per database file: ` +
    `stop that one, or start this one with another --db. Read-only commands (traces, export, check, stats) work alongside it.`;
}
