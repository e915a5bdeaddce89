// Query benchmark, seeding stage: sends `totalSpans` GenAI spans through the real ingest
// path (OTLP/HTTP protobuf, 100-span requests, several concurrent clients) spread over
// projects, environments, thousands of sessions and users and 30 days of start times.
// Output: the acknowledged rate (spans/s) and refused-request count.
import { buildSeedTemplate, instantiateSeed, type SeedTemplate, type TraceFill } from './seed-load.js';

/** The measured project gets most of the data; the others make isolation matter. */
export const PROJECTS = [
  { id: 'acme', weight: 0.7 },
  { id: 'beta', weight: 0.2 },
  { id: 'gamma', weight: 0.1 },
];
export const MEASURED_PROJECT = 'acme';
/** Ingest target of the one-trace writes that invalidate read caches between samples. */
export const TRICKLE_PROJECT = 'bench-trickle';
/** Session numbers from here on are used by exactly one trace. */
export const SINGLETON_SESSION_BASE = 90_000_000;

const ENVIRONMENTS = ['production', 'production', 'production', 'production', 'production', 'production', 'staging', 'staging', 'staging', 'development'];
const TEMPLATES = 20;
const DAY_NS = 86_400_000_000_000n;
const WINDOW_NS = 30n * DAY_NS;

export interface SeedOptions {
  otlpHttpUrl: string;
  totalSpans: number;
  concurrency: number;
  spansPerRequest: number;
  onProgress?: (ackedSpans: number) => void;
}

export interface SeedResult {
  ackedSpans: number;
  seconds: number;
  refused: number;
  traces: number;
  sessionsPerProject: Record<string, number>;
}

/** Assigns each trace a time, a session (fixed to one project and environment) and that session's user. */
class Population {
  readonly sessionsPerProject: Record<string, number> = {};
  private singletons = 0;
  private readonly users: number;
  private readonly windowStart = BigInt(Date.now()) * 1_000_000n - WINDOW_NS;

  constructor(private readonly totalRequests: number, totalTraces: number) {
    const sessions = Math.max(200, Math.round(totalTraces / 25));
    this.users = Math.max(50, Math.round(sessions / 4));
    for (const p of PROJECTS) this.sessionsPerProject[p.id] = Math.max(20, Math.round((sessions * p.weight) / 3));
  }

  fill(request: number, project: number, template: SeedTemplate): (trace: number) => TraceFill {
    const slice = WINDOW_NS / BigInt(this.totalRequests);
    const base = this.windowStart + slice * BigInt(request);
    const env = ENVIRONMENTS.indexOf(template.environment);
    return () => {
      const session = Math.random() < 0.02 ? SINGLETON_SESSION_BASE + ++this.singletons : this.pooledSession(project, env);
      const startNs = base + BigInt(Math.floor(Math.random() * Number(slice)));
      return { startNs, session, user: 1 + ((session * 2_654_435_761) % this.users) };
    };
  }

  private pooledSession(project: number, env: number): number {
    const k = Math.floor(Math.random() * this.sessionsPerProject[PROJECTS[project]!.id]!);
    return 1 + (k * PROJECTS.length + project) * 10 + env;
  }
}

function pickProject(request: number): number {
  const u = ((request * 0.6180339887) % 1 + 1) % 1;
  let acc = 0;
  for (let i = 0; i < PROJECTS.length; i++) if (u < (acc += PROJECTS[i]!.weight)) return i;
  return 0;
}

export async function sendExport(otlpHttpUrl: string, projectId: string, body: Buffer): Promise<number> {
  const response = await fetch(`${otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'x-project-id': projectId }, body });
  await response.arrayBuffer();
  return response.status;
}

export async function seed(options: SeedOptions): Promise<SeedResult> {
  const templates = Array.from({ length: TEMPLATES }, (_, i) => buildSeedTemplate(i, options.spansPerRequest, ENVIRONMENTS[i % ENVIRONMENTS.length]!));
  const totalRequests = Math.ceil(options.totalSpans / options.spansPerRequest);
  const tracesPerRequest = templates.reduce((n, t) => n + t.traceCount, 0) / templates.length;
  const population = new Population(totalRequests, totalRequests * tracesPerRequest);
  let next = 0;
  let acked = 0;
  let refused = 0;
  let traces = 0;
  const started = performance.now();
  const client = async () => {
    for (let request = next++; request < totalRequests; request = next++) {
      const project = pickProject(request);
      const template = templates[(request * 7) % templates.length]!;
      const body = instantiateSeed(template, population.fill(request, project, template));
      for (;;) {
        const status = await sendExport(options.otlpHttpUrl, PROJECTS[project]!.id, body);
        if (status === 200) break;
        if (status !== 503 && status !== 429) throw new Error(`seed export answered HTTP ${status}`);
        refused++; // an SDK would retry after a back-off: so do we
        await new Promise((r) => setTimeout(r, 100));
      }
      acked += template.spanCount;
      traces += template.traceCount;
      options.onProgress?.(acked);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { ackedSpans: acked, seconds: (performance.now() - started) / 1000, refused, traces, sessionsPerProject: population.sessionsPerProject };
}

/** A small export (one 3-span trace) whose commit invalidates the server's read caches. */
export function trickleBody(): () => Buffer {
  const template = buildSeedTemplate(99, 3, 'production');
  let n = 0;
  return () => instantiateSeed(template, () => ({ startNs: BigInt(Date.now()) * 1_000_000n, session: 1 + (n++ % 100), user: 1 }));
}
