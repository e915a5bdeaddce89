// The key prompt: shown when the API answers 401. The key lives in sessionStorage (this
// browser tab's session only) and is sent as `Authorization: Bearer <key>`.
import { useEffect, useRef, useState } from 'preact/hooks';
import { setApiKey } from '../api/client.js';

export function LoginDialog({ onDone }: { onDone: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState('');
  useEffect(() => dialog.current?.showModal(), []);
  const submit = (event: Event) => {
    event.preventDefault();
    setApiKey(key.trim());
    dialog.current?.close();
    onDone();
  };
  return (
    <dialog ref={dialog} aria-labelledby="login-title">
      <form onSubmit={submit}>
        <h2 id="login-title">This tracelite needs a key</h2>
        <p class="soft">Paste an API secret key (sk-…) or a JWT. It is kept for this browser tab only.</p>
        <label for="api-key">Key</label>{' '}
        <input id="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} required />{' '}
        <button type="submit">Sign in</button>
      </form>
    </dialog>
  );
}
