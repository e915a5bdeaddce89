// `tracelite traces|messages|sessions|stats|wait` as a developer and a CI job run them: the
// real CLI in a child process, against a running server (--url) and on its database file
// (--db, while the server keeps receiving); --json is the API's JSON; exit codes 0/1/2.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { openDatabase } from '../../src/store/schema/open-db.js';
import { sendSpans, type SpanSpec } from '../api/analytics/analytics-seed.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SPANS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/cli/query-spans.json'), 'utf8')) as { spans: SpanSpec[] }).spans;
const BASE = '/api/v1/project/default/otel';

interface Run { code: number | null; stdout: string; stderr: string; ms: number }

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TRACELITE_CONFIG: '', ...env };
  if (!('TRACELITE_API_KEY' in env)) delete childEnv.TRACELITE_API_KEY;
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

function parseJson(run: Run): any {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

function expectFailure(run: Run, code: number, message: string | RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const api = async (server: TestServer, pathAndQuery: string): Promise<any> => (await fetch(`${server.apiUrl}${BASE}${pathAndQuery}`)).json();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const spec = (key: string, name: string): SpanSpec => ({ ...SPANS[1]!, key, trace: key, name, parent: undefined, agoMs: 0, session: undefined, user: 'ci' });

let server: TestServer;
let weatherId: string;
let summaryId: string;

beforeAll(async () => {
  server = await startTestServer();
  const seeded = await sendSpans(server, SPANS);
  weatherId = seeded.find((s) => s.trace === 'weather')!.traceId;
  summaryId = seeded.find((s) => s.trace === 'summary')!.traceId;
});
afterAll(() => server?.stop());

// Each run starts Node with tsx (~1-3 s on a shared 2-core machine); runs that do not depend
// on each other go in parallel.
describe('tracelite query commands', { timeout: 180_000 }, () => {
  it('--json prints the API answer as it is, over --url and over --db alike', async () => {
    const commands: [string[], string][] = [
      [['traces', 'list'], '/traces'],
      [['traces', 'show', weatherId], `/traces/${weatherId}`],
      [['messages', weatherId], `/traces/${weatherId}/messages`],
      [['sessions', 'list'], '/sessions'],
    ];
    for (const [args, apiPath] of commands) {
      const [viaUrl, viaDb] = await Promise.all([runCli([...args, '--url', server.apiUrl, '--json']), runCli([...args, '--db', server.dbPath, '--json'])]);
      const expected = await api(server, apiPath);
      expect(parseJson(viaUrl)).toEqual(expected);
      expect(parseJson(viaDb)).toEqual(expected);
    }
  });

  it('prints tables that fit 100 columns, with relative starts, tokens, costs and clipped previews', async () => {
    const [list, show, messages, sessions] = await Promise.all([
      runCli(['traces', 'list', '--url', server.apiUrl]),
      runCli(['traces', 'show', weatherId.slice(0, 8), '--url', server.apiUrl]),
      runCli(['messages', weatherId.slice(0, 8), '--db', server.dbPath]),
      runCli(['sessions', 'list', '--url', server.apiUrl]),
    ]);
    for (const run of [list, show, sessions]) {
      expect(run.code).toBe(0);
      for (const line of run.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    }
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TRACE\s+NAME\s+START\s+DURATION\s+TOKENS\s+COST\s+INPUT$/);
    expect(lines[1]).toMatch(new RegExp(`^${weatherId.slice(0, 8)}\\s+weather-agent\\s+\\d+m ago\\s+2\\.50s\\s+300\\s+\\$[\\d.]+\\s+What's the weather in Paris\\?$`));
    expect(lines[2]).toMatch(new RegExp(`^${summaryId.slice(0, 8)}\\s+chat claude\\s+2d ago\\s+3\\.00s\\s+600\\s+\\$[\\d.]+\\s+Summarize this long report.*…$`));
    expect(lines.at(-1)).toBe('2 traces');

    expect(show.stdout).toContain(`Trace ${weatherId}  weather-agent`);
    expect(show.stdout).toContain('session sess-cli  user ada  environment production');
    expect(show.stdout).toMatch(/^SPAN\s+TYPE\s+MODEL\s+DURATION\s+TOKENS\s+COST/m);
    expect(show.stdout).toMatch(/^weather-agent\s+agent\s/m);
    expect(show.stdout).toMatch(/^ {2}chat gpt-4o\s+generation\s+gpt-4o\s+900ms\s+120\s/m);
    expect(show.stdout).toMatch(/^ {2}execute_tool get_weather\s+tool\s/m);

    expect(messages.code).toBe(0);
    const conversation = messages.stdout.split('\n');
    expect(conversation[0]).toBe("user: What's the weather in Paris?");
    expect(conversation[1]).toBe('assistant: get_weather({"city":"Paris"})');
    expect(conversation).toContain('assistant: It is 21°C and sunny in Paris.');
    expect(messages.stdout).toContain('{"temp_c":21,"sky":"sunny"}');

    expect(sessions.stdout).toMatch(/^SESSION\s+USER\s+START\s+DURATION\s+TRACES\s+TOKENS\s+COST\nsess-cli\s+ada\s+\d+m ago\s+2\.50s\s+1\s+300\s/);
  });

  it('filters with --filter in either dialect and the shortcuts, ANDed', async () => {
    const ids = (run: Run) => parseJson(run).data.map((t: { trace_id: string }) => t.trace_id);
    const typed = JSON.stringify([{ type: 'string', column: 'environment', operator: '=', value: 'staging' }]);
    const documented = JSON.stringify([{ key: 'user_id', op: 'eq', value: 'ada' }]);
    const runs = await Promise.all([
      runCli(['traces', 'list', '--url', server.apiUrl, '--json', '--filter', typed]),
      runCli(['traces', 'list', '--db', server.dbPath, '--json', '--filter', documented]),
      runCli(['traces', 'list', '--url', server.apiUrl, '--json', '--session', 'sess-cli', '--user', 'ada', '--environment', 'production']),
      runCli(['traces', 'list', '--url', server.apiUrl, '--json', '--model', 'claude-3-5-haiku-20241022', '--since', '7d']),
      runCli(['traces', 'list', '--url', server.apiUrl, '--json', '--since', '1d', '--limit', '1']),
      runCli(['traces', 'list', '--url', server.apiUrl, '--json', '--filter', documented, '--model', 'claude-3-5-haiku-20241022']),
    ]);
    expect(runs.map(ids)).toEqual([[summaryId], [weatherId], [weatherId], [summaryId], [weatherId], []]);
  });

  it('stats: counts, and tokens and cost by model, provider and day that add up to the totals', async () => {
    const [viaUrl, viaDb, text] = await Promise.all([
      runCli(['stats', '--url', server.apiUrl, '--json']),
      runCli(['stats', '--db', server.dbPath, '--json']),
      runCli(['stats', '--url', server.apiUrl]),
    ]);
    const stats = parseJson(viaUrl);
    expect(parseJson(viaDb)).toEqual(stats);
    expect(stats).toMatchObject({ traces: 2, spans: 5, failed_traces: 0, input_tokens: 750, output_tokens: 150, total_tokens: 900 });
    expect(stats.by_model.map((m: any) => [m.model, m.spans, m.total_tokens])).toEqual([['claude-3-5-haiku-20241022', 1, 600], ['gpt-4o', 2, 300]]);
    expect(stats.by_provider.map((p: any) => [p.provider, p.total_tokens])).toEqual([['anthropic', 600], ['openai', 300]]);
    expect(stats.by_day.map((d: any) => d.traces)).toEqual([1, 1]);
    const sumCost = (rows: { total_cost: number }[]) => rows.reduce((a, r) => a + r.total_cost, 0);
    expect(stats.total_cost).toBeGreaterThan(0);
    expect(sumCost(stats.by_model)).toBeCloseTo(stats.total_cost, 9);
    expect(sumCost(stats.by_day)).toBeCloseTo(stats.total_cost, 9);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^2 traces, 5 spans \(\d+ GenAI\), 0 failed\nTokens 900 \(750 in, 150 out\)/);
    expect(text.stdout).toMatch(/^MODEL\s+SPANS\s+INPUT\s+OUTPUT\s+TOKENS\s+COST\nclaude-3-5-haiku-20241022\s+1\s+500\s+100\s+600\s/m);
    expect(text.stdout).toMatch(/^DAY \(UTC\)\s+TRACES/m);
  });

  it('wait: returns once the traces arrive (sent 1 s after it starts) and prints them', async () => {
    const filter = JSON.stringify([{ key: 'trace_name', op: 'eq', value: 'ci-job' }]);
    const waiting = runCli(['wait', '--count', '1', '--filter', filter, '--timeout', '30s', '--url', server.apiUrl, '--json']);
    await delay(1000);
    const [sent] = await sendSpans(server, [spec('ci-job-1', 'ci-job')], Date.now(), 'wait-ok');
    const run = await waiting;
    const page = parseJson(run);
    expect(page.data.map((t: { trace_id: string }) => t.trace_id)).toEqual([sent!.traceId]);
    expect(run.ms).toBeGreaterThanOrEqual(1000);
  });

  it('wait: on timeout exits 1 saying how many traces it saw and their names', async () => {
    const [run, none] = await Promise.all([
      runCli(['wait', '--count', '3', '--user', 'ada', '--timeout', '1s', '--interval', '100ms', '--db', server.dbPath]),
      runCli(['wait', '--count', '1', '--user', 'nobody', '--timeout', '500ms', '--url', server.apiUrl]),
    ]);
    expectFailure(run, 1, /^tracelite: timed out after [\d.]+s waiting for 3 traces: saw 1 matching \("weather-agent"\)\n$/);
    expect(run.stdout).toMatch(/weather-agent/);
    expectFailure(none, 1, 'waiting for 1 trace: saw none matching');
  });

  it('wait: retries while the server is not up yet (connection refused), then succeeds', async () => {
    const port = await reservePort();
    const waiting = runCli(['wait', '--count', '1', '--timeout', '30s', '--url', `http://127.0.0.1:${port}`]);
    await delay(2000);
    const late = await startTestServer({ config: { api: { endpoint: `127.0.0.1:${port}` } } });
    try {
      await sendSpans(late, [spec('late-1', 'late-job')], Date.now(), 'late');
      const run = await waiting;
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/late-job/);
    } finally {
      await late.stop();
    }
    expectFailure(await runCli(['traces', 'list', '--url', `http://127.0.0.1:${port}`]), 1, /cannot reach tracelite at .* \(ECONNREFUSED\)/);
  });

  it('--db reads while the server keeps receiving, and never disturbs it', async () => {
    let sending = true;
    let sent = 0;
    const sender = (async () => {
      while (sending) {
        await sendSpans(server, [spec(`live-${sent}`, 'live-job')], Date.now(), `live-${sent}`);
        sent++;
        await delay(20);
      }
    })();
    const runs = await Promise.all([
      runCli(['traces', 'list', '--db', server.dbPath, '--json', '--limit', '500']),
      runCli(['stats', '--db', server.dbPath, '--json']),
      runCli(['wait', '--count', '5', '--filter', JSON.stringify([{ key: 'trace_name', op: 'eq', value: 'live-job' }]), '--db', server.dbPath, '--json']),
    ]);
    sending = false;
    await sender;
    const [list, stats, waited] = runs.map(parseJson);
    expect(list.data.length).toBeGreaterThanOrEqual(4);
    expect(stats.traces).toBeGreaterThanOrEqual(4);
    expect(waited.meta.total_items).toBeGreaterThanOrEqual(5);
    // Everything the server acknowledged is there, and it still answers.
    const after = await api(server, `/traces?limit=1&filters=${encodeURIComponent(JSON.stringify([{ key: 'trace_name', op: 'eq', value: 'live-job' }]))}`);
    expect(after.meta.total_items).toBe(sent);
  });

  it('sends --api-key / TRACELITE_API_KEY as a bearer token to a server with auth on', async () => {
    const secured = await startTestServer({ config: { auth: { mode: 'keys', key_cache_seconds: 0 } } });
    try {
      const db = openDatabase(secured.dbPath, { autoCheckpoint: false });
      createProject(db, 'default');
      const key = createApiKey(db, { projectId: 'default', role: 'viewer' });
      db.close();
      const [without, withFlag, withEnv] = await Promise.all([
        runCli(['traces', 'list', '--url', secured.apiUrl]),
        runCli(['traces', 'list', '--url', secured.apiUrl, '--api-key', key.secretKey, '--json']),
        runCli(['sessions', 'list', '--url', secured.apiUrl, '--json'], { TRACELITE_API_KEY: key.secretKey }),
      ]);
      expectFailure(without, 1, 'missing credentials');
      expect(parseJson(withFlag).data).toEqual([]);
      expect(parseJson(withEnv).data).toEqual([]);
    } finally {
      await secured.stop();
    }
  });

  it('exits 2 with a one-line reason for bad arguments, 1 for a missing trace', async () => {
    const url = ['--url', server.apiUrl];
    const cases: [string[], string][] = [
      [['traces', 'list', '--limit', '0', ...url], '--limit 0: expected a whole number'],
      [['traces', 'list', '--colour', 'red', ...url], "Unknown option '--colour'"],
      [['traces', 'list', '--filter', '{not json', ...url], '--filter is not JSON'],
      [['traces', 'list', '--filter', '[{"key":"colour","op":"eq","value":"red"}]', ...url], "unknown filter column 'colour'"],
      [['traces', 'list', '--since', 'yesterday', ...url], '--since yesterday: expected a duration'],
      [['traces', 'show', ...url], 'missing TRACE_ID'],
      [['traces', 'list', ...url, '--db', server.dbPath], 'give --url or --db, not both'],
      [['wait', ...url], '--count N is required'],
      [['wait', '--count', '1', '--timeout', 'soon', ...url], '--timeout soon: expected a duration'],
      [['sessions'], '"sessions" needs a subcommand: sessions list'],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    runs.forEach((run, i) => expectFailure(run, 2, cases[i]![1]));
    expectFailure(await runCli(['traces', 'show', 'f'.repeat(32), ...url]), 1, `trace not found: ${'f'.repeat(32)}`);
  });

  it('--help on every command (exit 0); plain `tracelite --help` still describes serve', async () => {
    const commands = [['traces', 'list'], ['traces', 'show'], ['messages'], ['sessions', 'list'], ['stats'], ['wait']];
    const runs = await Promise.all([...commands.map((c) => runCli([...c, '--help'])), runCli(['--help']), runCli(['traces', '--help'])]);
    commands.forEach((command, i) => {
      expect(runs[i]!.code).toBe(0);
      expect(runs[i]!.stdout).toMatch(new RegExp(`^Usage: tracelite ${command.join(' ')}`));
      expect(runs[i]!.stdout).toContain('--db FILE');
    });
    expect(runs[4]!.stdout).toContain('by model and by provider');
    expect(runs[5]!.stdout).toContain('--timeout T');
    expect(runs[6]!.stdout).toMatch(/^Usage: tracelite \[serve\]/);
    expect(runs[6]!.stdout).toContain('tracelite wait --count N');
    expect(runs[7]!.stdout).toContain('tracelite traces show TRACE_ID');
  });
});

function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
