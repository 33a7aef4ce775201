import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local stand-in for the GitHub REST API, following its contract for the
 * endpoints a repository scan uses:
 *
 * - `GET /repos/{owner}/{repo}`
 * - `GET /repos/{owner}/{repo}/contents/{path}?ref=` (files as base64 with
 *   `encoding: 'base64'`, folders as arrays, the raw media type, files over
 *   1 MB without content)
 * - `GET /repos/{owner}/{repo}/branches/{branch}/protection`
 * - `GET /repos/{owner}/{repo}/rules/branches/{branch}` (paged with `Link`)
 *
 * It requires `authorization: token <t>` or `Bearer <t>` (401 otherwise),
 * sends the `x-ratelimit-*` headers, enforces a primary limit and can script
 * secondary limits and errors.
 */

const DOCS = 'https://docs.github.com/rest';
const RATE_WINDOW_MS = 60 * 60_000;
const MAX_CONTENT_BYTES = 1024 * 1024;

export interface GithubRepoFixture {
  /** Default `main`. */
  defaultBranch?: string;
  /** Path → content, on the default branch. */
  files: Record<string, string>;
  /**
   * Classic protection of the default branch: the protection object GitHub
   * returns, `false` for 404 "Branch not protected" (default), `'forbidden'`
   * for a token without administration access (403).
   */
  protection?: Record<string, unknown> | false | 'forbidden';
  /** Ruleset rules that apply to the default branch. */
  rules?: { type: string; parameters?: Record<string, unknown> }[];
}

export interface GithubServerOptions {
  /** `owner/repo` → repository. */
  repos: Record<string, GithubRepoFixture>;
  /** Default: a random `ghp_` token. */
  token?: string;
  /** Requests per hour before 403 "API rate limit exceeded" (default 5000). */
  rateLimit?: number;
  /** The largest page GitHub serves, whatever `per_page` asks (default 100). */
  maxPerPage?: number;
  /** The server's clock (default Date.now), e.g. shared with a fake sleep. */
  now?: () => number;
}

/** A scripted answer for the next request(s), before authentication. */
export type GithubEpisode =
  | { kind: 'secondary-limit'; retryAfter?: number }
  | { kind: 'error'; status: number; message: string };

export interface GithubRecordedRequest {
  method: string;
  /** The path and query as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface GithubServer {
  /** `http://127.0.0.1:<port>`, to pass as `baseUrl`. */
  baseUrl: string;
  token: string;
  requests: GithubRecordedRequest[];
  failNext(count: number, episode: GithubEpisode): void;
  close(): Promise<void>;
}

type Send = (
  status: number,
  payload: unknown,
  extraHeaders?: Record<string, string>,
) => void;

function notFound(documentation = DOCS) {
  return {
    message: 'Not Found',
    documentation_url: documentation,
    status: '404',
  };
}

function sha(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** Base64 wrapped at 60 characters, as the contents API sends it. */
function githubBase64(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,60}/g) ?? []
  ).join('\n');
}

