// CONFIG: file -> env -> CLI flags, validated once by the zod schema, then frozen.
// The only module that reads process.env. A typo in the file fails start-up with the
// path of the bad key.
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { configSchema, type AppConfig } from './schema.js';

export interface ConfigOverrides {
  configFile?: string;
  db?: string;
  host?: string;
  grpcPort?: number;
  httpPort?: number;
  apiPort?: number;
  logLevel?: string;
  redisUrl?: string;
  /** auth.mode: 'none' | 'keys' (the schema rejects anything else, naming the key). */
  auth?: string;
  /** Only ever turns auth.insecure_no_auth on; absent leaves the file's value. */
  insecureNoAuth?: boolean;
  jwtSecret?: string;
}

export class ConfigError extends Error {}

type Raw = Record<string, any>;

export function loadConfig(overrides: ConfigOverrides, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const file = overrides.configFile ?? env.TRACELITE_CONFIG;
  const raw: Raw = file ? readConfigFile(file) : {};
  applyOverrides(raw, {
    db: overrides.db ?? env.TRACELITE_DB,
    host: overrides.host ?? env.TRACELITE_HOST,
    grpcPort: overrides.grpcPort ?? parsePortEnv(env, 'TRACELITE_GRPC_PORT'),
    httpPort: overrides.httpPort ?? parsePortEnv(env, 'TRACELITE_HTTP_PORT'),
    apiPort: overrides.apiPort ?? parsePortEnv(env, 'TRACELITE_API_PORT'),
    logLevel: overrides.logLevel ?? env.TRACELITE_LOG_LEVEL,
    // Empty means unset, as for the port variables (a compose file may pass TRACELITE_REDIS_URL=).
    redisUrl: overrides.redisUrl ?? (env.TRACELITE_REDIS_URL || undefined),
    auth: overrides.auth ?? (env.TRACELITE_AUTH || undefined),
    insecureNoAuth: overrides.insecureNoAuth,
    jwtSecret: overrides.jwtSecret ?? (env.TRACELITE_JWT_SECRET || undefined),
  });
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new ConfigError(`invalid configuration${file ? ` in ${file}` : ''}:\n${problems}`);
  }
  return deepFreeze(parsed.data);
}

function readConfigFile(file: string): Raw {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  try {
    const value: unknown = parseYaml(text);
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('the top level must be a mapping');
    return value as Raw;
  } catch (err) {
    throw new ConfigError(`cannot parse config file ${file}: ${(err as Error).message}`);
  }
}

function applyOverrides(raw: Raw, o: Omit<ConfigOverrides, 'configFile'>): void {
  const section = (obj: Raw, ...keys: string[]): Raw => keys.reduce((at, key) => (at[key] ??= {}), obj);
  if (o.db !== undefined) section(raw, 'storage').path = o.db;
  if (o.logLevel !== undefined) section(raw, 'log').level = o.logLevel;
  if (o.redisUrl !== undefined) section(raw, 'cache', 'redis').url = o.redisUrl;
  if (o.auth !== undefined) section(raw, 'auth').mode = o.auth;
  if (o.insecureNoAuth) section(raw, 'auth').insecure_no_auth = true;
  if (o.jwtSecret !== undefined) section(raw, 'auth', 'jwt').secret = o.jwtSecret;
  const protocols = () => section(raw, 'receivers', 'otlp', 'protocols');
  setEndpoint(() => section(protocols(), 'grpc'), o.host, o.grpcPort, 4317);
  setEndpoint(() => section(protocols(), 'http'), o.host, o.httpPort, 4318);
  setEndpoint(() => section(raw, 'api'), o.host, o.apiPort, 5388);
}

/** --host and --*-port replace one half of an endpoint each, keeping the other half. */
function setEndpoint(target: () => Raw, host: string | undefined, port: number | undefined, defaultPort: number): void {
  if (host === undefined && port === undefined) return;
  const at = target();
  const current = typeof at.endpoint === 'string' ? splitEndpoint(at.endpoint) : { host: '127.0.0.1', port: String(defaultPort) };
  const newHost = host ?? current.host;
  at.endpoint = `${newHost.includes(':') && !newHost.startsWith('[') ? `[${newHost}]` : newHost}:${port ?? current.port}`;
}

export function splitEndpoint(endpoint: string): { host: string; port: string } {
  const at = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, at);
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port: endpoint.slice(at + 1) };
}

function parsePortEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name}=${value} is not a port number (0-65535)`);
  return port;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
