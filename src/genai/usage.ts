// NORMALIZE stage, usage: token counts as each convention reports them in, the semconv
// meaning out (cache read/write are subsets of input, reasoning a subset of output; total =
// input + output when not reported). Sources that count input without cached tokens
// (Anthropic, Bedrock Converse, Langfuse usage_details) are folded here, once.

import type { ReportedUsage } from './conventions/convention.js';
import type { Usage } from './types.js';

const USAGE_FIELDS = ['input', 'output', 'total', 'cacheRead', 'cacheWrite', 'reasoning'] as const;

export function createEmptyUsage(): Usage {
  return { input: null, output: null, total: null, cacheRead: null, cacheWrite: null, reasoning: null };
}

export function hasAnyUsage(usage: Usage): boolean {
  return USAGE_FIELDS.some((field) => usage[field] !== null);
}

/** A convention's reported usage in the semconv meaning (see module comment). */
export function normalizeReportedUsage(reported: ReportedUsage): Usage {
  const usage: Usage = createEmptyUsage();
  for (const field of USAGE_FIELDS) {
    const value = reported[field];
    usage[field] = typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
  }
  const cacheSum = (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0);
  if (usage.input !== null && cacheSum > 0 && inputExcludesCache(reported, usage, cacheSum)) usage.input += cacheSum;
  if (usage.output !== null && usage.reasoning !== null && (reported.outputExcludesReasoning === true || usage.output < usage.reasoning)) {
    usage.output += usage.reasoning;
  }
  return usage;
}

function inputExcludesCache(reported: ReportedUsage, usage: Usage, cacheSum: number): boolean {
  if (reported.inputExcludesCache === true) return true;
  // A subset can't exceed its whole: the source counted input without the cache.
  if (usage.input! < cacheSum) return true;
  // Bedrock-style totals add the cache on top of input + output.
  return usage.total !== null && usage.output !== null && usage.total === usage.input! + usage.output + cacheSum;
}

/** Fills fields of `target` that are still null from `source` (higher precedence merged first). */
export function mergeUsageInto(target: Usage, source: Usage): void {
  for (const field of USAGE_FIELDS) if (target[field] === null && source[field] !== null) target[field] = source[field];
}

/** total = input + output when the sources gave none. */
export function completeUsage(usage: Usage): Usage {
  if (usage.total === null && (usage.input !== null || usage.output !== null)) usage.total = (usage.input ?? 0) + (usage.output ?? 0);
  return usage;
}
