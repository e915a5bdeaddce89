// QUERY/SERVE: what every API family gets from the composition root (src/main.ts).
import type Database from 'better-sqlite3';
import type { StoreWriter } from '../store/write/store-writer.js';
import type { LiveHub } from '../live-hub.js';
import type { AppConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { DirectIngest } from '../direct-ingest/model.js';
import type { AccessControl } from '../auth/access.js';
import type { WriteFaults } from '../store/write-faults.js';
import type { ReceiverMetrics } from '../metrics/receiver-metrics.js';
import type { HealthProbes } from './health-probes.js';

export interface ApiDeps {
  /** A read-only connection (WAL: reads never wait for the writer). */
  readDb: Database.Database;
  writer: StoreWriter;
  live: LiveHub;
  config: AppConfig;
  log: Logger;
  /** Traces and observations sent over REST instead of OTLP (facade, Langfuse ingestion events). */
  direct?: DirectIngest;
  /** Who may call (auth.mode); absent when a test builds an app alone: every caller is admin. */
  access?: AccessControl;
  /** Write-fault episodes (full disk, read-only directory, ...) for health and metrics; absent when a test builds an app alone. */
  writeFaults?: WriteFaults;
  /** The receiver's metrics registry (GET /metrics); absent when a test builds an app alone: no /metrics. */
  metrics?: ReceiverMetrics;
  /** Components other families add to /api/v1/health (the analytics Redis cache); families.ts makes one when absent. */
  healthProbes?: HealthProbes;
  /** The OTLP listeners' bound addresses (`host:port`; null when off), once they listen: with port 0 in
   *  the config only these name the real ports. Absent when a test builds an app alone: the config's are shown. */
  otlpEndpoints?: { grpc: string | null; http: string | null };
  /** Registers work for server shutdown (a family's cache connection); absent when a test builds an app alone. */
  onClose?: (close: () => Promise<void>) => void;
}
