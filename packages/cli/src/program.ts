import { Command, CommanderError } from 'commander';
import { dbFix } from './commands/dbFix';
import { dbInventory } from './commands/dbInventory';
import { dbLint, VERSION } from './commands/dbLint';
import { dbRules } from './commands/dbRules';
import { registerGovernanceCommands } from './commands/governance';
import { registerParityCommands } from './commands/parity';
import { schemaPrint, schemaValidate } from './commands/schema';
import { targetOptions } from './commands/targetOptions';
import { EXIT, explain } from './errors';
import { CliIo } from './io';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * Runs the `platform-kit` command line and resolves to its exit code.
 *
 * @public
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const action =
    (fn: (options: Record<string, unknown>, io: CliIo) => Promise<number>) =>
    async (options: Record<string, unknown>) => {
      exitCode = await fn(options, io);
    };

  const program = new Command('platform-kit')
    .description(
      'Platform Kit: database security lints and inventory for Supabase / PostgreSQL',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: s => io.stdout(s),
      writeErr: s => io.stderr(s),
    })
    .showHelpAfterError('(run with --help for usage)');

  const db = program
    .command('db')
    .description(
      'inspect a PostgreSQL / Supabase database (read-only), and fix its findings',
    );
  targetOptions(
    db
      .command('lint')
      .description(
        "find security and performance problems (Supabase's lints and more)",
      ),
  )
    .option('--only <category>', 'security | performance')
    .option('--exclude <name>', 'skip a lint rule (repeatable)', collect, [])
    .option(
      '--exclusions <file>',
      'YAML/JSON file of accepted risks: rules and cache_keys, each with a reason',
    )
    .option('--format <format>', 'table | json | sarif', 'table')
    .option(
      '--fail-on <level>',
      'exit 1 when a finding is at or above: error | warn | info | none',
      'error',
    )
    .action(action(dbLint));
  targetOptions(
    db.command('inventory').description('print the inventory snapshot'),
  )
    .option('--format <format>', 'table | json', 'table')
    .action(action(dbInventory));
  db.command('fix')
    .description(
      'build a remediation plan for the fixable findings and print it with what depends on each fix (a dry run); --apply applies it per finding, checked by probes and verified by a re-scan',
    )
    .option(
      '--db <url>',
      'PostgreSQL connection string (postgres://...); --apply needs write access',
    )
    .option(
      '--exposed-schemas <a,b>',
      'API schemas (default: the authenticator role\u2019s pgrst.db_schemas)',
    )
    .option(
      '--statement-timeout <ms>',
      'timeout of each catalog query',
      '30000',
    )
    .option(
      '--lint <name>',
      'only findings of this lint (repeatable)',
      collect,
      [],
    )
    .option(
      '--finding <cache_key>',
      'only this finding (repeatable)',
      collect,
      [],
    )
    .option(
      '--exclude-finding <cache_key>',
      'leave this finding out of the plan (repeatable)',
      collect,
      [],
    )
    .option(
      '--app-source <dir>',
      "the application's source folder: its RPC and table calls are dependants of the fixes (default: the working directory when it holds supabase/)",
    )
    .option('--no-app-source', 'do not search any application source')
    .option(
      '--include-destructive',
      'include patches with destructive steps (default: skipped)',
    )
    .option(
      '--policy-skeletons',
      'when enabling RLS, add owner policies where a table has an owner column',
    )
    .option('--apply', 'apply the plan (default: only print it)')
    .option(
      '--all-or-nothing',
      'with --apply: one failing finding rolls back every finding (default: it alone is rolled back)',
    )
    .option('--format <format>', 'sql | json', 'sql')
    .option('--lock-timeout <ms>', 'lock_timeout of each step', '3000')
    .option('--step-timeout <ms>', 'statement_timeout of each step', '60000')
    .option('--lock-retries <n>', 'retries after a lock timeout', '3')
    .option(
      '--wait-for-lock <ms>',
      'how long to wait for another remediation of the database (default: fail at once)',
      '0',
    )
    .action(action(dbFix));
  db.command('rules')
    .description(
      'list the lint rules with their level, severity and documentation',
    )
    .option('--format <format>', 'table | json', 'table')
    .action(action(dbRules));

  const schema = program
    .command('schema')
    .description('capability definitions: JSON Schema and validation');
  schema
    .command('print')
    .description('print the JSON Schema of capability definitions')
    .action(action(schemaPrint));
  schema
    .command('validate <file>')
    .description(
      'check a capability definitions file (YAML or JSON); exit 1 with its problems',
    )
    .action(async (file: string) => {
      exitCode = await schemaValidate(file, io);
    });

  const context = {
    io,
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };
  registerGovernanceCommands(program, context);
  registerParityCommands(program, context);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    io.stderr(`platform-kit: ${explain(error)}\n`);
    return EXIT.error;
  }
}
