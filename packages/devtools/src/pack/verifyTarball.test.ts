import { makeTarball, manifest, tempDir } from './__testUtils__/tarballs';
import { readTarball } from './tarball';
import { entryPaths, verifyPackedPackage } from './verifyTarball';

const LONG_DIR = `dist/${'nested-folder-with-a-long-name/'.repeat(4)}`;

/** A backend plugin's tarball as `yarn pack` makes it after prepack. */
const COMPLETE = {
  'package.json': manifest({
    name: '@acme/backend',
    main: 'dist/index.cjs.js',
    types: 'dist/index.d.ts',
    exports: {
      '.': {
        backstage: '@backstage/BackendFeature',
        require: './dist/index.cjs.js',
        types: './dist/index.d.ts',
        default: './dist/index.cjs.js',
      },
      './package.json': './package.json',
    },
    typesVersions: { '*': { 'package.json': ['package.json'] } },
    bin: { acme: 'bin/acme' },
    configSchema: 'config.schema.json',
    dependencies: { knex: '^3.0.0', '@acme/common': '^1.0.0' },
    peerDependencies: { express: '^4.0.0' },
  }),
  'config.schema.json': '{}',
  'bin/acme': "#!/usr/bin/env node\nrequire('../dist/index.cjs.js');\n",
  'dist/index.cjs.js': [
    "'use strict';",
    "var fs = require('node:fs');",
    "var path = require('path');",
    "var knex = require('knex');",
    "var common = require('@acme/common/alpha');",
    "var store = require('./store/migrate.cjs.js');",
    `var deep = require('./${LONG_DIR.slice(5)}file.cjs.js');`,
    '/**',
    " * Example: require('not-a-dependency') in a comment is not an import.",
    ' */',
  ].join('\n'),
  'dist/store/migrate.cjs.js': "module.exports = require('../index.cjs.js');",
  [`${LONG_DIR}file.cjs.js`]: 'module.exports = 1;',
  'dist/index.d.ts': "import { Router } from 'express';\nexport { Router };",
  'migrations/0001_ops.sql': 'CREATE SCHEMA ops;',
};

describe('verifyPackedPackage', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  function verify(
    name: string,
    files: Record<string, string | { symlink: string }>,
    assets = [{ path: 'migrations', why: 'read by src/store/migrate.ts:8' }],
  ) {
    return verifyPackedPackage(
      readTarball(makeTarball(tmp.dir, name, files)),
      assets,
    );
  }

  it('accepts a complete package, long paths included', () => {
    expect(verify('complete', COMPLETE)).toEqual({
      problems: [],
      warnings: [],
    });
  });

  it('fails a runtime asset that is missing from the tarball', () => {
    const { 'migrations/0001_ops.sql': _, ...files } = COMPLETE;
    expect(verify('missing-asset', files).problems).toEqual([
      'runtime asset migrations (read by src/store/migrate.ts:8) is not in the tarball: add it to "files" in package.json',
    ]);
  });

  it('fails a symbolic link, with where it points', () => {
    const { 'migrations/0001_ops.sql': _, ...files } = COMPLETE;
    const { problems } = verify('symlink', {
      ...files,
      migrations: { symlink: '../../migrations' },
    });
    expect(problems).toContain(
      'migrations is a symbolic link to ../../migrations: a tarball must carry the files themselves (make it a real folder inside the package)',
    );
    expect(problems).toContain(
      'runtime asset migrations (read by src/store/migrate.ts:8) is not in the tarball: add it to "files" in package.json',
    );
  });

  it('fails an export that names a file the tarball does not carry', () => {
    const { problems } = verify('missing-export', {
      'migrations/0001_ops.sql': '',
      'package.json': manifest({
        name: '@acme/frontend',
        main: 'dist/index.esm.js',
        exports: {
          '.': './dist/index.esm.js',
          './alpha': './src/alpha.tsx',
          './package.json': './package.json',
        },
      }),
      'dist/index.esm.js': 'export const x = 1;',
    });
    expect(problems).toEqual([
      'exports["./alpha"] names ./src/alpha.tsx, which is not in the tarball (check "files" and "publishConfig", and that the package was built)',
    ]);
  });

  it('fails main, types, bin, typesVersions and configSchema that are missing', () => {
    const { problems } = verify('missing-fields', {
      'package.json': manifest({
        name: '@acme/cli',
        main: 'src/index.ts',
        types: 'src/index.ts',
        bin: 'bin/cli',
        typesVersions: { '*': { alpha: ['dist/alpha.d.ts'] } },
        configSchema: 'config.schema.json',
      }),
      'migrations/0001_ops.sql': '',
    });
    expect(problems.map(p => p.split(',')[0])).toEqual([
      'main names src/index.ts',
      'types names src/index.ts',
      'bin names bin/cli',
      'typesVersions["*"]["alpha"][0] names dist/alpha.d.ts',
      'configSchema names config.schema.json',
    ]);
  });

  it('fails dependency ranges that only resolve in the repository', () => {
    const { problems } = verify('workspace-range', {
      'migrations/0001_ops.sql': '',
      'package.json': manifest({
        name: '@acme/backend',
        dependencies: { '@acme/common': 'workspace:^' },
      }),
    });
    expect(problems).toEqual([
      'dependencies["@acme/common"] is "workspace:^", which only resolves inside this repository (pack with yarn pack)',
    ]);
  });

  it('fails code that imports a missing file or an undeclared package; declaration files only warn', () => {
    const report = verify('imports', {
      ...COMPLETE,
      'dist/index.cjs.js': "require('./gone.cjs.js');\nrequire('lodash/get');",
      'dist/index.d.ts':
        "import { Knex } from 'knex';\nimport type { Z } from 'zod';",
    });
    expect(report.problems).toEqual([
      'dist/index.cjs.js imports ./gone.cjs.js, which is not in the tarball',
      'dist/index.cjs.js imports lodash/get, but lodash is not in dependencies or peerDependencies',
    ]);
    expect(report.warnings).toEqual([
      'dist/index.d.ts imports zod, but zod is not in dependencies or peerDependencies',
    ]);
  });

  it('fails a tarball without a package.json', () => {
    expect(verify('no-manifest', { 'index.js': '' }, []).problems).toEqual([
      'the tarball has no package.json',
    ]);
  });
});

describe('entryPaths', () => {
  it('lists every path a manifest names, not the backstage feature type', () => {
    expect(
      entryPaths({
        name: 'x',
        version: '1.0.0',
        main: 'dist/index.cjs.js',
        module: 'dist/index.esm.js',
        browser: 'dist/browser.js',
        exports: {
          '.': {
            backstage: '@backstage/FrontendPlugin',
            import: './dist/index.esm.js',
          },
          './sub': ['./dist/sub.js'],
        },
      }).map(e => `${e.field}=${e.path}`),
    ).toEqual([
      'main=dist/index.cjs.js',
      'module=dist/index.esm.js',
      'browser=dist/browser.js',
      'exports["."]["import"]=./dist/index.esm.js',
      'exports["./sub"][0]=./dist/sub.js',
    ]);
  });
});
