import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/**
 * A local stand-in for the GitHub REST API endpoints that Backstage's
 * GitHub URL reader uses to read a tree (`UrlReaderService.readTree`),
 * following GitHub's documented contracts:
 *
 * - `GET /repos/{owner}/{repo}`: the repository, with its `default_branch`
 *   and `archive_url` / `trees_url` templates
 * - `GET /repos/{owner}/{repo}/commits/{ref}/status`: the combined status of
 *   a reference, with the commit `sha` and the (minimal) `repository`
 * - `GET /repos/{owner}/{repo}/tarball/{ref}`: `302 Found` to a signed,
 *   short-lived download link (as `codeload.github.com` serves it), which
 *   answers a gzipped tar with one top folder `{owner}-{repo}-{sha7}/` and a
 *   pax global header holding the commit id
 *
 * API requests need `authorization: token <t>` or `Bearer <t>` (401
 * otherwise); the download link needs its signature instead.
 */

const DOCS = 'https://docs.github.com/rest';

export interface GithubArchiveRepo {
  /** Default `main`. */
  defaultBranch?: string;
  /** Path → content, on the default branch. */
  files: Record<string, string | Buffer>;
  /**
   * `truncated`: the download stops half-way (a broken connection);
   * `stalled`: it sends half and then nothing, keeping the connection open.
   */
  archive?: 'truncated' | 'stalled';
}

export interface GithubArchiveServerOptions {
  /** `owner/repo` → repository. */
  repos: Record<string, GithubArchiveRepo>;
  /** Default: a random `ghp_` token. */
  token?: string;
}

export interface GithubArchiveServer {
  /** `http://127.0.0.1:<port>`: the API base URL and the web host of the repositories. */
  baseUrl: string;
  /** `127.0.0.1:<port>`, for `integrations.github[].host`. */
  host: string;
  token: string;
  /** Method, path (query left out) and status of every request. */
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

/** The commit of a repository's files: the same files, the same sha. */
function commitSha(repo: GithubArchiveRepo): string {
  const hash = crypto.createHash('sha1');
  for (const path of Object.keys(repo.files).sort())
    hash.update(path).update('\u0000').update(repo.files[path]);
  return hash.digest('hex');
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

/** A ustar header block; long paths are split into prefix and name. */
function tarHeader(path: string, size: number, type: '0' | '5' | 'g') {
  const block = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', path.length - 2);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`path too long for a ustar header: ${path}`);
  }
  block.write(name, 0, 100, 'utf8');
  block.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(1_700_000_000, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

function tarEntry(path: string, data: Buffer, type: '0' | '5' | 'g') {
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return [tarHeader(path, data.length, type), data, padding];
}

/** A pax record: `<length> <key>=<value>\n`, the length counting itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return Buffer.from(`${length}${body}`);
}

/** The repository as GitHub's tarball: gzipped tar, one top folder. */
export function githubTarball(
  owner: string,
  name: string,
  repo: GithubArchiveRepo,
): Buffer {
  const sha = commitSha(repo);
  const top = `${owner}-${name}-${sha.slice(0, 7)}/`;
  const parts: Buffer[] = [
    ...tarEntry('pax_global_header', paxRecord('comment', sha), 'g'),
    ...tarEntry(top, Buffer.alloc(0), '5'),
  ];
  const folders = new Set<string>();
  for (const path of Object.keys(repo.files).sort()) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = `${segments.slice(0, i).join('/')}/`;
      if (folders.has(folder)) continue;
      folders.add(folder);
      parts.push(...tarEntry(`${top}${folder}`, Buffer.alloc(0), '5'));
    }
    const content = repo.files[path];
    parts.push(
      ...tarEntry(
        `${top}${path}`,
        Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
        '0',
      ),
    );
  }
  parts.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(parts));
}

