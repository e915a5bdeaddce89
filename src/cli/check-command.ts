// CLI: `tracelite check` — asks SQLite whether the database file is intact (PRAGMA
// integrity_check, or quick_check with --quick) and says what to do when it is not.
// Read-only: safe while a server writes to the same file. Exit 0 intact, 1 damaged, 2 usage.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { checkDatabaseFile, describeDamageRemedy } from '../store/schema/integrity-check.js';

export const CHECK_USAGE = `       tracelite check [--db FILE | --config FILE] [--quick]
         Runs SQLite's integrity check on the database (read-only, safe while a server runs) and
         prints a verdict: exit 0 when intact, 1 when damaged (with the first problems found).
         --quick runs quick_check instead: much faster on a big file, skips the index contents.`;

export async function runCheckCommand(argv: string[]): Promise<number> {
  let values: { db?: string; config?: string; quick?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { db: { type: 'string' }, config: { type: 'string' }, quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    console.error(`tracelite check: ${(err as Error).message}\n(see tracelite check --help)`);
    return 2;
  }
  if (values.help) {
    console.log(CHECK_USAGE);
    return 0;
  }
  let file: string;
  try {
    file = loadConfig({ configFile: values.config, db: values.db }).storage.path;
  } catch (err) {
    console.error(`tracelite check: ${(err as Error).message}`);
    return err instanceof ConfigError ? 2 : 1;
  }
  if (!fs.existsSync(file)) {
    console.error(`tracelite check: no database at ${file}`);
    return 2;
  }
  const verdict = checkDatabaseFile(file, values.quick === true);
  const kind = values.quick ? 'quick_check' : 'integrity_check';
  if (verdict.ok) {
    console.log(`ok: ${file} passed SQLite's ${kind}`);
    return 0;
  }
  console.log(`DAMAGED: ${file} failed SQLite's ${kind}. First problems SQLite reports:\n${verdict.problems.map((p) => `  ${p}`).join('\n')}`);
  console.error(describeDamageRemedy(file));
  return 1;
}
