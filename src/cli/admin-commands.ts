// CLI (admin): `tracelite projects …` and `tracelite keys …`, straight on the database file:
// no server needed, and safe beside a running one (WAL + busy_timeout). Input: argv after
// `tracelite`. Output: a table or JSON on stdout, one-line errors on stderr, the exit code.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { AppError } from '../errors.js';
import { createApiKey, createProject, findProject, listApiKeys, listProjects, revokeApiKey, ROLES, type ApiKeyRecord, type ProjectRecord, type Role } from '../store/read/auth-keys.js';
import { openDatabase } from '../store/schema/open-db.js';

export const ADMIN_USAGE = `Projects and API keys (written to the database file; safe while a server runs on it):
  tracelite projects create NAME
  tracelite projects list
  tracelite keys create --project NAME --role ROLE [--owner USER]
  tracelite keys list [--project NAME]
  tracelite keys revoke PUBLIC_KEY
ROLE: ${ROLES.join(' | ')}. Each command takes --db FILE (or --config FILE: its
storage.path, as for serve) and --json (machine-readable output on stdout).`;

/** Bad arguments: exit code 2, as for serve's flags. */
class UsageError extends Error {}

interface Values { db?: string; config?: string; json?: boolean; project?: string; role?: string; owner?: string; help?: boolean }
interface Output { json: unknown; text: string }

interface Command {
  synopsis: string;
  positionals: number;
  options: readonly ('project' | 'role' | 'owner')[];
  required: readonly ('project' | 'role')[];
  /** Only creating a project may create a missing database file: a typo in --db elsewhere is an error. */
  createsDb: boolean;
  run(db: Database.Database, values: Values, args: string[]): Output;
}

const COMMANDS: Record<string, Command> = {
  'projects create': { synopsis: 'NAME', positionals: 1, options: [], required: [], createsDb: true, run: runProjectsCreate },
  'projects list': { synopsis: '', positionals: 0, options: [], required: [], createsDb: false, run: runProjectsList },
  'keys create': { synopsis: '--project NAME --role ROLE [--owner USER]', positionals: 0, options: ['project', 'role', 'owner'], required: ['project', 'role'], createsDb: false, run: runKeysCreate },
  'keys list': { synopsis: '[--project NAME]', positionals: 0, options: ['project'], required: [], createsDb: false, run: runKeysList },
  'keys revoke': { synopsis: 'PUBLIC_KEY', positionals: 1, options: [], required: [], createsDb: false, run: runKeysRevoke },
};

export function isAdminCommand(argv: readonly string[]): boolean {
  return argv[0] === 'projects' || argv[0] === 'keys';
}

