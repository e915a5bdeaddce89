// A real redis-server child process on a free 127.0.0.1 port, for the query cache tests.
// Tests take it down (kill, pause) and bring it back on the same port, as an operator's
// restart would. Fails with an install hint when redis-server is missing.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { findFreePort } from './free-ports.js';

export interface TestRedisServer {
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  port: number;
  /** SIGKILL: connections drop, the port refuses until restart(). */
  kill(): Promise<void>;
  /** Starts a fresh (empty) server on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing answers (a stuck server). */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'redis-server is not installed: run `apt-get install -y redis-server` (.ci/run installs it in CI)';

export async function startRedisServer(options: { password?: string } = {}): Promise<TestRedisServer> {
  const port = await findFreePort();
  let child = await spawnRedis(port, options.password);
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const exit = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT'); // a paused server would not act on SIGTERM
    child.kill(signal);
    await exited;
  };
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    kill: () => exit('SIGKILL'),
    restart: async () => {
      await exit('SIGKILL');
      child = await spawnRedis(port, options.password);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () => exit('SIGTERM'),
  };
}

async function spawnRedis(port: number, password: string | undefined): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  if (password) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code === 'ENOENT' ? INSTALL_HINT : `cannot start redis-server: ${err.message}`)));
    child.once('exit', (code, signal) => reject(new Error(`redis-server exited (${code ?? signal}) before answering PING:\n${output}`)));
  });
  failed.catch(() => {});
  await Promise.race([waitForPong(port, password), failed]);
  return child;
}

async function waitForPong(port: number, password: string | undefined, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port, password)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/** Speaks RESP inline commands directly, so the helper does not depend on the client under test. */
function answersPing(port: number, password: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write(`${password ? `AUTH ${password}\r\n` : ''}PING\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('+PONG')) finish(true);
      else if (reply.includes('-')) finish(false);
    });
  });
}
