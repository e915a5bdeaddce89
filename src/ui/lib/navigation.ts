// VIEW LOGIC (web UI): client-side navigation with the History API; links stay real links
// (open in a new tab works) and a plain click is handled here without a page load.
import { useEffect, useState } from 'preact/hooks';
import { formatRoute, parseRoute, type Route } from './route.js';

const listeners = new Set<() => void>();

export function navigate(route: Route, replace = false): void {
  const url = formatRoute(route);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** onClick for an <a href>: navigate in-app unless the user asked for a new tab/window. */
export function followLink(route: Route) {
  return (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(route);
  };
}
