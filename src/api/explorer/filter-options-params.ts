// QUERY/SERVE (explorer): the `columns` parameter of the filter-options endpoints,
// checked against what the entity can list.
import { AppError } from '../../errors.js';
import { splitCsv } from './list-params.js';

export function resolveOptionColumns(param: string | undefined, allowed: string[], defaults: string[]): string[] {
  const requested = splitCsv(param);
  if (!requested) return defaults;
  for (const column of requested) {
    if (!allowed.includes(column)) {
      throw new AppError('VALIDATION_ERROR', `unknown filter-options column '${column}'; allowed: ${allowed.join(', ')}`);
    }
  }
  return requested;
}
