import { z } from 'zod';

/**
 * Superset answers at most 100 rows a page unless its config says otherwise.
 *
 * @public
 */
export const SUPERSET_MAX_PAGE_SIZE = 100;

/**
 * Options of a Superset connector target (`options:` of a `kind: connector`,
 * `connector: superset` target). `password` is a secret.
 *
 * @public
 */
export const supersetConnectorOptionsSchema = z.object({
  /** e.g. `https://superset.example.com` (a path prefix is kept). */
  baseUrl: z
    .string()
    .refine(
      value => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value),
      'an absolute http(s) URL, e.g. https://superset.example.com',
    )
    .transform(value => value.replace(/\/+$/, '')),
  /** A Superset user that may read dashboards, datasets and charts. */
  username: z.string().min(1),
  /** Its password (secret: never logged, never in errors). */
  password: z.string().min(1),
  /** Authentication provider of `POST /api/v1/security/login`. */
  provider: z.enum(['db', 'ldap']).default('db'),
  /** Rows asked for per list page (1-100). */
  pageSize: z.number().int().min(1).max(SUPERSET_MAX_PAGE_SIZE).default(100),
  /** Time allowed per HTTP attempt. */
  timeoutMs: z.number().int().positive().max(300_000).default(10_000),
  /** Extra attempts on 429, 5xx and network errors. */
  retries: z.number().int().min(0).max(10).default(3),
});

/**
 * Validated options (defaults applied).
 *
 * @public
 */
export type SupersetConnectorOptions = z.infer<
  typeof supersetConnectorOptionsSchema
>;

/**
 * Options as written in config (defaults not yet applied).
 *
 * @public
 */
export type SupersetConnectorOptionsInput = z.input<
  typeof supersetConnectorOptionsSchema
>;

/** Throws a TypeError naming each invalid option, never its value. */
export function parseSupersetOptions(input: unknown): SupersetConnectorOptions {
  const result = supersetConnectorOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new TypeError(`Invalid Superset connector options: ${problems}`);
}
