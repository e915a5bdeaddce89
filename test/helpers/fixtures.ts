// The real OTLP/JSON captures the user gave us in ../shared/fixtures/sideseat, copied into
// test/fixtures/sideseat so a clone runs its tests anywhere (one export per line, under `.data`).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const SHARED_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sideseat');

export interface CaptureFile {
  name: string;
  requests: unknown[];
}

export function loadJsonFixture(): CaptureFile[] {
  return fs
    .readdirSync(SHARED_FIXTURES)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .map((file) => ({
      name: file,
      requests: zlib
        .gunzipSync(fs.readFileSync(path.join(SHARED_FIXTURES, file)))
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { data: unknown }).data),
    }));
}
