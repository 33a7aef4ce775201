import util from 'node:util';
import { collectRepositoryFacts } from './repositoryFacts';
import { GithubApiError } from './githubClient';
import {
  GithubRepositorySource,
  GithubRepositorySourceOptions,
} from './githubRepositorySource';
import { GithubServer, startGithubServer } from '@platform-kit/devtools';
import {
  BARE_FILES,
  COMPLETE_SPEC_BUNDLE,
  WELL_GOVERNED_FILES,
} from '@platform-kit/devtools';

const PROTECTION = {
  url: 'https://api.github.com/repos/acme/checkout/branches/trunk/protection',
  required_status_checks: { strict: true, contexts: ['ci'] },
  required_pull_request_reviews: { required_approving_review_count: 2 },
  enforce_admins: { enabled: true },
  allow_force_pushes: { enabled: false },
};

/** Only `Date` is faked: the stand-in and Octokit's throttling read the same clock, which each rate-limit wait moves on. */
const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

describe('GithubRepositorySource', () => {
  let server: GithubServer;
  const waits: number[] = [];

  function source(
    repo: string,
    overrides: Partial<GithubRepositorySourceOptions> = {},
  ) {
    return new GithubRepositorySource({
      owner: 'acme',
      repo,
      token: server.token,
      baseUrl: server.baseUrl,
      // GitHub's waits pass on the faked clock, not in real time.
      retryAfterBaseValue: 0,
      ...overrides,
      onRateLimit: info => {
        waits.push(info.waitMs);
        jest.setSystemTime(Date.now() + info.waitMs);
        overrides.onRateLimit?.(info);
      },
    });
  }

  // One clock for the whole file that only moves forward (Octokit's
  // throttling keeps its schedule between clients).
  beforeAll(() =>
    jest.useFakeTimers({
      now: Date.UTC(2025, 5, 1, 9, 0, 0),
      doNotFake: [...REAL_TIMERS],
    }),
  );
  afterAll(() => jest.useRealTimers());

  beforeEach(async () => {
    waits.length = 0;
    server = await startGithubServer({
      maxPerPage: 2,
      repos: {
        'acme/checkout': {
          defaultBranch: 'trunk',
          files: WELL_GOVERNED_FILES,
          protection: PROTECTION,
        },
        'acme/bare': { files: BARE_FILES },
        'acme/ruled': {
          files: BARE_FILES,
          protection: 'forbidden',
          rules: [
            { type: 'deletion' },
            { type: 'non_fast_forward' },
            { type: 'pull_request' },
            { type: 'required_status_checks' },
            { type: 'required_linear_history' },
          ],
        },
        'acme/private': { files: BARE_FILES, protection: 'forbidden' },
        'acme/half-spec': {
          files: {
            ...COMPLETE_SPEC_BUNDLE,
            'spec/checkout/plan.md': '# Plan\n\n## Milestones\n\n- Beta\n',
          },
        },
        'acme/large': {
          files: { CODEOWNERS: `# ${'x'.repeat(1024 * 1024)}\n* @acme/big\n` },
        },
      },
    });
  });
  afterEach(() => server.close());

  it('gives a well-governed repository every fact true, over the REST API', async () => {
    const result = await collectRepositoryFacts(source('checkout'));
    expect(Object.values(result.facts)).toHaveLength(12);
    expect(Object.entries(result.facts).filter(([, v]) => !v)).toEqual([]);
    expect(result.evidence['repo.branch-protection']).toBe(
      'trunk is protected by classic branch protection (required reviews (2), required status checks, enforced for admins, no force pushes)',
    );
    expect(result.evidence['repo.ci.parity-gate']).toMatch(
      /parity\.yaml, job parity$/,
    );
    // Contents were read from the default branch the repository names.
    const paths = server.requests.map(r => decodeURIComponent(r.url));
    expect(paths).toContain('/repos/acme/checkout');
    expect(paths).toContain('/repos/acme/checkout/branches/trunk/protection');
    expect(paths).toContain('/repos/acme/checkout/contents/spec/checkout');
    expect(server.requests.every(r => r.status < 400 || r.status === 404)).toBe(
      true,
    );
  });

  it('gives a bare repository false facts with evidence explaining why', async () => {
    const result = await collectRepositoryFacts(source('bare'));
    expect(Object.keys(result.facts)).toHaveLength(12);
    expect(Object.values(result.facts).every(v => v === false)).toBe(true);
    expect(result.evidence).toMatchObject({
      'spec.tasks': expect.stringMatching(/^no spec bundle/),
      'repo.ci.build': expect.stringMatching(
        /^no workflow in \.github\/workflows\//,
      ),
      'repo.codeowners': expect.stringMatching(/^no CODEOWNERS file/),
      'repo.dependabot': 'no .github/dependabot.yml',
      'repo.branch-protection':
        'main has no branch protection and no ruleset applies to it',
    });
  });

  it('reports the sections a spec bundle lacks', async () => {
    const result = await collectRepositoryFacts(source('half-spec'));
    expect(result.facts['spec.plan']).toBe(true);
    expect(result.facts['spec.sections']).toBe(false);
    expect(result.evidence['spec.sections']).toBe(
      'spec/checkout/plan.md lacks the section Risks',
    );
  });

  it('reads every page of ruleset rules', async () => {
    const ruled = source('ruled');
    expect(await ruled.defaultBranchProtected()).toBe(true);
    expect(await ruled.describeBranchProtection()).toBe(
      'main is protected by 5 ruleset rules (deletion, non_fast_forward, pull_request, required_status_checks, required_linear_history)',
    );
    const pages = server.requests
      .filter(r => r.url.includes('/rules/branches/'))
      .map(r => new URL(r.url, server.baseUrl).searchParams.get('page'));
    expect(pages).toEqual([null, '2', '3']);
  });

  it('says branch protection is unknown when the token cannot read it and no ruleset applies', async () => {
    const result = await collectRepositoryFacts(source('private'));
    expect(result.unknown).toEqual(['repo.branch-protection']);
    expect(result.facts).not.toHaveProperty(['repo.branch-protection']);
    expect(result.evidence['repo.branch-protection']).toBe(
      'unknown: no ruleset applies to main and the token cannot read its classic branch protection (403; it needs administration read access)',
    );
  });

  it('waits out a secondary rate limit and then succeeds', async () => {
    server.failNext(2, { kind: 'secondary-limit', retryAfter: 30 });
    const limited: string[] = [];
    const result = await collectRepositoryFacts(
      source('checkout', {
        onRateLimit: info => limited.push(`${info.kind} ${info.waitMs}`),
      }),
    );
    expect(result.facts['repo.codeowners']).toBe(true);
    expect(waits).toEqual([30_000, 30_000]);
    expect(limited).toEqual(['secondary 30000', 'secondary 30000']);
    expect(server.requests.slice(0, 3).map(r => r.status)).toEqual([
      403, 403, 200,
    ]);
  });

  it('waits for the primary rate limit to reset', async () => {
    await server.close();
    server = await startGithubServer({
      rateLimit: 3,
      repos: { 'acme/bare': { files: BARE_FILES } },
    });
    const result = await collectRepositoryFacts(
      source('bare', { maxWaitMs: 2 * 60 * 60_000 }),
    );
    expect(result.facts['repo.dependabot']).toBe(false);
    expect(result.evidence['repo.dependabot']).toBe(
      'no .github/dependabot.yml',
    );
    // Three requests an hour: every refusal waits the hour out, then the scan goes on.
    const refused = server.requests.filter(r => r.status === 403);
    expect(refused.length).toBeGreaterThan(1);
    // spec/, .github/workflows/, .github/CODEOWNERS, then the fourth is refused.
    expect(refused[0].url).toBe('/repos/acme/bare/contents/CODEOWNERS');
    // Until the window resets, and a second more (Octokit's throttling).
    expect(waits).toEqual(refused.map(() => 60 * 60_000 + 1000));
  });

  it('gives up after a bounded number of rate-limited retries', async () => {
    server.failNext(10, { kind: 'secondary-limit', retryAfter: 5 });
    const error = await source('checkout', { maxRetries: 2 })
      .readFile('README.md')
      .catch(e => e);
    expect(error).toBeInstanceOf(GithubApiError);
    expect(error.message).toBe(
      'GitHub GET /repos/acme/checkout/contents/README.md is still rate limited after 2 retries: You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
    );
    expect(server.requests).toHaveLength(3);
  });

  it("retries a 5xx (Octokit's retry plugin) and then succeeds", async () => {
    server.failNext(2, { kind: 'error', status: 503, message: 'unavailable' });
    expect(await source('checkout').readFile('README.md')).toBe('# Checkout\n');
    expect(server.requests.map(r => r.status)).toEqual([503, 503, 200]);
    expect(waits).toEqual([]);
  });

  it('fails at once when the wait would be longer than allowed', async () => {
    server.failNext(1, { kind: 'secondary-limit', retryAfter: 3600 });
    await expect(
      source('checkout', { maxWaitMs: 60_000 }).readFile('README.md'),
    ).rejects.toThrow(
      'is rate limited for 3600 s, longer than the 60 s allowed',
    );
    expect(waits).toEqual([]);
  });

  it('lists folders through the contents API and reads files over 1 MB raw', async () => {
    const checkout = source('checkout');
    expect(await checkout.listFiles('.github')).toEqual([
      '.github/CODEOWNERS',
      '.github/dependabot.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/parity.yaml',
    ]);
    expect(await checkout.listFiles('nothing/here')).toEqual([]);
    expect(await checkout.readFile('spec')).toBeUndefined();
    expect(await checkout.readFile('missing.md')).toBeUndefined();
    const large = await collectRepositoryFacts(source('large'));
    expect(large.evidence['repo.codeowners']).toBe(
      'CODEOWNERS: 1 rule naming @acme/big',
    );
  });

  it('reads the branch it is given', async () => {
    const wrong = source('checkout', { branch: 'feature/x' });
    expect(await wrong.readFile('README.md')).toBeUndefined();
    const trunk = source('checkout', { branch: 'trunk' });
    expect(await trunk.readFile('README.md')).toBe('# Checkout\n');
    expect(server.requests.some(r => r.url === '/repos/acme/checkout')).toBe(
      false,
    );
  });

  it('never puts the token in an error', async () => {
    const wrongToken = `ghp_${'w'.repeat(36)}`;
    const denied = await source('checkout', { token: wrongToken })
      .readFile('README.md')
      .catch(e => e);
    expect(denied).toBeInstanceOf(GithubApiError);
    expect(denied.status).toBe(401);
    expect(denied.message).toBe(
      'GitHub GET /repos/acme/checkout/contents/README.md failed with 401: Bad credentials',
    );
    expect(util.inspect(denied)).not.toContain(wrongToken);
    expect(server.requests[0].headers.authorization).toBe(
      `token ${wrongToken}`,
    );

    // A proxy that echoes the request's credentials in its error (every retry).
    server.failNext(2, {
      kind: 'error',
      status: 502,
      message: `upstream refused authorization: token ${server.token}`,
    });
    const echoed = await source('checkout', { maxRetries: 1 })
      .readFile('README.md')
      .catch(e => e);
    expect(echoed.message).toBe(
      'GitHub GET /repos/acme/checkout/contents/README.md failed with 502: upstream refused authorization: token [REDACTED]',
    );
    expect(util.inspect(echoed)).not.toContain(server.token);
    expect(JSON.stringify(echoed)).not.toContain(server.token);
  });

  it('names the repository by its web host', () => {
    expect(source('checkout').label).toBe(
      `${new URL(server.baseUrl).host}/acme/checkout`,
    );
    expect(
      new GithubRepositorySource({ owner: 'acme', repo: 'checkout' }).label,
    ).toBe('github.com/acme/checkout');
  });
});
