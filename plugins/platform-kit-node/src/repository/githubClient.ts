import { Octokit } from '@octokit/rest';
import { redactSecrets } from '../executor/redact';
import { GithubRateLimitKind, githubRateLimitWait } from './githubRateLimit';

/** @public */
export interface GithubClientOptions {
  /** A token with read access to contents (and administration, to see classic branch protection). */
  token?: string;
  /** Default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3 */
  baseUrl?: string;
  /** Retries of a rate-limited request (default 3). */
  maxRetries?: number;
  /** The longest wait for a rate limit; a longer one fails at once (default 15 minutes). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called before each wait for a rate limit, e.g. to log it. */
  onRateLimit?: (info: {
    kind: GithubRateLimitKind;
    waitMs: number;
    attempt: number;
    request: string;
  }) => void;
}

/**
 * A failed GitHub request; the message never holds the token.
 *
 * @public
 */
export class GithubApiError extends Error {
  readonly status: number | undefined;
  readonly rateLimited: boolean;

  constructor(
    message: string,
    status: number | undefined,
    rateLimited = false,
  ) {
    super(message);
    this.name = 'GithubApiError';
    this.status = status;
    this.rateLimited = rateLimited;
  }
}

interface OctokitFailure {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: {
    headers?: Record<string, string | number | undefined>;
    data?: unknown;
  };
}

function serverMessage(failure: OctokitFailure): string {
  const data = failure.response?.data;
  if (data && typeof data === 'object' && 'message' in data)
    return String((data as { message: unknown }).message);
  return failure.message ?? 'request failed';
}

/** `GET /repos/o/r/contents/x`: the method and path, no host, query or credentials. */
function describeRequest(
  failure: OctokitFailure,
  fallback: { method?: string; url?: string },
): string {
  const method = failure.request?.method ?? fallback.method ?? 'GET';
  const url = failure.request?.url ?? fallback.url ?? '';
  let path = url;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    path = url.replace(/\?.*$/, '');
  }
  return `${method} ${path}`;
}

/**
 * An Octokit client that waits out GitHub's rate limits (see
 * {@link githubRateLimitWait}) a bounded number of times and turns every
 * failure into a {@link GithubApiError} whose message names the request and
 * GitHub's answer, with the token redacted.
 */
export function createGithubClient(options: GithubClientOptions = {}): Octokit {
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const secrets = options.token ? [options.token] : [];
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });

  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const failure = error as OctokitFailure;
        const message = serverMessage(failure);
        const described = redactSecrets(
          describeRequest(
            failure,
            requestOptions as OctokitFailure['request'] & {},
          ),
          secrets,
        );
        const fail = (text: string, rateLimited = false): never => {
          throw new GithubApiError(
            redactSecrets(text, secrets),
            failure.status,
            rateLimited,
          );
        };
        const wait = githubRateLimitWait(
          failure.status,
          failure.response?.headers ?? {},
          message,
          attempt,
          now(),
        );
        if (!wait)
          return fail(
            `GitHub ${described} failed${
              failure.status ? ` with ${failure.status}` : ''
            }: ${message}`,
          );
        if (attempt >= maxRetries)
          return fail(
            `GitHub ${described} is still rate limited after ${maxRetries} retries: ${message}`,
            true,
          );
        if (wait.waitMs > maxWaitMs)
          return fail(
            `GitHub ${described} is rate limited for ${Math.ceil(
              wait.waitMs / 1000,
            )} s, longer than the ${Math.ceil(
              maxWaitMs / 1000,
            )} s allowed: ${message}`,
            true,
          );
        options.onRateLimit?.({
          kind: wait.kind,
          waitMs: wait.waitMs,
          attempt: attempt + 1,
          request: described,
        });
        await sleep(wait.waitMs);
      }
    }
  });
  return octokit;
}
