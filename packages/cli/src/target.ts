import {
  PgExecutor,
  SqlExecutor,
  SupabaseManagementApiExecutor,
} from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { envVarNameOption } from './commands/sharedOptions';
import { CliError } from './errors';

/** How a command reaches its database, as given on the command line. */
export const targetOptionsSchema = z
  .object({
    db: z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'must be a postgres:// or postgresql:// connection string',
      )
      .optional(),
    supabaseRef: z
      .string()
      .regex(/^[a-z]{20}$/, 'must be a 20-letter Supabase project ref')
      .optional(),
    supabaseTokenEnv: envVarNameOption.optional(),
    supabaseApiUrl: z.string().url().optional(),
  })
  .refine(o => Boolean(o.db) !== Boolean(o.supabaseRef), {
    message:
      'give either --db <url> or --supabase-ref <ref> (with --supabase-token-env <VAR>)',
  })
  .refine(o => !o.supabaseRef || Boolean(o.supabaseTokenEnv), {
    message:
      '--supabase-ref needs --supabase-token-env <VAR> naming the variable that holds the access token',
  });

export type TargetOptions = z.infer<typeof targetOptionsSchema>;

/** Formats the first zod issue as `--option: message`. */
export function usageError(error: z.ZodError): CliError {
  const issue = error.issues[0];
  const path = issue.path.length
    ? `--${String(issue.path[0]).replace(
        /[A-Z]/g,
        c => `-${c.toLowerCase()}`,
      )}: `
    : '';
  return new CliError(`${path}${issue.message}`);
}

export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw usageError(result.error);
  return result.data;
}

export function createExecutor(
  options: TargetOptions,
  env: NodeJS.ProcessEnv,
): SqlExecutor {
  if (options.db) return new PgExecutor(options.db);
  const token = env[options.supabaseTokenEnv!];
  if (!token) {
    throw new CliError(
      `the environment variable ${options.supabaseTokenEnv} is empty or not set`,
    );
  }
  return new SupabaseManagementApiExecutor({
    projectRef: options.supabaseRef!,
    token,
    baseUrl: options.supabaseApiUrl,
  });
}
