import { z } from 'zod';

/**
 * The largest page the n8n Public API serves (`limit` maximum).
 *
 * @public
 */
export const N8N_MAX_PAGE_SIZE = 250;

/**
 * Options of one n8n connector, as configured in a `kind: connector` target:
 *
 * ```yaml
 * options:
 *   baseUrl: https://n8n.example.com
 *   apiKey: ${N8N_API_KEY}
 *   pageSize: 250      # optional, 1-250, default 100
 *   timeoutMs: 10000   # optional, per request
 * ```
 *
 * @public
 */
export const n8nConnectorOptionsSchema = z.strictObject({
  /** Where n8n answers, e.g. `https://n8n.example.com` (a path prefix is kept). */
  baseUrl: z.url({
    protocol: /^https?$/,
    error: 'an absolute http(s) URL, e.g. https://n8n.example.com',
  }),
  /** An n8n API key (Settings → n8n API) with the scopes workflow:list, workflow:read and tag:list. */
  apiKey: z
    .string({ error: 'an n8n API key (a string)' })
    .trim()
    .min(1, 'an n8n API key'),
  /** Workflows and tags per request, 1-250 (default 100). */
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(N8N_MAX_PAGE_SIZE, `at most ${N8N_MAX_PAGE_SIZE} (n8n's limit)`)
    .default(100),
  /** Time allowed per request attempt, in ms (default 10 000). */
  timeoutMs: z.number().int().positive().max(300_000).optional(),
});

/**
 * Options as written in configuration (defaults not yet applied).
 *
 * @public
 */
export type N8nConnectorOptionsInput = z.input<
  typeof n8nConnectorOptionsSchema
>;
/**
 * Options with defaults applied.
 *
 * @public
 */
export type N8nConnectorOptions = z.output<typeof n8nConnectorOptionsSchema>;

/**
 * Parses options, with an error that names each invalid option and never
 * repeats a value (the API key must not end up in a log).
 *
 * @public
 */
export function parseN8nConnectorOptions(input: unknown): N8nConnectorOptions {
  const result = n8nConnectorOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map(issue => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
    .join('; ');
  throw new TypeError(`Invalid n8n connector options: ${problems}`);
}
