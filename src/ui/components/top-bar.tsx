// The top navigation: Traces, Sessions and the project (picked from the projects the API
// lists for this caller, components/project-switcher.tsx).
import { followLink, navigate } from '../lib/navigation.js';
import { formatRoute, type Route } from '../lib/route.js';
import { ProjectSwitcher } from './project-switcher.js';

export function TopBar({ route }: { route: Route }) {
  const onTraces = route.page === 'traces' || route.page === 'trace';
  const tracesRoute: Route = { page: 'traces', project: route.project };
  const sessionsRoute: Route = { page: 'sessions', project: route.project };
  const switchProject = (project: string) => {
    if (project !== route.project) navigate(onTraces ? { page: 'traces', project } : { page: 'sessions', project });
  };
  return (
    <header class="top">
      <a class="brand" href={formatRoute(tracesRoute)} onClick={followLink(tracesRoute)}>tracelite</a>
      <nav aria-label="Main">
        <a href={formatRoute(tracesRoute)} onClick={followLink(tracesRoute)} aria-current={onTraces ? 'page' : undefined}>Traces</a>
        <a href={formatRoute(sessionsRoute)} onClick={followLink(sessionsRoute)} aria-current={onTraces ? undefined : 'page'}>Sessions</a>
      </nav>
      <ProjectSwitcher current={route.project} onSwitch={switchProject} />
    </header>
  );
}