/** Runs one admin command and returns the process exit code (0, 1 failed, 2 usage). */
export function runAdminCommand(argv: readonly string[]): number {
  try {
    const invocation = parseInvocation(argv);
    if (invocation === 'help') {
      console.log(ADMIN_USAGE);
      return 0;
    }
    const output = execute(invocation);
    process.stdout.write(invocation.values.json ? `${JSON.stringify(output.json)}\n` : `${output.text}\n`);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

interface Invocation { command: Command; values: Values; args: string[] }

function parseInvocation(argv: readonly string[]): Invocation | 'help' {
  const [group, sub, ...rest] = argv;
  if (sub === '-h' || sub === '--help') return 'help';
  const name = `${group} ${sub ?? ''}`.trim();
  const command = COMMANDS[name];
  if (!command) throw new UsageError(sub === undefined ? `"${name}" needs a subcommand` : `unknown command "${name}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      db: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(command.options.map((option) => [option, { type: 'string' as const }])),
    },
  });
  const parsed = values as Values;
  if (parsed.help) return 'help';
  const usage = `usage: tracelite ${name} ${command.synopsis}`.trimEnd();
  if (positionals.length !== command.positionals) throw new UsageError(`${positionals.length > command.positionals ? `unexpected argument "${positionals.at(-1)}"` : 'missing argument'}; ${usage}`);
  for (const option of command.required) {
    if (!parsed[option]) throw new UsageError(`--${option} is required; ${usage}`);
  }
  if (parsed.role !== undefined && !ROLES.includes(parsed.role as Role)) throw new UsageError(`--role ${parsed.role} is not a role (${ROLES.join(', ')})`);
  return { command, values: parsed, args: positionals };
}

function execute({ command, values, args }: Invocation): Output {
  const file = resolveDatabaseFile(values, command.createsDb);
  // No automatic checkpoints from this short-lived connection: a running server has its own
  // checkpoint thread, and without one SQLite checkpoints when the last connection closes.
  const db = openDatabase(file, { autoCheckpoint: false });
  try {
    return command.run(db, values, args);
  } finally {
    db.close();
  }
}

/** The file serve would open: --db, else TRACELITE_DB, else the config file's storage.path. */
function resolveDatabaseFile(values: Values, createsDb: boolean): string {
  const file = loadConfig({ configFile: values.config, db: values.db }).storage.path;
  if (!createsDb && !fs.existsSync(file)) {
    throw new AppError('NOT_FOUND', `no database at ${file} (create a project first, or pass the server's --db / --config)`);
  }
  return file;
}

function reportError(err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const usage = err instanceof UsageError || err instanceof ConfigError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
  console.error(`tracelite: ${message}${usage ? '\n(see tracelite --help)' : ''}`);
  return usage ? 2 : 1;
}

function runProjectsCreate(db: Database.Database, _values: Values, [name]: string[]): Output {
  const project = createProject(db, name!);
  return { json: projectJson(project), text: `Created project '${project.name}'.` };
}

function runProjectsList(db: Database.Database): Output {
  const projects = listProjects(db);
  const text = projects.length === 0
    ? 'No projects yet (tracelite projects create NAME).'
    : formatTable(['NAME', 'CREATED'], projects.map((p) => [p.name, formatTime(p.createdAtMs)]));
  return { json: projects.map(projectJson), text };
}

function runKeysCreate(db: Database.Database, values: Values): Output {
  const key = createApiKey(db, { projectId: values.project!, role: values.role as Role, owner: values.owner ?? null });
  const text = [
    `Created a ${key.role} key for project '${key.projectId}'${key.owner ? ` (owner ${key.owner})` : ''}:`,
    `  public key  ${key.publicKey}`,
    `  secret key  ${key.secretKey}`,
    'Copy the secret key now: it will not be shown again (only its hash is stored).',
  ].join('\n');
  return { json: { project: key.projectId, role: key.role, public_key: key.publicKey, secret_key: key.secretKey }, text };
}

function runKeysList(db: Database.Database, values: Values): Output {
  if (values.project !== undefined && !findProject(db, values.project)) throw new AppError('NOT_FOUND', `project '${values.project}' not found`);
  const keys = listApiKeys(db, values.project);
  const rows = keys.map((k) => [k.publicKey, k.projectId, k.role, k.owner ?? '-', formatTime(k.createdAtMs), k.revokedAtMs === null ? 'active' : `revoked ${formatTime(k.revokedAtMs)}`]);
  const text = keys.length === 0 ? 'No keys yet (tracelite keys create --project NAME --role ROLE).' : formatTable(['PUBLIC KEY', 'PROJECT', 'ROLE', 'OWNER', 'CREATED', 'STATUS'], rows);
  return { json: keys.map(keyJson), text };
}

function runKeysRevoke(db: Database.Database, _values: Values, [publicKey]: string[]): Output {
  if (!revokeApiKey(db, publicKey!)) throw new AppError('NOT_FOUND', `no active key ${publicKey} (unknown, or already revoked)`);
  return { json: { public_key: publicKey, revoked: true }, text: `Revoked ${publicKey}.` };
}

function projectJson(p: ProjectRecord): unknown {
  return { id: p.id, name: p.name, created_at: new Date(p.createdAtMs).toISOString() };
}

function keyJson(k: ApiKeyRecord): unknown {
  return {
    public_key: k.publicKey, project: k.projectId, role: k.role, owner: k.owner,
    created_at: new Date(k.createdAtMs).toISOString(), revoked_at: k.revokedAtMs === null ? null : new Date(k.revokedAtMs).toISOString(),
  };
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}

function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [headers, ...rows].map((cells) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
