import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledCli } from '../../bin/compiled';

describe('the compiled CLI is used only when it is current', () => {
  let root: string;
  const touch = (path: string, seconds: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), seconds, seconds);
  };
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'sijill-compiled-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the sources, saying nothing, when there is no build', () => {
    touch('src/cli/main.ts', 1_000);
    expect(compiledCli(root)).toEqual({ entry: null, reason: null });
  });

  it('runs the build when no source changed after it', () => {
    touch('src/cli/main.ts', 1_000);
    touch('projections/person-record/fold.ts', 1_500);
    touch('dist/src/cli/main.js', 2_000);
    expect(compiledCli(root)).toEqual({ entry: join(root, 'dist/src/cli/main.js'), reason: null });
  });

  it('runs the sources, naming the file, when one changed after the build', () => {
    touch('src/cli/main.ts', 1_000);
    touch('dist/src/cli/main.js', 2_000);
    touch('projections/family-links/family-links.documents.ts', 3_000);
    expect(compiledCli(root)).toEqual({
      entry: null,
      reason: 'projections/family-links/family-links.documents.ts changed after the build',
    });
  });

  it('ignores files that are not TypeScript sources', () => {
    touch('src/cli/main.ts', 1_000);
    touch('dist/src/cli/main.js', 2_000);
    touch('migrations/README.md', 3_000);
    expect(compiledCli(root).entry).toBe(join(root, 'dist/src/cli/main.js'));
  });
});
