#!/usr/bin/env node
// The `ingest` command. It runs the compiled CLI in dist/cli/ (built by `npm ci`'s prepare step,
// before `npm start` and `npm test`, and by `npm run build:cli`). A checkout without it, or
// INGEST_FROM_SOURCE=1, runs the TypeScript source through tsx instead (development).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.mjs', import.meta.url);
let main;
if (process.env.INGEST_FROM_SOURCE !== '1' && existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
