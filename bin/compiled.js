'use strict';
// Whether dist/ holds a build of the current sources. A build older than a source it
// compiles would otherwise run the old code without a word: a benchmark after an edit
// would measure the code before it.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const SOURCES = ['src', 'projections', 'migrations'];

/** The first TypeScript file under `dir` changed after `time` (ms), or null. */
function changedAfter(dir, time) {
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = changedAfter(path, time);
      if (found) return found;
    } else if (entry.name.endsWith('.ts') && statSync(path).mtimeMs > time) return path;
  }
  return null;
}

/**
 * The compiled CLI under `root` when it is at least as new as every source, else null
 * with the reason (none when there is no build at all).
 */
function compiledCli(root) {
  const entry = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(entry)) return { entry: null, reason: null };
  const built = statSync(entry).mtimeMs;
  for (const dir of SOURCES) {
    const newer = changedAfter(join(root, dir), built);
    if (newer) return { entry: null, reason: `${relative(root, newer)} changed after the build` };
  }
  return { entry, reason: null };
}

module.exports = { compiledCli };
