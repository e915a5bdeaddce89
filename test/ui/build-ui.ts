// Builds the web UI (src/ui) into a temp dir for the tests, once per test file: a clean
// clone runs `npm test` without `npm run build`, and dist/ui may be stale while developing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../src/ui/vite.config.ts', import.meta.url));

export async function buildUiIntoTempDir(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-ui-'));
  const { build } = await import('vite');
  await build({ configFile: CONFIG, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}
