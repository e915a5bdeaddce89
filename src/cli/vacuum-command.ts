// CLI: `tracelite vacuum` — gives the space retention (or deletes) freed back to the disk.
// Deleted traces leave free pages that new data reuses, so the file stops growing but does not
// shrink; VACUUM rewrites it without them. Input: --db / --config. Output: sizes before and after.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { openDatabase } from '../store/schema/open-db.js';

export const VACUUM_USAGE = `       tracelite vacuum [--db FILE | --config FILE]
         Rewrites the database without its free pages (after retention or deletes). Best while no
         server runs on the file: meanwhile the server's writes wait, and exports past its lock
         timeout get a retryable refusal (SDKs retry).`;

export async function runVacuumCommand(argv: string[]): Promise<number> {
  let values: { db?: string; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { db: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (err) {
    console.error(`tracelite: ${err instanceof Error ? err.message : String(err)}\n(see tracelite vacuum --help)`);
    return 2;
  }
  if (values.help) {
    console.log(VACUUM_USAGE);
    return 0;
  }
  try {
    const file = loadConfig({ configFile: values.config, db: values.db }).storage.path;
    if (!fs.existsSync(file)) throw new Error(`no database at ${file}`);
    const before = fileBytes(file);
    const db = openDatabase(file);
    try {
      db.pragma('busy_timeout = 60000');
      const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
      console.error(`vacuuming ${file}: ${mb(before)} on disk, ${mb(free)} of it free pages…`);
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    console.log(`vacuumed ${file}: ${mb(before)} -> ${mb(fileBytes(file))}`);
    return 0;
  } catch (err) {
    console.error(`tracelite: vacuum failed: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof ConfigError ? 2 : 1;
  }
}

function fileBytes(file: string): number {
  const wal = `${file}-wal`;
  return fs.statSync(file).size + (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
