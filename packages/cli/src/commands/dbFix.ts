import {
  ApplyOutcome,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';
import {
  applyPlan,
  buildPlan,
  DEFAULT_GUARDS,
  FIXABLE_LINTS,
  GuardSettings,
  planSteps,
  renderPlanSql,
  runLints,
} from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { CliError, EXIT } from '../errors';
import { CliIo } from '../io';
import { scanTarget } from '../scan';
import { parseOrThrow, TargetOptions } from '../target';
import { exposedSchemasOption, statementTimeoutOption } from './sharedOptions';

/** Exit code of an apply that failed (rolled back, or not verified by the re-scan). */
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

const comment = (text: string) =>
  text
    .split('\n')
    .map(line => `-- ${line}`)
    .join('\n');

/** What the plan leaves alone: findings without a patch, and patches that need a human. */
function notes(plan: RemediationPlan): string {
  const lines = [
    ...plan.skipped.map(s => `${s.findingKey}: ${s.reason}`),
    ...plan.patches
      .filter(p => p.manual)
      .map(
        p =>
          `${p.findingKey}: needs a human: ${p.manual!.reason}\n  ${
            p.manual!.instructions
          }`,
      ),
  ];
  return lines.length
    ? `${comment(`Not fixed by this plan:\n${lines.join('\n')}`)}\n`
    : '';
}

function formatOutcome(
  plan: RemediationPlan,
  outcome: ApplyOutcome,
  target: string,
): string {
  const steps = planSteps(plan);
  const out: string[] = [
    outcome.status === 'applied'
      ? `Applied to ${target} and verified by a re-scan.`
      : `FAILED on ${target}: ${outcome.reason ?? 'see the steps'}`,
  ];
  if (!steps.length) out.push('The plan has no steps: nothing to apply.');
  else {
    const width = Math.max(...steps.map(s => s.id.length));
    out.push('', 'Steps:');
    outcome.steps.forEach((s, i) => {
      const step = steps[i];
      out.push(
        `  ${s.status.padEnd(7)}  ${s.stepId.padEnd(width)}  [${
          step?.risk ?? '?'
        }] ${step?.transactional === false ? 'on its own' : 'transaction'}, ${
          s.attempts
        } attempt(s), ${s.durationMs} ms${
          s.error ? `\n           ${s.error}` : ''
        }`,
      );
    });
  }
  const counts = Object.entries(outcome.rowCounts);
  if (counts.length) {
    out.push('', 'Rows (before -> after):');
    for (const [table, c] of counts)
      out.push(`  ${table}: ${c.before} -> ${c.after}`);
  }
  out.push(
    '',
    `Still found: ${
      outcome.remaining.length ? outcome.remaining.join(', ') : 'none'
    }`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * `platform-kit db fix`: scans the database (read-only), builds a remediation
 * plan for its fixable findings, and prints it (a dry run); with `--apply`
 * applies it guarded and verified by a fresh scan. Exit 0 printed / applied
 * and verified, 1 when the apply failed, 2 on usage and connection errors.
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
  const scan = async () => {
    const inventory = await scanTarget(target, options, io);
    return { inventory, findings: runLints(inventory).findings };
  };

  const { inventory, findings } = await scan();
  const missing = options.finding.filter(
    k => !findings.some(f => f.cache_key === k),
  );
  if (missing.length)
    throw new CliError(
      `--finding: not among the findings of ${targetRef}: ${missing.join(
        ', ',
      )}`,
    );
  const plan = buildPlan({
    targetRef,
    inventory,
    findings,
    lints: options.lint.length ? options.lint : undefined,
    findingKeys: options.finding.length ? options.finding : undefined,
    includeDestructive: options.includeDestructive,
    policySkeletons: options.policySkeletons,
  });
  const guards: GuardSettings = {
    lockTimeoutMs: options.lockTimeout,
    statementTimeoutMs: options.stepTimeout,
  };

  if (!options.apply) {
    io.stdout(
      options.format === 'json'
        ? `${JSON.stringify(plan, null, 2)}\n`
        : `${renderPlanSql(plan, guards)}${notes(plan)}`,
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
    rescan: async () => (await scan()).findings,
    onLog: (level, message) =>
      io.stderr(`${level === 'info' ? '' : `${level}: `}${message}\n`),
  });
  io.stdout(
    options.format === 'json'
      ? `${JSON.stringify(outcome, null, 2)}\n`
      : `${formatOutcome(plan, outcome, targetRef)}${notes(plan)}`,
  );
  return outcome.status === 'applied' ? EXIT.ok : EXIT_APPLY_FAILED;
}
