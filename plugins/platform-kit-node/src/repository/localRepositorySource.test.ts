import fs from 'node:fs/promises';
import path from 'node:path';
import { collectRepositoryFacts } from './repositoryFacts';
import { LocalRepositorySource } from './localRepositorySource';
import {
  BARE_FILES,
  WELL_GOVERNED_FILES,
  writeTempRepository,
} from '@platform-kit/devtools';

describe('LocalRepositorySource', () => {
  const roots: string[] = [];
  async function repository(files: Record<string, string>) {
    const root = await writeTempRepository(files);
    roots.push(root);
    return root;
  }
  afterAll(async () => {
    await Promise.all(
      roots.map(root => fs.rm(root, { recursive: true, force: true })),
    );
  });

  it('lists files under a folder recursively, as repository paths', async () => {
    const root = await repository({
      ...WELL_GOVERNED_FILES,
      'spec/node_modules/x/prd.md': 'ignored',
    });
    await fs.mkdir(path.join(root, '.git'));
    await fs.writeFile(
      path.join(root, '.git', 'HEAD'),
      'ref: refs/heads/main\n',
    );
    const source = new LocalRepositorySource(root);
    expect(await source.listFiles('spec')).toEqual([
      'spec/checkout/constitution.md',
      'spec/checkout/plan.md',
      'spec/checkout/prd.md',
      'spec/checkout/tasks.md',
    ]);
    expect(await source.listFiles('.github/workflows/')).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/parity.yaml',
    ]);
    expect(await source.listFiles('')).not.toContain('.git/HEAD');
    expect(await source.listFiles('no/such/folder')).toEqual([]);
    expect(await source.listFiles('README.md')).toEqual([]);
  });

  it('reads files, answers undefined for missing ones and refuses paths outside the folder', async () => {
    const source = new LocalRepositorySource(await repository(BARE_FILES));
    expect(await source.readFile('README.md')).toBe('# Bare\n');
    expect(await source.readFile('CODEOWNERS')).toBeUndefined();
    expect(await source.readFile('src')).toBeUndefined();
    await expect(source.readFile('../etc/passwd')).rejects.toThrow(
      /is outside the repository/,
    );
  });

  it('gives a well-governed folder every file-based fact, branch protection unknown', async () => {
    const result = await collectRepositoryFacts(
      new LocalRepositorySource(await repository(WELL_GOVERNED_FILES)),
    );
    expect(result.facts).toEqual({
      'spec.constitution': true,
      'spec.prd': true,
      'spec.plan': true,
      'spec.tasks': true,
      'spec.sections': true,
      'repo.ci.lint': true,
      'repo.ci.test': true,
      'repo.ci.build': true,
      'repo.ci.parity-gate': true,
      'repo.codeowners': true,
      'repo.dependabot': true,
    });
    expect(result.unknown).toEqual(['repo.branch-protection']);
    expect(result.evidence['repo.branch-protection']).toMatch(
      /^unknown: .* is a local folder; branch protection is a setting of the hosting service/,
    );
  });

  it('gives a bare folder false facts with the reasons', async () => {
    const result = await collectRepositoryFacts(
      new LocalRepositorySource(await repository(BARE_FILES)),
    );
    expect(Object.values(result.facts).every(value => value === false)).toBe(
      true,
    );
    expect(Object.keys(result.facts)).toHaveLength(11);
    expect(result.evidence['repo.ci.test']).toBe(
      'no workflow in .github/workflows/ runs a test command (e.g. yarn test, npm test, ./kit test)',
    );
  });
});
