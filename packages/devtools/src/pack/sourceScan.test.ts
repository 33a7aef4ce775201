import { tempDir, writeFiles } from './__testUtils__/tarballs';
import { callArguments, entrySources, scanRuntimeReads } from './sourceScan';

describe('scanRuntimeReads', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  writeFiles(tmp.dir, {
    'src/index.ts': [
      '/**',
      " * Example: resolvePackagePath('@acme/x', 'in-a-comment') is not a read.",
      ' */',
      "export { openStore } from './store';",
      "export * from './remediation/templates';",
    ].join('\n'),
    'src/testing.ts': "export { server } from './testing/server.js';",
    'src/testing/server.ts': [
      "import path from 'node:path';",
      "export const dir = path.join(__dirname, '../../fixtures');",
    ].join('\n'),
    'src/store/index.ts': [
      "import { resolvePackagePath } from '@backstage/backend-plugin-api';",
      "const PACKAGE = '@acme/backend';",
      'export const MIGRATIONS = resolvePackagePath(',
      '  PACKAGE,',
      "  'migrations',",
      ');',
      'export const SPEC = resolvePackagePath(',
      "  '@acme/backend',",
      "  'src/schema',",
      '  `openapi.yaml`,',
      ');',
      "export const ROOT = resolvePackagePath('@acme/backend');",
      "export const file = (name: string) => resolvePackagePath('@acme/backend', 'contracts', name);",
    ].join('\n'),
    'src/remediation/templates.ts': [
      "import path from 'node:path';",
      'const DIR = path.join(',
      "  path.dirname(require.resolve('@acme/node/package.json')),",
      "  'sql-templates',",
      ');',
      "export const other = require.resolve('@acme/other/data/list.json');",
    ].join('\n'),
    'src/store/index.test.ts': [
      "import { resolvePackagePath } from '@backstage/backend-plugin-api';",
      "resolvePackagePath('@acme/backend', 'test-only');",
    ].join('\n'),
  });

  const manifest = {
    name: '@acme/backend',
    version: '1.0.0',
    exports: {
      '.': './src/index.ts',
      './testing': './src/testing.ts',
      './package.json': './package.json',
    },
  };

  it('follows the entry points and reports what the shipped code reads', () => {
    const scan = scanRuntimeReads(tmp.dir, manifest);
    expect(scan.files).toEqual([
      'src/index.ts',
      'src/remediation/templates.ts',
      'src/store/index.ts',
      'src/testing.ts',
      'src/testing/server.ts',
    ]);
    expect(
      scan.reads.map(r => `${r.file}:${r.line} ${r.packageName} ${r.path}`),
    ).toEqual([
      'src/remediation/templates.ts:3 @acme/node sql-templates',
      'src/remediation/templates.ts:6 @acme/other data/list.json',
      'src/store/index.ts:3 @acme/backend migrations',
      'src/store/index.ts:7 @acme/backend src/schema/openapi.yaml',
      'src/store/index.ts:12 @acme/backend ',
      'src/store/index.ts:13 @acme/backend contracts',
    ]);
    expect(scan.moduleRelative).toEqual([
      { file: 'src/testing/server.ts', line: 2, expression: '__dirname' },
    ]);
  });

  it('takes the entry point from main when there is no exports map', () => {
    expect(
      entrySources({ name: 'x', version: '1', main: 'src/index.ts' }),
    ).toEqual(['src/index.ts']);
    expect(entrySources({ name: 'x', version: '1' })).toEqual(['src/index.ts']);
    expect(
      entrySources({
        name: 'x',
        version: '1',
        exports: { '.': './src/x.yaml' },
      }),
    ).toEqual([]);
  });
});

describe('callArguments', () => {
  it('splits top-level arguments, keeping nested calls and strings whole', () => {
    const source = "f(a, g(b, c), 'd,e', [1, 2]) + 1";
    expect(callArguments(source, 1)).toEqual({
      args: ['a', 'g(b, c)', "'d,e'", '[1, 2]'],
      end: 27,
    });
  });
});
