import { collectRepositoryFacts } from './repositoryFacts';
import { memoryRepositorySource } from './__testUtils__/memoryRepositorySource';
import {
  BARE_FILES,
  COMPLETE_SPEC_BUNDLE,
  WELL_GOVERNED_FILES,
} from '@platform-kit/devtools';

const ALL_FACTS = [
  'spec.constitution',
  'spec.prd',
  'spec.plan',
  'spec.tasks',
  'spec.sections',
  'repo.ci.lint',
  'repo.ci.test',
  'repo.ci.build',
  'repo.ci.parity-gate',
  'repo.codeowners',
  'repo.dependabot',
  'repo.branch-protection',
];

describe('collectRepositoryFacts', () => {
  it('reports every fact true for a well-governed repository, with where each was found', async () => {
    const result = await collectRepositoryFacts(
      memoryRepositorySource(WELL_GOVERNED_FILES, true),
    );
    expect(result.facts).toEqual(
      Object.fromEntries(ALL_FACTS.map(k => [k, true])),
    );
    expect(result.unknown).toEqual([]);
    expect(result.evidence).toMatchObject({
      'spec.prd': 'present: spec/checkout/prd.md',
      'spec.sections': 'all 4 spec files have the required sections',
      'repo.ci.lint': '`yarn lint` in .github/workflows/ci.yml, job verify',
      'repo.ci.test':
        '`yarn test --coverage` in .github/workflows/ci.yml, job verify',
      'repo.ci.build': '`yarn build` in .github/workflows/ci.yml, job build',
      'repo.ci.parity-gate':
        '`npx platform-kit parity gate --entity component:default/checkout` in .github/workflows/parity.yaml, job parity',
      'repo.codeowners':
        '.github/CODEOWNERS: 2 rules naming @acme/checkout-team, @acme/product, alice@example.com',
      'repo.dependabot':
        '.github/dependabot.yml: updates for npm, github-actions',
      'repo.branch-protection': 'the default branch is protected',
    });
  });

  it('reports every fact false for a bare repository and says what is missing', async () => {
    const result = await collectRepositoryFacts(
      memoryRepositorySource(BARE_FILES, false),
    );
    expect(result.facts).toEqual(
      Object.fromEntries(ALL_FACTS.map(k => [k, false])),
    );
    expect(result.evidence['spec.prd']).toMatch(
      /^no spec bundle: nothing under spec\//,
    );
    expect(result.evidence['repo.ci.lint']).toBe(
      'no workflow in .github/workflows/ runs a lint command (e.g. yarn lint, npm run lint, make lint)',
    );
    expect(result.evidence['repo.ci.parity-gate']).toBe(
      'no workflow in .github/workflows/ runs the parity gate (e.g. platform-kit parity gate)',
    );
    expect(result.evidence['repo.codeowners']).toBe(
      'no CODEOWNERS file (looked for .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS)',
    );
    expect(result.evidence['repo.dependabot']).toBe(
      'no .github/dependabot.yml',
    );
    expect(result.evidence['repo.branch-protection']).toBe(
      'the default branch is not protected',
    );
  });

  it('leaves out branch protection when the source cannot know it', async () => {
    const result = await collectRepositoryFacts(
      memoryRepositorySource(BARE_FILES),
    );
    expect(result.facts).not.toHaveProperty(['repo.branch-protection']);
    expect(result.unknown).toEqual(['repo.branch-protection']);
    expect(result.evidence['repo.branch-protection']).toBe(
      'unknown: memory does not say whether the default branch is protected',
    );
  });

  it('fails spec.sections and names the sections a bundle lacks', async () => {
    const result = await collectRepositoryFacts(
      memoryRepositorySource({
        ...COMPLETE_SPEC_BUNDLE,
        'spec/checkout/prd.md': '# PRD\n\n## Problem\n\n## Users\n',
        'spec/search/constitution.md': '## Principles\n\n## Constraints\n',
      }),
    );
    expect(result.facts).toMatchObject({
      'spec.constitution': true,
      'spec.prd': false,
      'spec.plan': false,
      'spec.tasks': false,
      'spec.sections': false,
    });
    expect(result.evidence['spec.prd']).toBe('missing: spec/search/prd.md');
    expect(result.evidence['spec.sections']).toBe(
      'spec/checkout/prd.md lacks the sections Requirements, Success metrics',
    );
    expect(result.specBundles.bundles.map(b => [b.name, b.complete])).toEqual([
      ['checkout', false],
      ['search', false],
    ]);
  });

  it('does not count workflows it cannot use, and says why', async () => {
    const result = await collectRepositoryFacts(
      memoryRepositorySource({
        '.github/workflows/broken.yml': 'jobs: [unclosed',
        '.github/workflows/notes.md': 'run: yarn lint',
        '.github/workflows/nested/ci.yml':
          'jobs:\n  a:\n    steps:\n      - run: yarn lint\n',
        '.github/workflows/release.yml':
          'jobs:\n  publish:\n    uses: ./.github/workflows/reusable.yml\n  echo:\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo lint\n',
      }),
    );
    expect(result.facts['repo.ci.lint']).toBe(false);
    expect(result.evidence['repo.ci.lint']).toMatch(
      /^no run: step in \.github\/workflows\/broken\.yml, \.github\/workflows\/release\.yml runs a lint command .* \(skipped \.github\/workflows\/broken\.yml: not valid YAML/,
    );
  });

  it('needs a CODEOWNERS rule that names an owner, in the file GitHub uses', async () => {
    const noOwner = await collectRepositoryFacts(
      memoryRepositorySource({
        '.github/CODEOWNERS': '# nobody yet\n*.md\n',
        CODEOWNERS: '* @acme/ignored-because-github-reads-.github-first\n',
      }),
    );
    expect(noOwner.facts['repo.codeowners']).toBe(false);
    expect(noOwner.evidence['repo.codeowners']).toBe(
      '.github/CODEOWNERS has no rule naming an owner (a line like "* @org/team")',
    );
    const docs = await collectRepositoryFacts(
      memoryRepositorySource({ 'docs/CODEOWNERS': '/api/ @octocat # API\n' }),
    );
    expect(docs.evidence['repo.codeowners']).toBe(
      'docs/CODEOWNERS: 1 rule naming @octocat',
    );
  });

  it('needs a Dependabot update entry', async () => {
    const empty = await collectRepositoryFacts(
      memoryRepositorySource({
        '.github/dependabot.yml': 'version: 2\nupdates: []\n',
      }),
    );
    expect(empty.facts['repo.dependabot']).toBe(false);
    expect(empty.evidence['repo.dependabot']).toBe(
      '.github/dependabot.yml has no "updates" entry with a package-ecosystem and a schedule',
    );
    const v1 = await collectRepositoryFacts(
      memoryRepositorySource({
        '.github/dependabot.yml': 'version: 1\nupdate_configs: []\n',
      }),
    );
    expect(v1.evidence['repo.dependabot']).toMatch(
      /is not a Dependabot configuration/,
    );
  });
});
