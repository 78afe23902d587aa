#!/usr/bin/env node
// Runs the TypeScript sources directly (SWC transpiles on load), so `npm ci && npm start`
// needs no build step. A compiled build (npm run build) is used when present and newer than
// every source.
const { spawnSync } = require('node:child_process');
const { totalmem } = require('node:os');
const { join } = require('node:path');
const { compiledCli } = require('./compiled');

// A rebuild or a benchmark holds what is still open of a register of tens of millions of
// persons and allocates short-lived objects for every event: it gets a heap sized to the
// machine and a young generation large enough that most of them die young (measured: a
// fifth of a rebuild's time went to the collector with the default; semi-spaces of 128 MB
// rebuilt a million persons 6 % faster than 64 MB, 256 MB no faster), and may collect on
// demand (a rebuild checks how much of its heap is live). Other commands keep Node's
// defaults.
const heavy = process.argv.includes('rebuild') || process.argv[2] === 'bench';
if (heavy && !process.env.SIJILL_HEAP_SIZED) {
  const heapMb = Math.max(2048, Math.floor((totalmem() / 2 ** 20) * 0.6));
  const { status, signal } = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${heapMb}`,
      '--max-semi-space-size=128',
      '--expose-gc',
      ...process.execArgv,
      __filename,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, SIJILL_HEAP_SIZED: '1' } },
  );
  process.exit(status ?? (signal ? 1 : 0));
}

const compiled =
  process.env.SIJILL_FROM_SOURCE === '1'
    ? { entry: null, reason: null }
    : compiledCli(join(__dirname, '..'));
if (compiled.entry) {
  require(compiled.entry);
} else {
  if (compiled.reason)
    process.stderr.write(
      `sijill: ${compiled.reason}: running the sources (npm run build compiles them again)\n`,
    );
  process.env.SWC_NODE_PROJECT =
    process.env.SWC_NODE_PROJECT || join(__dirname, '..', 'tsconfig.json');
  require('@swc-node/register');
  require(join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
