// CLI (queries): `tracelite traces list|show`, `messages`, `sessions list`, `stats`, `wait`,
// all through the explorer REST API (--url, or --db in process). Input: argv after
// `tracelite`; output: a table or the API's JSON on stdout, one-line errors on stderr, the exit code.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TraceSummaryDto } from '../api/explorer/dto.js';
import { ConfigError } from '../config/load-config.js';
import { ApiError, type QueryClient, type QueryParams } from './query-client.js';
import {
  buildTraceQuery, CONNECTION_HELP, CONNECTION_OPTIONS, createQueryClient, DEFAULT_URL, mergeFilters, parseDuration, parsePositiveInt,
  parseSince, TRACE_FILTER_HELP, TRACE_FILTER_OPTIONS, UsageError, type QueryValues,
} from './query-options.js';
import { computeStats, renderStats, STATS_HELP } from './stats-command.js';
import {
  renderMessages, renderPageFooter, renderSessionTable, renderTraceDetail, renderTraceTable,
  type MessagesDto, type PageDto, type SessionDto, type TraceDetailDto,
} from './trace-views.js';
import { waitForTraces, WAIT_HELP } from './wait-command.js';

export const QUERY_USAGE = `Queries (a running server with --url, default ${DEFAULT_URL}; or a database file with --db):
  tracelite traces list [filters]      traces, newest first: id, name, start, duration, tokens, cost, input
  tracelite traces show TRACE_ID       one trace and its span tree (an id prefix from the list will do)
  tracelite messages TRACE_ID          a trace's conversation
  tracelite sessions list [filters]    sessions, newest first
  tracelite stats [filters]            trace/span counts, tokens and cost by model, provider and day
  tracelite wait --count N [filters]   wait until N traces match (for CI), exit 1 on timeout
Each takes --help, --json (the API's JSON) and the filters --filter JSON, --since 10m, --session,
--user, --model, --environment. Exit codes: 0 done, 1 failed, 2 bad arguments.`;

interface Output {
  /** undefined or '' (text): nothing on stdout. */
  json: unknown;
  text: string;
  /** Printed on stderr after the output; the exit code becomes 1. */
  failure?: string;
}

interface QueryCommand {
  synopsis: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  args: string[];
  run(client: QueryClient, values: QueryValues, args: string[]): Promise<Output>;
}

const PAGING_OPTIONS = { limit: { type: 'string' }, page: { type: 'string' } } as const;
const PAGING_HELP = `  --limit N           rows per page (default 50, at most 500)
  --page N            page number (default 1)`;

const COMMANDS: Record<string, QueryCommand> = {
  'traces list': {
    synopsis: 'traces list [options]', args: [], options: { ...TRACE_FILTER_OPTIONS, ...PAGING_OPTIONS },
    help: `Lists traces, newest first: id (short), name, start, duration, tokens, cost, input preview.\n\n${TRACE_FILTER_HELP}\n${PAGING_HELP}`,
    run: runTracesList,
  },
  'traces show': {
    synopsis: 'traces show TRACE_ID [options]', args: ['TRACE_ID'], options: {},
    help: 'Shows one trace: its totals, input and output, and its span tree (name, type, model, duration, tokens, cost).\nTRACE_ID may be a prefix (as `traces list` shows it) when only one trace starts with it.',
    run: async (client, _values, [id]) => {
      const trace = await getTraceResource<TraceDetailDto>(client, id!, '');
      return { json: trace, text: renderTraceDetail(trace) };
    },
  },
  messages: {
    synopsis: 'messages TRACE_ID [options]', args: ['TRACE_ID'], options: { role: { type: 'string' } },
    help: "Prints a trace's conversation, each turn once: `role: text`, tool calls as name(args).\nTRACE_ID may be a prefix.\n  --role ROLE         only system, user, assistant or tool turns",
    run: async (client, values, [id]) => {
      const view = await getTraceResource<MessagesDto>(client, id!, '/messages', { role: values.role });
      return { json: view, text: renderMessages(view) };
    },
  },
  'sessions list': {
    synopsis: 'sessions list [options]', args: [],
    options: { filter: TRACE_FILTER_OPTIONS.filter, user: TRACE_FILTER_OPTIONS.user, environment: TRACE_FILTER_OPTIONS.environment, since: TRACE_FILTER_OPTIONS.since, ...PAGING_OPTIONS },
    help: `Lists sessions, newest first: id, user, start, duration, traces, tokens, cost.\n  --filter JSON       the explorer's session filters (either dialect)\n  --user ID  --environment E (repeatable)  --since T (10m, 2h, 7d or ISO 8601)\n${PAGING_HELP}`,
    run: runSessionsList,
  },
  stats: {
    synopsis: 'stats [options]', args: [], options: TRACE_FILTER_OPTIONS,
    help: `${STATS_HELP}\n\n${TRACE_FILTER_HELP}`,
    run: async (client, values) => {
      const stats = await computeStats(client, buildTraceQuery(values));
      return { json: stats, text: renderStats(stats) };
    },
  },
  wait: {
    synopsis: 'wait --count N [options]', args: [],
    options: { ...TRACE_FILTER_OPTIONS, count: { type: 'string' }, timeout: { type: 'string' }, interval: { type: 'string' } },
    help: `${WAIT_HELP}\n\n${TRACE_FILTER_HELP}`,
    run: runWait,
  },
};

