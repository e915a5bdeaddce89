// CLI entry (`npx tracelite serve …`): parse flags, load config, start, print the bound
// endpoints, stop cleanly on SIGTERM/SIGINT. Exits non-zero with a one-line reason when
// the config is invalid or a port is taken.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type ConfigOverrides } from '../config/load-config.js';
import { createLogger, type LogLevel } from '../logger.js';
import { ADMIN_USAGE, isAdminCommand, runAdminCommand } from './admin-commands.js';
import { isQueryCommand, QUERY_USAGE, runQueryCommand } from './query-commands.js';

const USAGE = `Usage: tracelite [serve] [options]
       tracelite projects|keys COMMAND [options]   (below)
       tracelite traces|messages|sessions|stats|wait …   (below)
       tracelite export|import …   (OTLP/JSON lines; see tracelite export --help, tracelite import --help)
       tracelite vacuum [--db FILE] (give the space freed by retention back to the disk)
       tracelite check [--db FILE] [--quick]   (is the database file intact? see tracelite check --help)

Starts the OTLP receiver (gRPC + HTTP) and the REST API on an embedded SQLite file.

Options:
  --config FILE       config.yaml (collector-style receivers.otlp + tracelite sections)
  --db FILE           SQLite file (default ./.data/tracelite.db)
  --host ADDR         bind address for all listeners (default 127.0.0.1)
  --grpc-port N       OTLP/gRPC port (default 4317; 0 = pick a free port)
  --http-port N       OTLP/HTTP port (default 4318; 0 = pick a free port)
  --api-port N        REST API port (default 5388; 0 = pick a free port)
  --log-level LEVEL   debug | info | warn | error
  --auth MODE         keys | none (default none: allowed only on loopback addresses)
  --insecure-no-auth  allow auth none on a non-loopback address (logs a warning at every start)
  --check             run SQLite's quick_check on the database first; refuse to start if it fails
  -h, --help          show this help
Environment: TRACELITE_CONFIG, TRACELITE_DB, TRACELITE_HOST, TRACELITE_GRPC_PORT,
TRACELITE_HTTP_PORT, TRACELITE_API_PORT, TRACELITE_LOG_LEVEL, TRACELITE_AUTH,
TRACELITE_JWT_SECRET (flags win).

${ADMIN_USAGE}

${QUERY_USAGE}`;

function parsePort(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError(`--${name} ${value} is not a port number (0-65535)`);
  return port;
}

function parseAuthMode(value: string | undefined): string | undefined {
  if (value !== undefined && value !== 'keys' && value !== 'none') throw new ConfigError(`--auth ${value}: expected keys or none`);
  return value;
}

function parseCommandLine(argv: string[]): ConfigOverrides | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' }, db: { type: 'string' }, host: { type: 'string' },
      'grpc-port': { type: 'string' }, 'http-port': { type: 'string' }, 'api-port': { type: 'string' },
      'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      auth: { type: 'string' }, 'insecure-no-auth': { type: 'boolean' },
      check: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== 'serve')) throw new ConfigError(`unknown command "${positionals.join(' ')}"; commands: serve, projects, keys, traces, messages, sessions, stats, wait, export, import, vacuum, check`);
  return {
    configFile: values.config, db: values.db, host: values.host, logLevel: values['log-level'],
    grpcPort: parsePort('grpc-port', values['grpc-port']), httpPort: parsePort('http-port', values['http-port']), apiPort: parsePort('api-port', values['api-port']),
    auth: parseAuthMode(values.auth), insecureNoAuth: values['insecure-no-auth'],
  };
}

async function runCli(argv: string[]): Promise<void> {
  if (isAdminCommand(argv)) {
    process.exitCode = runAdminCommand(argv);
    return;
  }
  if (isQueryCommand(argv)) {
    process.exitCode = await runQueryCommand(argv);
    return;
  }
  // Loaded on demand, like the server below: import pulls in the ingest path and the writer.
  if (argv[0] === 'export') {
    process.exitCode = await (await import('./export-command.js')).runExportCommand(argv.slice(1));
    return;
  }
  if (argv[0] === 'vacuum') {
    process.exitCode = await (await import('./vacuum-command.js')).runVacuumCommand(argv.slice(1));
    return;
  }
  if (argv[0] === 'check') {
    process.exitCode = await (await import('./check-command.js')).runCheckCommand(argv.slice(1));
    return;
  }
  if (argv[0] === 'import') {
    process.exitCode = await (await import('./import-command.js')).runImportCommand(argv.slice(1));
    return;
  }
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
  // Past a file-size limit (ulimit -f, systemd LimitFSIZE) the kernel's default for SIGXFSZ
  // kills the process; handled, the write fails with EFBIG instead and is refused retryably.
  process.on('SIGXFSZ', () => {});
  let running;
  try {
    // Loaded here, not at the top: the admin commands (projects, keys) do not need the server,
    // and importing it cost them ~1.6 s a run.
    const { startTracelite } = await import('../main.js');
    running = await startTracelite(config, log, { quickCheck: argv.includes('--check') });
  } catch (err) {
    console.error(`tracelite: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  // Handled before the banner: whoever reads "listening" may signal at once (tests, supervisors).
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
  const { grpc, http, api } = running.endpoints;
  console.log(`tracelite listening
  OTLP/gRPC  ${grpc ?? '(disabled)'}
  OTLP/HTTP  ${http ? `http://${http}/v1/traces` : '(disabled)'}
  API        http://${api}/api/v1/health
  database   ${running.dbPath}`);
}

void runCli(process.argv.slice(2));
