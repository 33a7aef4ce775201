import path from 'node:path';
import {
  makeTarball,
  manifest,
  tempDir,
  writeFiles,
} from './__testUtils__/tarballs';
import { checkPackedPackagesLoad, commonJsEntries } from './loadCheck';
import { readTarball } from './tarball';

jest.setTimeout(60_000);

describe('checkPackedPackagesLoad', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  // The workspace's node_modules: one third-party package that resolves other
  // packages' files the way resolvePackagePath does, from its own folder.
  const workspaceModules = path.join(tmp.dir, 'workspace', 'node_modules');
  writeFiles(workspaceModules, {
    'resolver/package.json': manifest({ name: 'resolver', main: 'index.js' }),
    'resolver/index.js': [
      "const path = require('node:path');",
      'exports.resolvePackagePath = (name, ...paths) =>',
      "  path.resolve(require.resolve(name + '/package.json'), '..', ...paths);",
    ].join('\n'),
  });

  const good = makeTarball(tmp.dir, 'good', {
    'package.json': manifest({
      name: '@platform-kit/good',
      main: 'dist/index.cjs.js',
      bin: { good: 'bin/good' },
      dependencies: { resolver: '^1.0.0' },
    }),
    'bin/good': "if (process.argv[2] !== '--help') process.exit(1);",
    'dist/index.cjs.js': [
      "const fs = require('node:fs');",
      "const { resolvePackagePath } = require('resolver');",
      "const dir = resolvePackagePath('@platform-kit/good', 'sql-templates');",
      "if (!fs.existsSync(dir)) throw new Error('no templates at ' + dir);",
      "exports.other = require('@platform-kit/other');",
    ].join('\n'),
    'sql-templates/enable_rls.sql':
      'ALTER TABLE {{table}} ENABLE ROW LEVEL SECURITY;',
  });
  const other = makeTarball(tmp.dir, 'other', {
    'package.json': manifest({
      name: '@platform-kit/other',
      exports: {
        '.': { require: './dist/index.cjs.js', import: './dist/index.esm.js' },
        './package.json': './package.json',
      },
    }),
    'dist/index.cjs.js': 'exports.answer = 42;',
    'dist/index.esm.js': 'export const answer = 42;',
  });
  const broken = makeTarball(tmp.dir, 'broken', {
    'package.json': manifest({
      name: '@platform-kit/broken',
      main: 'dist/index.cjs.js',
      bin: 'bin/broken',
    }),
    'bin/broken': "console.error('no such command'); process.exit(3);",
    'dist/index.cjs.js': "require('./missing.cjs.js');",
  });

  it('loads packed packages from each other, dependencies from the workspace', async () => {
    const problems = await checkPackedPackagesLoad(
      [
        {
          name: '@platform-kit/good',
          entries: readTarball(good),
          assets: ['sql-templates'],
        },
        {
          name: '@platform-kit/other',
          entries: readTarball(other),
          assets: [],
        },
      ],
      workspaceModules,
    );
    expect(problems).toEqual([]);
  });

  it('reports an entry point that does not load, a missing asset and a failing bin', async () => {
    const problems = await checkPackedPackagesLoad(
      [
        {
          name: '@platform-kit/broken',
          entries: readTarball(broken),
          assets: ['migrations'],
        },
      ],
      workspaceModules,
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^@platform-kit\/broken: require of its entry point \. \(dist\/index\.cjs\.js\) failed: Cannot find module '\.\/missing\.cjs\.js'$/,
      ),
      expect.stringMatching(
        /^@platform-kit\/broken: its runtime asset migrations does not resolve inside the installed package/,
      ),
      '@platform-kit/broken: broken --help exited 3: no such command',
    ]);
  });
});

describe('commonJsEntries', () => {
  it('takes the require target of each export and skips ES modules', () => {
    expect(
      commonJsEntries({
        name: 'x',
        version: '1.0.0',
        exports: {
          '.': {
            import: './dist/index.esm.js',
            require: './dist/index.cjs.js',
          },
          './alpha': './dist/alpha.esm.js',
          './package.json': './package.json',
        },
      }),
    ).toEqual([{ label: '.', file: './dist/index.cjs.js' }]);
    expect(
      commonJsEntries({
        name: 'x',
        version: '1.0.0',
        main: 'dist/index.esm.js',
      }),
    ).toEqual([]);
  });
});
