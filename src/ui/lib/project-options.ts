// VIEW LOGIC (web UI): the project switcher's options from GET /api/v1/projects: each
// project with its trace count, in the API's order (by id), and the project being viewed
// added when the API does not list it (a project with no data yet, or the list failed).

export interface ProjectOption {
  id: string;
  label: string;
}

export function projectOptions(projects: { id: string; trace_count: number }[], current: string): ProjectOption[] {
  const options = projects.map((p) => ({ id: p.id, label: `${p.id} (${p.trace_count} ${p.trace_count === 1 ? 'trace' : 'traces'})` }));
  if (!projects.some((p) => p.id === current)) options.unshift({ id: current, label: current });
  return options;
}
