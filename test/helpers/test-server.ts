// A real tracelite on 127.0.0.1 with port 0 everywhere and a temp SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSchema, type AppConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/logger.js';
import { startTracelite } from '../../src/main.js';
import { mergeConfig } from '../../src/config/merge-config.js';

export interface TestServer {
  apiUrl: string;
  otlpHttpUrl: string;
  grpcAddress: string;
  dbPath: string;
  config: AppConfig;
  stop(): Promise<void>;
}

type DeepPartial<T> = { [K in keyof T]?: NonNullable<T[K]> extends object ? DeepPartial<NonNullable<T[K]>> : T[K] };

export interface TestServerOptions {
  /** Merged over the test defaults (ports 0, temp db). */
  config?: DeepPartial<AppConfig> & Record<string, unknown>;
  /** Reuse an existing database file (e.g. after a restart). */
  dbPath?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dbPath ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-test-'));
  const dbPath = options.dbPath ?? path.join(dir!, 'tracelite.db');
  const base = {
    receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:0' }, http: { endpoint: '127.0.0.1:0' } } } },
    api: { endpoint: '127.0.0.1:0' },
    storage: { path: dbPath },
  };
  const config = configSchema.parse(mergeConfig(base, options.config ?? {}));
  const running = await startTracelite(config, silentLogger);
  return {
    apiUrl: `http://${running.endpoints.api}`,
    otlpHttpUrl: `http://${running.endpoints.http}`,
    grpcAddress: running.endpoints.grpc ?? '',
    dbPath,
    config,
    async stop() {
      await running.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
