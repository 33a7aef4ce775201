import { z } from 'zod';

/** `--exposed-schemas a,b` */
export const exposedSchemasOption = z
  .string()
  .optional()
  .transform(v =>
    v === undefined
      ? undefined
      : v
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
  )
  .refine(
    v => v === undefined || v.length > 0,
    'needs at least one schema name',
  );

/** `--statement-timeout <ms>` */
export const statementTimeoutOption = z.coerce
  .number()
  .int()
  .min(100)
  .max(3_600_000)
  .default(30_000);

/** `--format text|json` */
export const textOrJsonOption = z.enum(['text', 'json']).default('text');

/** The name of an environment variable that holds a secret (`--supabase-token-env`, `--token-env`). */
export const envVarNameOption = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
