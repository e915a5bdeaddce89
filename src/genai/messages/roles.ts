// NORMALIZE stage, messages: folds every convention's role spelling into the four SideML
// roles (system | user | assistant | tool). Input: a raw role value; output: Role or null.

import type { Role } from '../types.js';

const ROLE_ALIASES: Record<string, Role> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  human: 'user',
  humanmessage: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  aimessage: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  chatbot: 'assistant',
  tool: 'tool',
  toolmessage: 'tool',
  function: 'tool',
  ipython: 'tool',
  systemmessage: 'system',
};

export function normalizeRole(raw: unknown): Role | null {
  if (typeof raw !== 'string') return null;
  return ROLE_ALIASES[raw.trim().toLowerCase()] ?? null;
}
