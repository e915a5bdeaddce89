// The top navigation: Traces, Sessions and the project. There is no API listing projects,
// so the switcher is a text field offering the projects this browser has opened.
import { useState } from 'preact/hooks';
import { followLink, navigate } from '../lib/navigation.js';
import { formatRoute, type Route } from '../lib/route.js';

const SEEN_PROJECTS = 'tracelite.projects';

function rememberProject(project: string): string[] {
  const seen = new Set<string>(JSON.parse(localStorage.getItem(SEEN_PROJECTS) ?? '["default"]') as string[]);
  seen.add(project);
  const list = [...seen].slice(-20);
  localStorage.setItem(SEEN_PROJECTS, JSON.stringify(list));
  return list;
}

export function TopBar({ route }: { route: Route }) {
  const projects = rememberProject(route.project);
  const [draft, setDraft] = useState(route.project);
  const onTraces = route.page === 'traces' || route.page === 'trace';
  const tracesRoute: Route = { page: 'traces', project: route.project };
  const sessionsRoute: Route = { page: 'sessions', project: route.project };
  const switchProject = (event: Event) => {
    event.preventDefault();
    const project = draft.trim();
    if (project) navigate(onTraces ? { page: 'traces', project } : { page: 'sessions', project });
  };
  return (
    <header class="top">
      <a class="brand" href={formatRoute(tracesRoute)} onClick={followLink(tracesRoute)}>tracelite</a>
      <nav aria-label="Main">
        <a href={formatRoute(tracesRoute)} onClick={followLink(tracesRoute)} aria-current={onTraces ? 'page' : undefined}>Traces</a>
        <a href={formatRoute(sessionsRoute)} onClick={followLink(sessionsRoute)} aria-current={onTraces ? undefined : 'page'}>Sessions</a>
      </nav>
      <form class="project" onSubmit={switchProject}>
        <label for="project">Project</label>
        <input id="project" list="project-list" value={draft} size={14} onInput={(e) => setDraft(e.currentTarget.value)} onChange={switchProject} />
        <datalist id="project-list">{projects.map((p) => <option key={p} value={p} />)}</datalist>
      </form>
    </header>
  );
}
