#!/usr/bin/env node
// Entry for `npx tracelite`: runs the compiled CLI (built by `npm run build`, which `npm install` runs via `prepare`).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('tracelite: dist/ is missing; run `npm run build` first');
    process.exit(1);
  }
  throw err;
});