const GROUPS = new Set(['traces', 'messages', 'sessions', 'stats', 'wait']);

export function isQueryCommand(argv: readonly string[]): boolean {
  return argv[0] !== undefined && GROUPS.has(argv[0]);
}

/** Runs one query command; resolves to the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runQueryCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let client: QueryClient | undefined;
  try {
    const invocation = parseInvocation(argv);
    if (typeof invocation === 'string') {
      process.stdout.write(`${invocation}\n`);
      return 0;
    }
    client = createQueryClient(invocation.values, env);
    const output = await invocation.command.run(client, invocation.values, invocation.args);
    const shown = invocation.values.json ? (output.json === undefined ? '' : JSON.stringify(output.json)) : output.text;
    if (shown !== '') process.stdout.write(`${shown}\n`);
    if (output.failure === undefined) return 0;
    process.stderr.write(`tracelite: ${output.failure}\n`);
    return 1;
  } catch (err) {
    return reportError(err, argv);
  } finally {
    await client?.close();
  }
}

interface Invocation { command: QueryCommand; values: QueryValues; args: string[] }

/** The command and its flags, or the help text to print. */
function parseInvocation(argv: readonly string[]): Invocation | string {
  const name = COMMANDS[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : argv[0]!;
  const command = COMMANDS[name];
  if (!command) {
    if (argv[1] === '-h' || argv[1] === '--help') return QUERY_USAGE;
    const subcommands = Object.keys(COMMANDS).filter((c) => c.startsWith(`${argv[0]} `)).join(', ');
    if (argv[1] === undefined) throw new UsageError(`"${argv[0]}" needs a subcommand: ${subcommands}`);
    throw new UsageError(`unknown command "${argv.slice(0, 2).join(' ')}"; ${argv[0]} commands: ${subcommands}`);
  }
  const { values, positionals } = parseArgs({
    args: argv.slice(name.split(' ').length) as string[], allowPositionals: true, strict: true,
    options: { ...CONNECTION_OPTIONS, ...command.options },
  });
  const parsed = values as QueryValues;
  if (parsed.help) return `Usage: tracelite ${command.synopsis}\n\n${command.help}\n\n${CONNECTION_HELP}`;
  if (positionals.length !== command.args.length) {
    const problem = positionals.length > command.args.length ? `unexpected argument "${positionals.at(-1)}"` : `missing ${command.args.join(' ')}`;
    throw new UsageError(`${problem}; usage: tracelite ${command.synopsis}`);
  }
  return { command, values: parsed, args: positionals };
}

async function runTracesList(client: QueryClient, values: QueryValues): Promise<Output> {
  const query = { ...buildTraceQuery(values), ...pagingQuery(values) };
  const page = await client.get<PageDto<TraceSummaryDto>>('/traces', query);
  const text = page.data.length === 0
    ? `No traces match${values['include-nongenai'] ? '' : ' (traces without GenAI spans are hidden: --include-nongenai)'}.`
    : `${renderTraceTable(page.data)}\n${renderPageFooter(page.meta, page.data.length, 'trace')}`;
  return { json: page, text };
}

async function runSessionsList(client: QueryClient, values: QueryValues): Promise<Output> {
  const page = await client.get<PageDto<SessionDto>>('/sessions', {
    filters: mergeFilters(values.filter, []), user_id: values.user, environment: values.environment,
    from_timestamp: values.since === undefined ? undefined : parseSince(values.since, Date.now()), ...pagingQuery(values),
  });
  const text = page.data.length === 0 ? 'No sessions match.' : `${renderSessionTable(page.data)}\n${renderPageFooter(page.meta, page.data.length, 'session')}`;
  return { json: page, text };
}

function pagingQuery(values: QueryValues): { limit?: string; page?: string } {
  return { limit: parsePositiveInt(values.limit, '--limit')?.toString(), page: parsePositiveInt(values.page, '--page')?.toString() };
}

async function runWait(client: QueryClient, values: QueryValues): Promise<Output> {
  const count = parsePositiveInt(values.count, '--count');
  if (count === undefined) throw new UsageError('--count N is required; usage: tracelite wait --count N [options]');
  const result = await waitForTraces(client, {
    count, query: buildTraceQuery(values),
    timeoutMs: parseDuration(values.timeout ?? '30s', '--timeout'), intervalMs: parseDuration(values.interval ?? '250ms', '--interval'),
  });
  // Nothing answered (no server, no file): nothing to show but the reason.
  if (!result.page) return { json: undefined, text: '', failure: result.reason };
  const traces = result.page.data;
  const text = traces.length === 0 ? 'No traces match.' : `${renderTraceTable(traces)}\n${renderPageFooter(result.page.meta, traces.length, 'trace')}`;
  return { json: result.page, text, failure: result.reason };
}

/** GET /traces/{id}{suffix}; an id no trace has is tried as a prefix of one (the lists show 8 characters). */
async function getTraceResource<T>(client: QueryClient, id: string, suffix: string, query: QueryParams = {}): Promise<T> {
  try {
    return await client.get<T>(`/traces/${encodeURIComponent(id)}${suffix}`, query);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404 && /^[0-9a-f]{1,31}$/i.test(id))) throw err;
    const filters = JSON.stringify([{ key: 'trace_id', op: 'starts_with', value: id.toLowerCase() }]);
    const matches = await client.get<PageDto<TraceSummaryDto>>('/traces', { filters, include_nongenai: 'true', limit: '2' });
    if (matches.meta.total_items === 0) throw err;
    if (matches.meta.total_items > 1) throw new ApiError(400, 'AMBIGUOUS', `${matches.meta.total_items} traces start with ${id}: give more of the id`);
    return client.get<T>(`/traces/${encodeURIComponent(matches.data[0]!.trace_id)}${suffix}`, query);
  }
}

function reportError(err: unknown, argv: readonly string[]): number {
  const code = (err as { code?: unknown } | null)?.code;
  const parseError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
  // A 400 from the API is about the flags given (a filter naming an unknown column, a bad value).
  const usage = err instanceof UsageError || err instanceof ConfigError || parseError || (err instanceof ApiError && err.status === 400);
  const message = err instanceof Error ? err.message : String(err);
  const help = usage ? ` (see tracelite ${argv.slice(0, COMMANDS[`${argv[0]} ${argv[1]}`] ? 2 : 1).join(' ')} --help)` : '';
  process.stderr.write(`tracelite: ${message.split('\n').join('; ')}${help}\n`);
  return usage ? 2 : 1;
}
