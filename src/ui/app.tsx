// The web UI's shell: top navigation (Traces, Sessions, project), the page for the URL,
// and the key prompt when the API answers 401.
import { useEffect, useState } from 'preact/hooks';
import { onUnauthorized } from './api/client.js';
import { LoginDialog } from './components/login-dialog.js';
import { TopBar } from './components/top-bar.js';
import { useRoute } from './lib/navigation.js';
import { SessionPage } from './pages/session-page.js';
import { SessionsPage } from './pages/sessions-page.js';
import { TracePage } from './pages/trace-page.js';
import { TracesPage } from './pages/traces-page.js';

export function App() {
  const route = useRoute();
  const [needsKey, setNeedsKey] = useState(false);
  const [authEpoch, setAuthEpoch] = useState(0);
  useEffect(() => onUnauthorized(() => setNeedsKey(true)), []);
  useEffect(() => {
    document.title = `${route.page === 'trace' || route.page === 'traces' ? 'Traces' : 'Sessions'} · ${route.project} · tracelite`;
  }, [route]);
  return (
    <>
      <TopBar route={route} />
      <main key={authEpoch}>
        {route.page === 'traces' && <TracesPage project={route.project} />}
        {route.page === 'trace' && <TracePage project={route.project} traceId={route.traceId} />}
        {route.page === 'sessions' && <SessionsPage project={route.project} />}
        {route.page === 'session' && <SessionPage project={route.project} sessionId={route.sessionId} />}
      </main>
      {needsKey && <LoginDialog onDone={() => { setNeedsKey(false); setAuthEpoch((n) => n + 1); }} />}
    </>
  );
}
