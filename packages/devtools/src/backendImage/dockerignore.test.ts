import { dockerignoreFilter, patternToRegExp } from './dockerignore';

describe('dockerignoreFilter', () => {
  const repositoryRules = [
    '.git',
    '.yarn/cache',
    '.yarn/install-state.gz',
    'node_modules',
    'packages/*/src',
    'packages/*/node_modules',
    'plugins',
    '*.local.yaml',
  ].join('\n');

  it.each([
    ['.git/config', true],
    ['.yarn/cache/a.zip', true],
    ['.yarn/install-state.gz', true],
    ['.yarn/releases/yarn.cjs', false],
    ['node_modules/x/index.js', true],
    ['packages/backend/src/index.ts', true],
    ['packages/backend/dist/bundle.tar.gz', false],
    ['plugins/platform-kit-backend/migrations/0001.sql', true],
    ['app-config.local.yaml', true],
    ['app-config.production.yaml', false],
    ['examples/catalog/org.yaml', false],
    ['./yarn.lock', false],
  ])('%s excluded: %s', (relPath, excluded) => {
    expect(dockerignoreFilter(repositoryRules)(relPath)).toBe(excluded);
  });

  it('takes paths back with !, the last matching rule winning', () => {
    const ignored = dockerignoreFilter(
      'docs\n!docs/keep.md\n# comment\n\n**/*.log\n!important.log',
    );
    expect(ignored('docs/a.md')).toBe(true);
    expect(ignored('docs/keep.md')).toBe(false);
    expect(ignored('a/b/c.log')).toBe(true);
    expect(ignored('c.log')).toBe(true);
    expect(ignored('important.log')).toBe(false);
  });

  it('strips leading and trailing slashes and ignores empty rules', () => {
    const ignored = dockerignoreFilter('/dist/\n/\n.\n');
    expect(ignored('dist/x')).toBe(true);
    expect(ignored('src/x')).toBe(false);
  });
});

describe('patternToRegExp', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'a/b.yaml', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[ab]x', 'bx', true],
    ['[!ab]x', 'cx', true],
    ['[!ab]x', 'ax', false],
    ['[unclosed', '[unclosed', true],
    ['**/x', 'x', true],
    ['**/x', 'a/b/x', true],
    ['a/**', 'a/b/c', true],
    ['\\*.md', '*.md', true],
    ['\\*.md', 'a.md', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (pattern, candidate, matches) => {
    expect(patternToRegExp(pattern).test(candidate)).toBe(matches);
  });
});
