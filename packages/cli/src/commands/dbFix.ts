import {
  applyPlan,
  buildPlan,
  DEFAULT_GUARDS,
  FIXABLE_LINTS,
  GuardSettings,
  planSteps,
  preflightPlan,
  renderPlanSql,
  runLints,
} from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { CliError, EXIT } from '../errors';
import { formatOutcome } from '../format/fixOutcomeText';
import { planReview } from '../format/fixPlanText';
import { CliIo } from '../io';
import { scanTarget } from '../scan';
import { parseOrThrow, TargetOptions } from '../target';
import { defaultAppSource, readAppCallers } from './appSourceOption';
import { exposedSchemasOption, statementTimeoutOption } from './sharedOptions';

/** Exit code of an apply that failed or was partial (some findings rolled back or not run, or not verified by the re-scan). */
const EXIT_APPLY_FAILED = 1;

const millis = (max: number) => z.coerce.number().int().min(1).max(max);

const fixOptionsSchema = z.object({
  db: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'must be a postgres:// or postgresql:// connection string',
    )
    .optional(),
  exposedSchemas: exposedSchemasOption,
  statementTimeout: statementTimeoutOption,
  lint: z
    .array(
      z
        .string()
        .regex(
          /^[a-z0-9_]+$/,
          'must be a lint name such as rls_disabled_in_public',
        ),
    )
    .default([]),
  finding: z.array(z.string().min(1)).default([]),
  excludeFinding: z.array(z.string().min(1)).default([]),
  appSource: z
    .union([
      z.string().min(1, 'give the folder of the application'),
      z.literal(false),
    ])
    .optional(),
  allOrNothing: z.boolean().default(false),
  includeDestructive: z.boolean().default(false),
  policySkeletons: z.boolean().default(false),
  apply: z.boolean().default(false),
  format: z.enum(['sql', 'json']).default('sql'),
  lockTimeout: millis(600_000).default(DEFAULT_GUARDS.lockTimeoutMs),
  stepTimeout: millis(3_600_000).default(DEFAULT_GUARDS.statementTimeoutMs),
  lockRetries: z.coerce.number().int().min(0).max(20).default(3),
  waitForLock: z.coerce.number().int().min(0).max(3_600_000).default(0),
});

/**
 * The target as the plan and the advisory lock name it: scheme, host, port
 * and database, without user, password or parameters (any of which may hold
 * a secret). Without the user, two applies as different roles still exclude
 * each other.
 */
export function targetOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${
      u.pathname
    }`;
  } catch {
    throw new CliError('--db: not a valid connection URL');
  }
}

/**
 * `platform-kit db fix`: scans the database (read-only), builds a remediation
 * plan for its fixable findings, and prints it (a dry run); with `--apply`
 * applies it guarded, each finding in its own savepoint (or all or nothing),
 * checked by probes and verified by a fresh scan. Exit 0 printed / applied
 * and verified, 1 when the apply failed or was partial, 2 on usage and
 * connection errors.
 */
export async function dbFix(
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const options = parseOrThrow(fixOptionsSchema, raw);
  if (!options.db)
    throw new CliError(
      'give the database with --db <url>: fixing needs a direct connection (postgres:// or postgresql://)',
    );
  const unknown = options.lint.filter(l => !FIXABLE_LINTS.includes(l));
  if (unknown.length)
    throw new CliError(
      `--lint: no automatic fix for ${unknown.join(
        ', ',
      )}; fixable lints: ${FIXABLE_LINTS.join(', ')}`,
    );
  const target: TargetOptions = { db: options.db };
  const targetRef = targetOf(options.db);
  const appSource =
    options.appSource === false
      ? undefined
      : options.appSource ?? defaultAppSource(io.cwd);
  if (appSource !== undefined && options.appSource === undefined)
    io.stderr(
      `searching the application source in ${io.cwd} (it holds supabase/; --app-source <dir> chooses another folder, --no-app-source none)\n`,
    );
  const appCallers =
    appSource === undefined
      ? undefined
      : await readAppCallers(appSource, io.cwd);
  const scan = async () => {
    const inventory = await scanTarget(target, options, io);
    return { inventory, findings: runLints(inventory).findings };
  };

  const { inventory, findings } = await scan();
  for (const [option, keys] of [
    ['--finding', options.finding],
    ['--exclude-finding', options.excludeFinding],
  ] as const) {
    const missing = keys.filter(k => !findings.some(f => f.cache_key === k));
    if (missing.length)
      throw new CliError(
        `${option}: not among the findings of ${targetRef}: ${missing.join(
          ', ',
        )}`,
      );
  }
  const built = buildPlan({
    targetRef,
    inventory,
    findings,
    lints: options.lint.length ? options.lint : undefined,
    findingKeys: options.finding.length ? options.finding : undefined,
    includeDestructive: options.includeDestructive,
    policySkeletons: options.policySkeletons,
    appCallers,
    excludeFindingKeys: options.excludeFinding,
  });
  // The connecting role's privileges for every step (read-only): the dry run
  // prints the problems; the apply leaves those findings out and says why.
  const plan = await preflightPlan(options.db, built);
  const guards: GuardSettings = {
    lockTimeoutMs: options.lockTimeout,
    statementTimeoutMs: options.stepTimeout,
  };

  if (!options.apply) {
    io.stdout(
      options.format === 'json'
        ? `${JSON.stringify(plan, null, 2)}\n`
        : `${renderPlanSql(plan, guards)}${planReview(plan)}`,
    );
    return EXIT.ok;
  }

  const outcome = await applyPlan({
    connectionString: options.db,
    plan,
    guards,
    lockRetries: options.lockRetries,
    waitForLockMs: options.waitForLock,
    advisoryLockKey: targetRef,
    allOrNothing: options.allOrNothing,
    rescan: async () => (await scan()).findings,
    onLog: (level, message) =>
      io.stderr(`${level === 'info' ? '' : `${level}: `}${message}\n`),
  });
  io.stdout(
    options.format === 'json'
      ? `${JSON.stringify(outcome, null, 2)}\n`
      : formatOutcome(plan, planSteps(plan), outcome, targetRef),
  );
  return outcome.status === 'applied' ? EXIT.ok : EXIT_APPLY_FAILED;
}
