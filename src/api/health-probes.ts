// QUERY/SERVE: checks that API families contribute to /api/v1/health (the analytics
// family's Redis cache), so the health route need not know how each family is built.
// Input: named probes registered at mount time. Output: the names of those failing now.

/** Resolves true when the component answers; it must bound its own wait (<= 500 ms). */
export type HealthProbe = () => Promise<boolean>;

export class HealthProbes {
  private readonly probes = new Map<string, HealthProbe>();

  add(name: string, probe: HealthProbe): void {
    this.probes.set(name, probe);
  }

  /** The components whose probe failed or threw, in registration order. */
  async failing(): Promise<string[]> {
    const entries = [...this.probes];
    const results = await Promise.all(entries.map(([, probe]) => probe().catch(() => false)));
    return entries.filter((_, i) => !results[i]).map(([name]) => name);
  }
}
