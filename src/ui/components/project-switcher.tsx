// The top bar's project picker: a labelled <select> of the projects the caller may open
// (GET /api/v1/projects, with their trace counts). Choosing one opens the same page kind
// (traces or sessions) in it. The project in the URL is always an option, even when the
// API does not list it (no data yet, or the list could not be read).
import { useEffect, useState } from 'preact/hooks';
import { api, onApiKeyChange } from '../api/client.js';
import type { ProjectSummary } from '../api/types.js';
import { projectOptions } from '../lib/project-options.js';

export function ProjectSwitcher({ current, onSwitch }: { current: string; onSwitch: (project: string) => void }) {
  const [projects, setProjects] = useState<ProjectSummary[]>([]);
  // A 401 opens the key prompt (client.ts) and leaves the list as it is. It is read again
  // only on a user's act or a new key, never on its own, so a refused key cannot loop.
  const load = () => void api.listProjects().then((r) => setProjects(r.data), () => undefined);
  useEffect(() => {
    load();
    return onApiKeyChange(load);
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
