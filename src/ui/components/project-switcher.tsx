// The top bar's project picker: a labelled <select> of the projects the caller may open
// (GET /api/v1/projects, with their trace counts). Choosing one opens the same page kind
// (traces or sessions) in it. The project in the URL is always an option, even when the
// API does not list it (no data yet, or the list could not be read).
import { useEffect, useState } from 'preact/hooks';
import { api, onApiKeyChange } from '../api/client.js';
import { subscribeDebounced } from '../api/live.js';
import type { ProjectSummary } from '../api/types.js';
import { projectOptions } from '../lib/project-options.js';

/** Counts are re-read at most this often while the viewed project receives spans. */
const LIVE_RELOAD_MS = 300;

export function ProjectSwitcher({ current, onSwitch }: { current: string; onSwitch: (project: string) => void }) {
  const [projects, setProjects] = useState<ProjectSummary[]>([]);
  // A 401 opens the key prompt (client.ts) and leaves the list as it is. It is read again on a
  // user's act, a new key, or new spans in the project being viewed (its count moved; the
  // stream is shared with the list, and only an accepted caller receives events), so a refused
  // key cannot loop.
  const load = () => void api.listProjects().then((r) => setProjects(r.data), () => undefined);
  useEffect(() => {
    load();
    const stopKeys = onApiKeyChange(load);
    const stopLive = subscribeDebounced(current, load, LIVE_RELOAD_MS);
    return () => { stopKeys(); stopLive(); };
  }, [current]);
  return (
    <div class="project">
      <label for="project">Project</label>
      {/* Read again on focus: the counts grow while the page is open (live traces). */}
      <select id="project" value={current} onFocus={load} onChange={(e) => onSwitch(e.currentTarget.value)}>
        {projectOptions(projects, current).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
      </select>
    </div>
  );
}