export async function startGithubServer(
  options: GithubServerOptions,
): Promise<GithubServer> {
  const token =
    options.token ?? `ghp_${crypto.randomBytes(18).toString('hex')}`;
  const limit = options.rateLimit ?? 5000;
  const maxPerPage = options.maxPerPage ?? 100;
  const now = options.now ?? Date.now;
  const requests: GithubRecordedRequest[] = [];
  const episodes: GithubEpisode[] = [];
  let windowStart: number | undefined;
  let used = 0;
  let baseUrl = '';

  const server = http.createServer((req, res) => {
    const record: GithubRecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    const at = now();
    if (windowStart === undefined || at >= windowStart + RATE_WINDOW_MS) {
      windowStart = at;
      used = 0;
    }
    const reset = Math.ceil((windowStart + RATE_WINDOW_MS) / 1000);
    const rateHeaders = (remaining: number) => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    });
    const send: Send = (status, payload, extraHeaders = {}) => {
      record.status = status;
      const raw = typeof payload === 'string';
      res.writeHead(status, {
        'content-type': raw
          ? 'application/vnd.github.raw; charset=utf-8'
          : 'application/json; charset=utf-8',
        ...rateHeaders(limit - used),
        ...extraHeaders,
      });
      res.end(raw ? payload : JSON.stringify(payload));
    };

    const episode = episodes.shift();
    if (episode?.kind === 'secondary-limit') {
      send(
        403,
        {
          message:
            'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.',
          documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
        },
        episode.retryAfter === undefined
          ? {}
          : { 'retry-after': String(episode.retryAfter) },
      );
      return;
    }
    if (episode?.kind === 'error') {
      send(episode.status, {
        message: episode.message,
        documentation_url: DOCS,
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
    if (used >= limit) {
      send(
        403,
        {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
        },
        rateHeaders(0),
      );
      return;
    }
    used++;
    if (req.method !== 'GET') {
      send(404, notFound());
      return;
    }
    route(new URL(req.url ?? '/', baseUrl), req.headers, send);
  });

  function route(url: URL, headers: http.IncomingHttpHeaders, send: Send) {
    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    const repo = match && options.repos[`${match[1]}/${match[2]}`];
    if (!match || !repo) {
      send(404, notFound());
      return;
    }
    const [, owner, name, rest] = match;
    const branch = repo.defaultBranch ?? 'main';
    if (rest === undefined) {
      send(200, {
        id: 1,
        name,
        full_name: `${owner}/${name}`,
        owner: { login: owner },
        private: true,
        default_branch: branch,
      });
      return;
    }
    const contents = /^contents(?:\/(.*))?$/.exec(rest);
    if (contents) {
      const ref = url.searchParams.get('ref');
      if (ref !== null && ref !== branch) {
        send(404, {
          message: `No commit found for the ref ${ref}`,
          documentation_url: `${DOCS}/repos/contents`,
          status: '404',
        });
        return;
      }
      const path = decodeURIComponent(contents[1] ?? '').replace(/\/+$/, '');
      serveContents(owner, name, repo, path, headers, send);
      return;
    }
    const protection = /^branches\/(.+)\/protection$/.exec(rest);
    if (protection) {
      if (decodeURIComponent(protection[1]) !== branch) {
        send(404, {
          message: 'Branch not found',
          documentation_url: DOCS,
          status: '404',
        });
      } else if (repo.protection === 'forbidden') {
        send(403, {
          message: 'Resource not accessible by personal access token',
          documentation_url: `${DOCS}/branches/branch-protection#get-branch-protection`,
          status: '403',
        });
      } else if (!repo.protection) {
        send(404, {
          message: 'Branch not protected',
          documentation_url: `${DOCS}/branches/branch-protection#get-branch-protection`,
          status: '404',
        });
      } else {
        send(200, repo.protection);
      }
      return;
    }
    const rules = /^rules\/branches\/(.+)$/.exec(rest);
    if (rules) {
      const all =
        decodeURIComponent(rules[1]) === branch ? repo.rules ?? [] : [];
      servePage(
        url,
        all.map((rule, i) => ({
          ruleset_source_type: 'Repository',
          ruleset_source: `${owner}/${name}`,
          ruleset_id: 100 + i,
          ...rule,
        })),
        send,
      );
      return;
    }
    send(404, notFound());
  }

  function serveContents(
    owner: string,
    name: string,
    repo: GithubRepoFixture,
    path: string,
    headers: http.IncomingHttpHeaders,
    send: Send,
  ) {
    const apiUrl = (p: string) =>
      `${baseUrl}/repos/${owner}/${name}/contents/${p}`;
    const file = repo.files[path];
    if (file !== undefined) {
      if (/\.raw\b/.test(String(headers.accept ?? ''))) {
        send(200, file);
        return;
      }
      const size = Buffer.byteLength(file);
      const large = size > MAX_CONTENT_BYTES;
      send(200, {
        type: 'file',
        encoding: large ? 'none' : 'base64',
        size,
        name: path.split('/').pop(),
        path,
        content: large ? '' : githubBase64(file),
        sha: sha(file),
        url: apiUrl(path),
      });
      return;
    }
    const prefix = path ? `${path}/` : '';
    const children = new Map<string, 'file' | 'dir'>();
    for (const filePath of Object.keys(repo.files)) {
      if (!filePath.startsWith(prefix)) continue;
      const [head, ...tail] = filePath.slice(prefix.length).split('/');
      children.set(head, tail.length > 0 ? 'dir' : 'file');
    }
    if (children.size === 0) {
      send(404, notFound(`${DOCS}/repos/contents#get-repository-content`));
      return;
    }
    send(
      200,
      [...children.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([child, type]) => ({
          type,
          name: child,
          path: `${prefix}${child}`,
          sha: sha(`${prefix}${child}`),
          size:
            type === 'file'
              ? Buffer.byteLength(repo.files[`${prefix}${child}`])
              : 0,
          url: apiUrl(`${prefix}${child}`),
        })),
    );
  }

  function servePage(url: URL, items: unknown[], send: Send) {
    const perPage = Math.min(
      maxPerPage,
      Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30),
    );
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const target = new URL(url.pathname, baseUrl);
      target.searchParams.set(
        'per_page',
        String(url.searchParams.get('per_page') ?? perPage),
      );
      target.searchParams.set('page', String(p));
      return `<${target.toString()}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []),
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ];
    send(
      200,
      items.slice((page - 1) * perPage, page * perPage),
      links.length > 0 ? { link: links.join(', ') } : {},
    );
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    token,
    requests,
    failNext(count, episode) {
      for (let i = 0; i < count; i++) episodes.push(episode);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolveClose =>
        server.close(() => resolveClose()),
      );
    },
  };
}
