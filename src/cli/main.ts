// CLI entry (`npx tracelite serve …`): parse flags, load config, start, print the bound
// endpoints, stop cleanly on SIGTERM/SIGINT. Exits non-zero with a one-line reason when
// the config is invalid or a port is taken.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, splitEndpoint, type ConfigOverrides } from '../config/load-config.js';
import { createLogger, type LogLevel } from '../logger.js';
import { startTracelite } from '../main.js';

const USAGE = `Usage: tracelite [serve] [options]

Starts the OTLP receiver (gRPC + HTTP) and the REST API on an embedded SQLite file.

Options:
  --config FILE       config.yaml (collector-style receivers.otlp + tracelite sections)
  --db FILE           SQLite file (default ./.data/tracelite.db)
  --host ADDR         bind address for all listeners (default 127.0.0.1)
  --grpc-port N       OTLP/gRPC port (default 4317; 0 = pick a free port)
  --http-port N       OTLP/HTTP port (default 4318; 0 = pick a free port)
  --api-port N        REST API port (default 5388; 0 = pick a free port)
  --log-level LEVEL   debug | info | warn | error
  -h, --help          show this help
Environment: TRACELITE_CONFIG, TRACELITE_DB, TRACELITE_HOST, TRACELITE_GRPC_PORT,
TRACELITE_HTTP_PORT, TRACELITE_API_PORT, TRACELITE_LOG_LEVEL (flags win).`;

function parsePort(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError(`--${name} ${value} is not a port number (0-65535)`);
  return port;
}

function parseCommandLine(argv: string[]): ConfigOverrides | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' }, db: { type: 'string' }, host: { type: 'string' },
      'grpc-port': { type: 'string' }, 'http-port': { type: 'string' }, 'api-port': { type: 'string' },
      'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'serve')) throw new ConfigError(`unknown command "${positionals.join(' ')}"; the only command is "serve"`);
  return {
    configFile: values.config, db: values.db, host: values.host, logLevel: values['log-level'],
    grpcPort: parsePort('grpc-port', values['grpc-port']), httpPort: parsePort('http-port', values['http-port']), apiPort: parsePort('api-port', values['api-port']),
  };
}

async function runCli(argv: string[]): Promise<void> {
  let overrides: ConfigOverrides | 'help';
  let config;
  try {
    overrides = parseCommandLine(argv);
    if (overrides === 'help') {
      console.log(USAGE);
      return;
    }
    config = loadConfig(overrides);
  } catch (err) {
    console.error(`tracelite: ${(err as Error).message}`);
    process.exit(2);
  }
  const log = createLogger(config.log.level as LogLevel);
  // A stray rejection (e.g. a client that vanished mid-response) must not take down a
  // receiver holding other clients' acknowledged-but-queued data: log it and go on.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));
  warnIfExposed(config.api.endpoint, log);
  let running;
  try {
    running = await startTracelite(config, log);
  } catch (err) {
    console.error(`tracelite: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const { grpc, http, api } = running.endpoints;
  console.log(`tracelite listening
  OTLP/gRPC  ${grpc ?? '(disabled)'}
  OTLP/HTTP  ${http ? `http://${http}/v1/traces` : '(disabled)'}
  API        http://${api}/api/v1/health
  database   ${running.dbPath}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: no new exports accepted, flushing queued writes', { signal });
    running.stop().then(() => process.exit(0), (err) => {
      log.error('unclean stop', { error: err });
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function warnIfExposed(endpoint: string, log: ReturnType<typeof createLogger>): void {
  const { host } = splitEndpoint(endpoint);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    log.warn('listening on a non-loopback address WITHOUT authentication: anyone who can reach this host can read and write all traces', { host });
  }
}

void runCli(process.argv.slice(2));
