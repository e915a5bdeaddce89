// The tracelite CLI as the tests spawn it: the built dist/cli/main.js when it is newer than
// every server source file (a clean clone's `npm ci` builds it, so CI runs the build), else the
// TypeScript source through tsx (an edit not yet built is what gets tested). A spawn starts in
// ~0.26 s from dist against ~0.64 s through tsx, and the CLI and fault tests spawn ~100.
// TRACELITE_TEST_FROM_SOURCE=1 always runs the source.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'dist/cli/main.js');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'ui') continue; // the web UI is built and served apart (api.ui_dir)
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildFresh(): boolean {
  if (process.env.TRACELITE_TEST_FROM_SOURCE === '1' || !fs.existsSync(BUILT)) return false;
  return newestSourceMs(path.join(ROOT, 'src')) <= fs.statSync(BUILT).mtimeMs;
}

/** Node arguments that run the CLI; the command and its options follow. */
export const CLI_ENTRY: readonly string[] = isBuildFresh() ? [BUILT] : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts')];
