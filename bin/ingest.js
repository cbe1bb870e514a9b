#!/usr/bin/env node
// The `ingest` command: loads the TypeScript CLI through tsx, so `npx ingest` works after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
