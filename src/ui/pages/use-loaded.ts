// DATA (web UI): one API answer for what a page shows, read again when `key` changes (another
// trace or session). Until it arrives the value is null; an answer for a key the user has
// already left is dropped, so a slow earlier one never replaces what is on screen.
import { useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  value: T | null;
  /** Why it could not be read; null while loading or once read. */
  error: string | null;
}

export function useLoaded<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ value: null, error: null });
  useEffect(() => {
    setState({ value: null, error: null });
    let current = true;
    load().then((value) => current && setState({ value, error: null }), (err: Error) => current && setState({ value: null, error: err.message }));
    return () => { current = false; };
  }, [key]);
  return state;
}
