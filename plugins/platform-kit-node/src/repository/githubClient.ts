import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { redact } from '@platform-kit/connector-sdk';

/**
 * Why GitHub refused a request for a while: the primary limit (requests an
 * hour) or a secondary limit (too many at once).
 *
 * @public
 */
export type GithubRateLimitKind = 'primary' | 'secondary';

/** @public */
export interface GithubClientOptions {
  /** A token with read access to contents (and administration, to see classic branch protection). */
  token?: string;
  /** Default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3 */
  baseUrl?: string;
  /** Retries of a request that was rate limited or failed with a 5xx (default 3). */
  maxRetries?: number;
  /** The longest wait for a rate limit; a longer one fails at once (default 15 minutes). */
  maxWaitMs?: number;
  /**
   * Milliseconds one second of a wait GitHub asks for lasts (Octokit's
   * `retryAfterBaseValue`, default 1000); the waits reported to
   * `onRateLimit` are GitHub's either way.
   */
  retryAfterBaseValue?: number;
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

const OctokitWithPlugins = Octokit.plugin(paginateRest, retry, throttling);

/** The Octokit the engine reads GitHub with: `request` and `paginate`. */
export type GithubOctokit = InstanceType<typeof OctokitWithPlugins>;

interface RequestOptions {
  method?: string;
  url?: string;
}

interface OctokitFailure {
  status?: number;
  message?: string;
  request?: RequestOptions;
  response?: { data?: unknown };
}

function serverMessage(failure: OctokitFailure): string {
  const data = failure.response?.data;
  if (data && typeof data === 'object' && 'message' in data)
    return String((data as { message: unknown }).message);
  return failure.message ?? 'request failed';
}

/** `GET /repos/o/r/contents/x`: the method and path, no host, query or credentials. */
function describeRequest(options: RequestOptions): string {
  const url = options.url ?? '';
  let path = url;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    path = url.replace(/\?.*$/, '');
  }
  return `${options.method ?? 'GET'} ${path}`;
}

/**
 * An Octokit client with Octokit's throttling plugin (waits out GitHub's
 * primary and secondary rate limits, a bounded number of times and no
 * longer than `maxWaitMs`) and retry plugin (5xx), whose every failure is a
 * {@link GithubApiError} naming the request and GitHub's answer, with the
 * token redacted.
 */
export function createGithubClient(
  options: GithubClientOptions = {},
): GithubOctokit {
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const secrets = options.token ? [options.token] : [];
  /** Why the throttling plugin stopped waiting, by request. */
  const gaveUp = new WeakMap<object, string>();

  const onLimit =
    (kind: GithubRateLimitKind) =>
    (
      retryAfter: number,
      request: RequestOptions,
      _: unknown,
      count: number,
    ) => {
      const waitMs = retryAfter * 1000;
      if (count >= maxRetries) {
        gaveUp.set(
          request,
          `is still rate limited after ${maxRetries} retries`,
        );
        return false;
      }
      if (waitMs > maxWaitMs) {
        gaveUp.set(
          request,
          `is rate limited for ${Math.ceil(
            waitMs / 1000,
          )} s, longer than the ${Math.ceil(maxWaitMs / 1000)} s allowed`,
        );
        return false;
      }
      options.onRateLimit?.({
        kind,
        waitMs,
        attempt: count + 1,
        request: redact(describeRequest(request), secrets),
      });
      return true;
    };

  const octokit = new OctokitWithPlugins({
    auth: options.token,
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    log: { debug() {}, info() {}, warn() {}, error() {} },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(options.retryAfterBaseValue === undefined
        ? {}
        : { retryAfterBaseValue: options.retryAfterBaseValue }),
    },
    retry: {
      retries: maxRetries,
      ...(options.retryAfterBaseValue === undefined
        ? {}
        : { retryAfterBaseValue: options.retryAfterBaseValue }),
    },
  });

  octokit.hook.wrap('request', async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (error) {
      const failure = error as OctokitFailure;
      const message = serverMessage(failure);
      const described = describeRequest(
        failure.request ?? (requestOptions as RequestOptions),
      );
      const limited = gaveUp.get(requestOptions);
      const text = limited
        ? `GitHub ${described} ${limited}: ${message}`
        : `GitHub ${described} failed${
            failure.status ? ` with ${failure.status}` : ''
          }: ${message}`;
      throw new GithubApiError(
        redact(text, secrets),
        failure.status,
        limited !== undefined || failure.status === 429,
      );
    }
  });
  return octokit;
}
