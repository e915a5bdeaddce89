// STORE: a span's resource is stored once, in `resources` (migration 20), and each span
// points at it by `resource_id`. An SDK's resource (service, host, process, SDK attributes)
// is ~0.7 KB that every span of the process repeats: ~20% of a GenAI span row, written
// again into the WAL and the file for each span. Spans stored before migration 20 keep
// their text inline in `resource_json` (rewriting every row would take minutes on a large
// database); new spans leave it ''. Every read takes the text through spanResourceJson().
import type Database from 'better-sqlite3';

/** SQL for the resource JSON of span rows `alias`, wherever it is stored. */
export function spanResourceJson(alias: string): string {
  return `CASE WHEN ${alias}.resource_id IS NULL THEN ${alias}.resource_json
    ELSE (SELECT r.json FROM resources r WHERE r.id = ${alias}.resource_id) END`;
}

/** SQL for an attribute (JSON path `{path}`) of span rows `s`: the span's own, else its resource's. */
export const SPAN_ATTRIBUTE_SQL = `COALESCE(json_extract(s.attributes_json, {path}), json_extract(${spanResourceJson('s')}, {path}))`;

/** Finds or adds resources by their JSON text, inside the writer's transaction. */
export class ResourceIds {
  private readonly find: Database.Statement;
  private readonly insert: Database.Statement;
  // Ids seen in this transaction only: a rolled-back batch's new ids must not outlive it.
  private readonly known = new Map<string, number>();

  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT id FROM resources WHERE json = ?').pluck();
    this.insert = db.prepare('INSERT INTO resources (json) VALUES (?)');
  }

  clear(): void {
    this.known.clear();
  }

  idOf(json: string): number {
    let id = this.known.get(json);
    if (id === undefined) {
      id = (this.find.get(json) as number | undefined) ?? Number(this.insert.run(json).lastInsertRowid);
      this.known.set(json, id);
    }
    return id;
  }
}