export async function startGithubArchiveServer(
  options: GithubArchiveServerOptions,
): Promise<GithubArchiveServer> {
  const token =
    options.token ?? `ghp_${crypto.randomBytes(18).toString('hex')}`;
  const signing = crypto.randomBytes(16).toString('hex');
  const requests: GithubArchiveServer['requests'] = [];
  let baseUrl = '';

  const signature = (path: string) =>
    crypto.createHmac('sha256', signing).update(path).digest('hex');

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const record = { method: req.method ?? '', path: url.pathname, status: 0 };
    requests.push(record);
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      record.status = status;
      const raw = Buffer.isBuffer(body);
      res.writeHead(status, {
        'content-type': raw
          ? 'application/x-gzip'
          : 'application/json; charset=utf-8',
        ...headers,
      });
      res.end(raw ? body : JSON.stringify(body));
    };
    const notFound = () =>
      send(404, { message: 'Not Found', documentation_url: DOCS });

    const download =
      /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(\w+)$/.exec(
        url.pathname,
      );
    if (download) {
      const [, owner, name, sha] = download;
      const repo = options.repos[`${owner}/${name}`];
      if (
        !repo ||
        url.searchParams.get('token') !== signature(url.pathname) ||
        sha !== commitSha(repo)
      ) {
        notFound();
        return;
      }
      const tarball = githubTarball(owner, name, repo);
      if (repo.archive) {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/x-gzip' });
        res.write(tarball.subarray(0, Math.floor(tarball.length / 2)));
        if (repo.archive === 'truncated') res.destroy();
        return;
      }
      send(200, tarball, {
        'content-disposition': `attachment; filename=${owner}-${name}-${sha.slice(
          0,
          7,
        )}.tar.gz`,
      });
      return;
    }

    const authorization = req.headers.authorization ?? '';
    if (
      authorization !== `token ${token}` &&
      authorization !== `Bearer ${token}`
    ) {
      send(401, {
        message: 'Bad credentials',
        documentation_url: DOCS,
        status: '401',
      });
      return;
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    const repo = match && options.repos[`${match[1]}/${match[2]}`];
    if (req.method !== 'GET' || !match || !repo) {
      notFound();
      return;
    }
    const [, owner, name, rest] = match;
    const branch = repo.defaultBranch ?? 'main';
    const sha = commitSha(repo);
    const api = `${baseUrl}/repos/${owner}/${name}`;
    const repository = {
      id: 1,
      name,
      full_name: `${owner}/${name}`,
      owner: { login: owner },
      private: true,
      html_url: `${baseUrl}/${owner}/${name}`,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      trees_url: `${api}/git/trees{/sha}`,
    };
    const resolve = (ref: string) =>
      ref === branch || ref === sha ? sha : undefined;

    if (rest === undefined) {
      send(200, { ...repository, default_branch: branch });
      return;
    }
    const status = /^commits\/(.+)\/status$/.exec(rest);
    if (status) {
      const commit = resolve(decodeURIComponent(status[1]));
      if (!commit) {
        notFound();
        return;
      }
      send(200, {
        state: 'pending',
        statuses: [],
        sha: commit,
        total_count: 0,
        repository,
        commit_url: `${api}/commits/${commit}`,
        url: `${api}/commits/${commit}/status`,
      });
      return;
    }
    const tarball = /^tarball(?:\/(.+))?$/.exec(rest);
    if (tarball) {
      const commit = resolve(decodeURIComponent(tarball[1] ?? branch));
      if (!commit) {
        notFound();
        return;
      }
      const path = `/_codeload/${owner}/${name}/legacy.tar.gz/${commit}`;
      record.status = 302;
      res.writeHead(302, {
        location: `${baseUrl}${path}?token=${signature(path)}`,
      });
      res.end();
      return;
    }
    notFound();
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseUrl = `http://${host}`;

  return {
    baseUrl,
    host,
    token,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolveClose =>
        server.close(() => resolveClose()),
      );
    },
  };
}
