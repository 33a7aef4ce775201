import { startGithubServer } from './githubServer';
import { WELL_GOVERNED_FILES, writeTempRepository } from './repositoryFixtures';
import fs from 'node:fs/promises';
import path from 'node:path';

describe('the local GitHub REST stand-in', () => {
  const rules = Array.from({ length: 5 }, (_, i) => ({
    type: i === 0 ? 'pull_request' : `rule_${i}`,
  }));

  async function withServer(
    test: (s: Awaited<ReturnType<typeof startGithubServer>>) => Promise<void>,
    rateLimit?: number,
  ) {
    const server = await startGithubServer({
      rateLimit,
      maxPerPage: 2,
      repos: {
        'acme/app': {
          defaultBranch: 'trunk',
          files: {
            ...WELL_GOVERNED_FILES,
            'big.bin': 'x'.repeat(1024 * 1024 + 1),
          },
          rules,
        },
        'acme/locked': { files: {}, protection: 'forbidden' },
      },
    });
    try {
      await test(server);
    } finally {
      await server.close();
    }
  }
  const get = (
    s: { baseUrl: string; token: string },
    p: string,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${s.baseUrl}${p}`, {
      headers: { authorization: `Bearer ${s.token}`, ...headers },
    });

  it('serves repositories, base64 contents, folders, raw files and 404s as GitHub does', () =>
    withServer(async s => {
      const repo = await (await get(s, '/repos/acme/app')).json();
      expect(repo).toMatchObject({
        full_name: 'acme/app',
        default_branch: 'trunk',
      });
      const codeowners = await (
        await get(s, '/repos/acme/app/contents/.github/CODEOWNERS?ref=trunk')
      ).json();
      expect(codeowners.encoding).toBe('base64');
      expect(Buffer.from(codeowners.content, 'base64').toString()).toBe(
        WELL_GOVERNED_FILES['.github/CODEOWNERS'],
      );
      const folder = await (
        await get(s, '/repos/acme/app/contents/.github')
      ).json();
      expect(Array.isArray(folder)).toBe(true);
      const raw = await get(s, '/repos/acme/app/contents/.github/CODEOWNERS', {
        accept: 'application/vnd.github.raw+json',
      });
      expect(await raw.text()).toBe(WELL_GOVERNED_FILES['.github/CODEOWNERS']);
      const big = await (
        await get(s, '/repos/acme/app/contents/big.bin')
      ).json();
      expect(big.content).toBe('');
      expect((await get(s, '/repos/acme/app/contents/nope.md')).status).toBe(
        404,
      );
      expect(
        (await get(s, '/repos/acme/app/contents/x?ref=other')).status,
      ).toBe(404);
      expect((await get(s, '/repos/acme/none')).status).toBe(404);
      expect(
        (await get(s, '/repos/acme/app/branches/trunk/protection')).status,
      ).toBe(404);
      expect(
        (await get(s, '/repos/acme/locked/branches/main/protection')).status,
      ).toBe(403);
    }));

  it('pages rulesets with Link headers and reports the rate limit', () =>
    withServer(async s => {
      const first = await get(
        s,
        '/repos/acme/app/rules/branches/trunk?per_page=100',
      );
      expect(await first.json()).toHaveLength(2);
      expect(first.headers.get('link')).toMatch(/rel="next".*rel="last"/);
      expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
      const last = await get(
        s,
        '/repos/acme/app/rules/branches/trunk?per_page=2&page=3',
      );
      expect(await last.json()).toHaveLength(1);
      expect(last.headers.get('link')).toMatch(/rel="prev"/);
    }));

  it('refuses bad tokens, enforces the primary limit and scripts secondary limits and errors', () =>
    withServer(async s => {
      expect((await fetch(`${s.baseUrl}/repos/acme/app`)).status).toBe(401);
      s.failNext(1, { kind: 'secondary-limit', retryAfter: 3 });
      const limited = await get(s, '/repos/acme/app');
      expect(limited.status).toBe(403);
      expect(limited.headers.get('retry-after')).toBe('3');
      s.failNext(1, { kind: 'error', status: 502, message: 'Server Error' });
      expect((await get(s, '/repos/acme/app')).status).toBe(502);
      // Two requests per window in this server: the third is over the limit.
      expect((await get(s, '/repos/acme/app')).status).toBe(200);
      expect((await get(s, '/repos/acme/app')).status).toBe(200);
      const over = await get(s, '/repos/acme/app');
      expect(over.status).toBe(403);
      expect((await over.json()).message).toMatch(/API rate limit exceeded/);
      expect(s.requests.length).toBeGreaterThan(4);
    }, 2));

  it('writes fixture repositories to disk', async () => {
    const dir = await writeTempRepository(WELL_GOVERNED_FILES);
    try {
      expect(
        await fs.readFile(path.join(dir, '.github/CODEOWNERS'), 'utf8'),
      ).toBe(WELL_GOVERNED_FILES['.github/CODEOWNERS']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
