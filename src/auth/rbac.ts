// AUTH: who may do what — the one role matrix (docs/auth.md), checked in one place
// (src/api/auth-middleware.ts and the OTLP receivers). Input: a role and what a request
// does. Output: allowed or not.

export type Role = 'admin' | 'developer' | 'viewer' | 'billing';

/** What a request does. `read`: traces, spans, conversations, scores; `write`: ingest,
 *  create, update, delete; `usage`: token and cost roll-ups without content; `manage`:
 *  projects and keys (the CLI today). */
export type Action = 'read' | 'write' | 'usage' | 'manage';

export const ROLE_MATRIX: Record<Role, ReadonlySet<Action>> = {
  admin: new Set(['read', 'write', 'usage', 'manage']),
  developer: new Set(['read', 'write', 'usage']),
  viewer: new Set(['read', 'usage']),
  billing: new Set(['usage']),
};

export function isAllowed(role: Role, action: Action): boolean {
  return ROLE_MATRIX[role].has(action);
}
