import { z } from 'zod';

const fn = <T>(what: string) =>
  z.custom<T>(
    value => typeof value === 'function',
    `${what} must be a function`,
  );

/**
 * Zod schema of {@link HttpClientOptions}.
 *
 * @public
 */
export const httpClientOptionsSchema = z.object({
  baseUrl: z
    .string()
    .refine(
      value => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value),
      'an absolute http(s) URL, e.g. http://127.0.0.1:5678',
    ),
  headers: z.record(z.string(), z.string()).optional(),
  secrets: z.array(z.string()).optional(),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(20).optional(),
  backoff: z
    .object({
      baseMs: z.number().nonnegative().optional(),
      maxMs: z.number().nonnegative().optional(),
    })
    .optional(),
  fetch: fn<typeof fetch>('fetch').optional(),
  sleep: fn<(ms: number) => Promise<void>>('sleep').optional(),
  random: fn<() => number>('random').optional(),
});

/**
 * Zod schema of {@link RequestOptions}.
 *
 * @public
 */
export const requestOptionsSchema = z.object({
  query: z
    .record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean(), z.undefined()]),
    )
    .optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  responseType: z.enum(['json', 'text']).optional(),
  retry: z.boolean().optional(),
  timeoutMs: z.number().int().positive().optional(),
  signal: z
    .custom<AbortSignal>(
      value => value instanceof AbortSignal,
      'an AbortSignal',
    )
    .optional(),
});

/**
 * How an {@link HttpClient} talks to one source.
 *
 * @public
 */
export interface HttpClientOptions {
  /** The source's base URL, e.g. `http://127.0.0.1:5678` or `https://host/api`. */
  baseUrl: string;
  /**
   * Sent on every request (e.g. auth). Their values are secrets and are
   * redacted in errors, except those of `accept`, `content-type` and
   * `user-agent`.
   */
  headers?: Record<string, string>;
  /** More strings to redact in errors and logs (passwords, keys, tokens). */
  secrets?: string[];
  /** Time allowed per attempt, including reading the body; default 10 000 ms. */
  timeoutMs?: number;
  /** Extra attempts on 408, 429, 5xx, timeouts and network errors; default 3. */
  retries?: number;
  /**
   * Full-jitter exponential backoff between attempts: a random delay up to
   * `min(maxMs, baseMs * 2^retry)`; default 500 / 30 000 ms. A `Retry-After`
   * header (or, on 429, `X-RateLimit-Reset`) wins over the backoff as long as
   * it asks for at most `maxMs`; when it asks for longer the client stops and
   * throws a retryable {@link ConnectorHttpError} with `retryAfterMs`.
   */
  backoff?: { baseMs?: number; maxMs?: number };
  /** The fetch implementation; the global `fetch` unless given. */
  fetch?: typeof fetch;
  /** How to wait between attempts; injectable so that tests run fast. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); `Math.random` unless given (for tests). */
  random?: () => number;
}

/**
 * Per-request settings of {@link HttpClient.request}.
 *
 * @public
 */
export interface RequestOptions {
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Objects are sent as JSON; strings, `URLSearchParams` and bytes as they are. */
  body?: unknown;
  /** Extra headers for this request (credential-like values are redacted). */
  headers?: Record<string, string>;
  /** How to read a successful body; default `json` (an empty body gives `undefined`). */
  responseType?: 'json' | 'text';
  /** Default true; set false for calls that must not run twice (non-idempotent). */
  retry?: boolean;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Aborts the request (and any further attempts) when the caller gives up. */
  signal?: AbortSignal;
}

/**
 * What {@link HttpClient.request} resolves with.
 *
 * @public
 */
export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Throws a TypeError naming each invalid option (never its value). */
export function parseOptions<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new TypeError(`Invalid ${what}: ${problems}`);
}
