import {
  ConnectorHttpError,
  ConnectorHttpErrorDetails,
} from './ConnectorHttpError';
import {
  HttpClientOptions,
  HttpResponse,
  RequestOptions,
  httpClientOptionsSchema,
  parseOptions,
  requestOptionsSchema,
} from './options';
import {
  headerSecrets,
  redact,
  redactUrl,
  sensitiveQueryValues,
} from './redact';
import {
  Backoff,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  requestedDelay,
} from './retryDelay';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 30_000 };
/** Characters of an error body kept in a {@link ConnectorHttpError}. */
const SNIPPET_LENGTH = 300;

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** The outcome of one attempt that did not succeed. */
type Failure = Omit<ConnectorHttpErrorDetails, 'attempts' | 'method' | 'url'>;

function snippet(text: string, contentType: string | null, secrets: string[]) {
  let cleaned = text;
  if (contentType?.includes('html')) cleaned = cleaned.replace(/<[^>]*>/g, ' ');
  cleaned = redact(cleaned.replace(/\s+/g, ' ').trim(), secrets);
  if (cleaned.length <= SNIPPET_LENGTH) return cleaned || undefined;
  return `${cleaned.slice(0, SNIPPET_LENGTH)}…`;
}

function encodeBody(body: unknown, headers: Headers): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (
    typeof body === 'string' ||
    body instanceof URLSearchParams ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer
  ) {
    return body as BodyInit;
  }
  if (!headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return JSON.stringify(body);
}

