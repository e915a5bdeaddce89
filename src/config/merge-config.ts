// CONFIG: one raw config object laid over another, section by section (a key of `over` replaces
// the same key of `base` unless both are objects, which merge the same way). Used by whatever
// builds a config in code — the testing library's receiver, the tests' server helper.
import { isPlainObject } from '../genai/attribute-values.js';

export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? mergeConfig(current, value) : value;
  }
  return out;
}
