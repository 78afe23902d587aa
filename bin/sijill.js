#!/usr/bin/env node
// Runs the TypeScript sources directly (SWC transpiles on load), so `npm ci && npm start`
// needs no build step. A compiled build (npm run build) is used when present.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (existsSync(compiled) && process.env.SIJILL_FROM_SOURCE !== '1') {
  require(compiled);
} else {
  process.env.SWC_NODE_PROJECT =
    process.env.SWC_NODE_PROJECT || join(__dirname, '..', 'tsconfig.json');
  require('@swc-node/register');
  require(join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