function causeMessage(error: unknown): string {
  const err = error as {
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const cause = err?.cause;
  if (cause?.message) return cause.message;
  if (cause?.code) return cause.code;
  return err?.message ?? String(error);
}

/**
 * A small HTTP client for connectors: JSON in and out, a timeout per attempt,
 * retries with full-jitter exponential backoff on 408, 429, 5xx, timeouts and
 * network errors (honouring `Retry-After`), and errors that never contain a
 * secret.
 *
 * @example
 * ```ts
 * const http = new HttpClient({
 *   baseUrl: 'http://127.0.0.1:5678',
 *   headers: { 'X-N8N-API-KEY': apiKey },
 * });
 * const page = await http.get<{ data: unknown[]; nextCursor: string | null }>(
 *   '/api/v1/workflows',
 *   { query: { limit: 250, cursor } },
 * );
 * ```
 *
 * @public
 */
export class HttpClient {
  private readonly options: HttpClientOptions;
  private readonly baseUrl: URL;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoff: Backoff;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  /** @throws TypeError when an option is invalid. */
  constructor(options: HttpClientOptions) {
    const parsed = parseOptions(
      httpClientOptionsSchema,
      options,
      'HttpClient options',
    );
    this.options = parsed;
    this.baseUrl = new URL(parsed.baseUrl);
    this.headers = { ...parsed.headers };
    this.secrets = [
      ...(parsed.secrets ?? []),
      ...headerSecrets(parsed.headers),
      ...(this.baseUrl.password
        ? [decodeURIComponent(this.baseUrl.password)]
        : []),
    ];
    this.timeoutMs = parsed.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = parsed.retries ?? DEFAULT_RETRIES;
    this.backoff = {
      baseMs: parsed.backoff?.baseMs ?? DEFAULT_BACKOFF.baseMs,
      maxMs: parsed.backoff?.maxMs ?? DEFAULT_BACKOFF.maxMs,
    };
    this.fetchImpl = parsed.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = parsed.sleep ?? defaultSleep;
    this.random = parsed.random ?? Math.random;
  }

  /**
   * A client with more headers (and secrets), e.g. a bearer token after a
   * login; everything else is shared with this one.
   */
  withHeaders(
    headers: Record<string, string>,
    secrets: string[] = [],
  ): HttpClient {
    return new HttpClient({
      ...this.options,
      headers: { ...this.headers, ...headers },
      secrets: [...(this.options.secrets ?? []), ...secrets],
    });
  }

  /** `redact` with this client's secrets, for connectors' own messages. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** GET `path` and return the parsed body. */
  async get<T = unknown>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request<T>('GET', path, options)).body;
  }

  /** POST `body` to `path` and return the parsed body. */
  async post<T = unknown>(
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<T> {
    return (await this.request<T>('POST', path, { ...options, body })).body;
  }

  /**
   * Sends a request, retrying as configured, and resolves with status,
   * headers and the parsed body of a 2xx answer.
   *
   * @throws {@link ConnectorHttpError} for a non-2xx answer, a timeout, a
   * network error or an unreadable JSON body (after the last attempt).
   */
  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const opts = parseOptions(requestOptionsSchema, options, 'request options');
    const verb = method.toUpperCase();
    const secrets = [...this.secrets, ...headerSecrets(opts.headers)];
    const url = this.buildUrl(path, opts.query, secrets);
    secrets.push(...sensitiveQueryValues(url));
    const shownUrl = redactUrl(url, secrets);
    const maxAttempts = opts.retry === false ? 1 : this.retries + 1;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(verb, url, opts, secrets);
      if ('body' in outcome) return outcome;
      const fail = (note?: string) =>
        new ConnectorHttpError({
          ...outcome,
          note: note ?? outcome.note,
          method: verb,
          url: shownUrl,
          attempts: attempt,
        });
      if (!outcome.retryable || attempt >= maxAttempts) throw fail();
      const asked = outcome.retryAfterMs;
      if (asked !== undefined && asked > this.backoff.maxMs) {
        throw fail(
          `the server asked to wait ${Math.ceil(
            asked / 1000,
          )} s, longer than backoff.maxMs (${this.backoff.maxMs} ms)`,
        );
      }
      await this.sleep(
        asked ?? backoffDelay(attempt - 1, this.backoff, this.random),
      );
      if (opts.signal?.aborted) {
        throw new ConnectorHttpError({
          reason: 'aborted',
          retryable: false,
          method: verb,
          url: shownUrl,
          attempts: attempt,
        });
      }
    }
  }

  private buildUrl(
    path: string,
    query: RequestOptions['query'],
    secrets: string[],
  ): string {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      url = new URL(path);
      if (url.origin !== this.baseUrl.origin) {
        throw new TypeError(
          `Refusing to send a request to ${redactUrl(path, secrets)}: not on ${
            this.baseUrl.origin
          }`,
        );
      }
    } else {
      const base = this.baseUrl.href.replace(/\/+$/, '');
      url = new URL(`${base}/${path.replace(/^\/+/, '')}`);
    }
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.append(name, String(value));
    }
    return url.href;
  }

  private async attempt<T>(
    method: string,
    url: string,
    opts: RequestOptions,
    secrets: string[],
  ): Promise<HttpResponse<T> | Failure> {
    const headers = new Headers(this.headers);
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      headers.set(name, value);
    }
    const responseType = opts.responseType ?? 'json';
    if (responseType === 'json' && !headers.has('accept')) {
      headers.set('accept', 'application/json');
    }
    const body = encodeBody(opts.body, headers);
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs);
    const signal = opts.signal
      ? AbortSignal.any([timeout, opts.signal])
      : timeout;

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { method, headers, body, signal });
      text = await response.text();
    } catch (error) {
      if (opts.signal?.aborted) return { reason: 'aborted', retryable: false };
      if (timeout.aborted) {
        return {
          reason: 'timeout',
          retryable: true,
          note: `no complete answer within ${
            opts.timeoutMs ?? this.timeoutMs
          } ms`,
        };
      }
      return {
        reason: 'network',
        retryable: true,
        causeMessage: redact(causeMessage(error), secrets),
      };
    }

    if (!response.ok) {
      const retryable = isRetryableStatus(response.status);
      // A 429 may say when its window resets instead of how long to wait.
      const retryAfterMs =
        response.status === 429
          ? requestedDelay(response.headers)
          : parseRetryAfter(response.headers.get('retry-after'));
      return {
        reason: 'status',
        status: response.status,
        statusText: response.statusText,
        retryable,
        retryAfterMs: retryable ? retryAfterMs : undefined,
        bodySnippet: snippet(
          text,
          response.headers.get('content-type'),
          secrets,
        ),
      };
    }

    if (responseType === 'text') {
      return {
        status: response.status,
        headers: response.headers,
        body: text as T,
      };
    }
    if (text.trim() === '') {
      return {
        status: response.status,
        headers: response.headers,
        body: undefined as T,
      };
    }
    try {
      return {
        status: response.status,
        headers: response.headers,
        body: JSON.parse(text) as T,
      };
    } catch {
      return {
        reason: 'invalid-response',
        status: response.status,
        retryable: false,
        bodySnippet: snippet(
          text,
          response.headers.get('content-type'),
          secrets,
        ),
      };
    }
  }
}
