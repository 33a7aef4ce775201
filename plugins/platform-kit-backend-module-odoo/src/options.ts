import { z } from 'zod';

/**
 * Options of one Odoo connector (a `kind: connector` target with
 * `connector: odoo`).
 *
 * @public
 */
export const odooOptionsSchema = z.object({
  /** e.g. `https://mycompany.odoo.com`. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'an absolute http(s) URL' })
    .transform(url => url.replace(/\/+$/, '')),
  /** The Odoo database name. */
  database: z.string().min(1),
  /** The login of the (bot) user the API key belongs to; XML-RPC authenticates with it. */
  login: z.string().min(1),
  /** An Odoo API key (Preferences → Account Security); replaces the password for RPC. Secret. */
  apiKey: z.string().min(1),
  /**
   * `xmlrpc` (External RPC API), `json2` (External JSON-2 API, Odoo 19+) or
   * `auto` (default): ask the server's version and use JSON-2 from 19 on.
   */
  protocol: z.enum(['xmlrpc', 'json2', 'auto']).default('auto'),
  /** Records per `search_read` call; default 500. */
  pageSize: z.number().int().min(1).max(10_000).default(500),
  /** Time allowed per HTTP attempt; default 30 000 ms. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Extra attempts on 429, 5xx and network errors; default 3. */
  retries: z.number().int().min(0).max(10).default(3),
});

/**
 * Options as configured (defaults not yet applied).
 *
 * @public
 */
export type OdooOptionsInput = z.input<typeof odooOptionsSchema>;
/**
 * Options with defaults applied.
 *
 * @public
 */
export type OdooOptions = z.output<typeof odooOptionsSchema>;

/**
 * Validates options; the error names each invalid option and never repeats a
 * value (the API key is one of them).
 *
 * @public
 */
export function parseOdooOptions(input: unknown): OdooOptions {
  const result = odooOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new TypeError(`Invalid Odoo connector options: ${problems}`);
}
