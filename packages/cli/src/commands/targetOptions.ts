import { Command } from 'commander';

/** The options that name a database to read: a connection string or a Supabase project. */
export function targetOptions(command: Command): Command {
  return command
    .option('--db <url>', 'PostgreSQL connection string (postgres://...)')
    .option(
      '--supabase-ref <ref>',
      'Supabase project ref, read through the Management API',
    )
    .option(
      '--supabase-token-env <VAR>',
      'environment variable holding the Supabase access token',
    )
    .option(
      '--supabase-api-url <url>',
      'Management API base URL (default https://api.supabase.com)',
    )
    .option(
      '--exposed-schemas <a,b>',
      'API schemas (default: the authenticator role\u2019s pgrst.db_schemas)',
    )
    .option(
      '--statement-timeout <ms>',
      'timeout of each catalog query',
      '30000',
    );
}
