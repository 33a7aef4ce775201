import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startGithubArchiveServer } from './githubArchiveServer';

const LONG = `${'deep/'.repeat(25)}file-with-a-long-name.ts`;

describe('the local GitHub archive stand-in', () => {
  it("serves a reference's commit and its tarball as GitHub documents them", async () => {
    const server = await startGithubArchiveServer({
      repos: {
        'acme/app': {
          defaultBranch: 'trunk',
          files: { 'src/a.ts': 'export const a = 1;\n', [LONG]: 'x\n' },
        },
      },
    });
    const auth = { authorization: `token ${server.token}` };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pk-archive-'));
    try {
      expect(
        (await fetch(`${server.baseUrl}/repos/acme/app/commits/trunk/status`))
          .status,
      ).toBe(401);
      const repo = await (
        await fetch(`${server.baseUrl}/repos/acme/app`, { headers: auth })
      ).json();
      expect(repo).toMatchObject({
        default_branch: 'trunk',
        archive_url: `${server.baseUrl}/repos/acme/app/{archive_format}{/ref}`,
      });
      const status = await (
        await fetch(
          `${server.baseUrl}/repos/acme/app/commits/trunk/status?per_page=0`,
          { headers: auth },
        )
      ).json();
      expect(status.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(status.repository.full_name).toBe('acme/app');
      expect(
        (
          await fetch(`${server.baseUrl}/repos/acme/app/commits/nope/status`, {
            headers: auth,
          })
        ).status,
      ).toBe(404);

      const redirect = await fetch(
        `${server.baseUrl}/repos/acme/app/tarball/${status.sha}`,
        { headers: auth, redirect: 'manual' },
      );
      expect(redirect.status).toBe(302);
      const link = redirect.headers.get('location')!;
      expect(link).toMatch(
        /\/_codeload\/acme\/app\/legacy\.tar\.gz\/\w+\?token=/,
      );
      // The signed link needs no token, but its signature.
      expect((await fetch(link.replace(/token=\w+/, 'token=x'))).status).toBe(
        404,
      );
      const archive = await fetch(link);
      expect(archive.headers.get('content-type')).toBe('application/x-gzip');
      const file = path.join(dir, 'app.tar.gz');
      await fs.writeFile(file, Buffer.from(await archive.arrayBuffer()));

      // GNU tar reads it: one top folder, the files with their content.
      const top = `acme-app-${status.sha.slice(0, 7)}`;
      const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(listing).toContain(`${top}/src/a.ts`);
      expect(listing).toContain(`${top}/${LONG}`);
      expect(listing.every(p => p.startsWith(`${top}/`))).toBe(true);
      execFileSync('tar', ['-xzf', file, '-C', dir]);
      expect(await fs.readFile(path.join(dir, top, 'src/a.ts'), 'utf8')).toBe(
        'export const a = 1;\n',
      );
      expect(server.requests.map(r => r.status)).toEqual([
        401, 200, 200, 404, 302, 404, 200,
      ]);
    } finally {
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
