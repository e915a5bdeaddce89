// DECODE stage (both codecs): building the model's flattened Attributes map safely.
// Input: one decoded key and value. Output: the key set on the Attributes object.

import type { AnyValue, Attributes } from './model.js';

/** Sets one attribute; a literal "__proto__" key becomes a plain own property, not a prototype swap. */
export function setAttribute(attributes: Attributes, key: string, value: AnyValue): void {
  if (key === '__proto__') {
    Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    attributes[key] = value;
  }
}
