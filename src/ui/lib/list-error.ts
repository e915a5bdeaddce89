// VIEW LOGIC (web UI): what the traces list says, in its own area, when the API refuses or
// fails the query. A 400 is the user's input (a search over 32 words, a malformed quote):
// the server's message says what to change, so it is shown as the reason, not as a crash.

export function describeListError(status: number | null, message: string, searching: boolean): string {
  if (status === 400) return `${searching ? 'This search' : 'These filters'} cannot be run: ${message}`;
  if (status === 401 || status === 403) return `Not allowed to list these traces: ${message}`;
  return `Could not load the traces: ${message}`;
}
