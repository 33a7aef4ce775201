import {
  ApplyOutcome,
  FindingOutcome,
  RemediationPlan,
  remediationPlanSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { planSteps } from '../buildPlan';
import { DEFAULT_GUARDS, GuardSettings } from '../renderPlan';
import { acquireAdvisoryLock, releaseAdvisoryLock } from './advisoryLock';
import { checkPlanPrivileges } from '../preflight/preflightPlan';
import { runConcurrentSteps } from './concurrentSteps';
import { currentSession } from './session';
import { FindingUnit, runFindingUnits } from './findingUnits';
import { parseFunctionSignature, tableName } from './names';
import { errorMessages } from './pgErrors';
import { countRows } from './rowCounts';
import {
  ApplyContext,
  ApplyPlanOptions,
  DEFAULT_BACKOFF_MS,
  DEFAULT_LOCK_RETRIES,
  StepRun,
} from './types';

const positiveInt = (value: number, name: string) => {
  if (!Number.isFinite(value) || value < 1)
    throw new Error(`${name} must be a positive number of milliseconds`);
  return Math.floor(value);
};

function checkGuards(guards: GuardSettings): GuardSettings {
  return {
    lockTimeoutMs: positiveInt(guards.lockTimeoutMs, 'lockTimeoutMs'),
    statementTimeoutMs: positiveInt(
      guards.statementTimeoutMs,
      'statementTimeoutMs',
    ),
  };
}

/** The findings the plan means to fix: patches with steps (manual ones need a human). */
const expectedKeys = (plan: RemediationPlan) => [
  ...new Set(plan.patches.filter(p => p.steps.length).map(p => p.findingKey)),
];

/** The outcome of each patch before anything ran. */
function initialFindings(plan: RemediationPlan): FindingOutcome[] {
  return plan.patches.map(p =>
    p.manual || !p.steps.length
      ? {
          findingKey: p.findingKey,
          status: 'needs-human',
          reason: p.manual?.reason ?? 'the patch has no steps',
          probes: [],
        }
      : { findingKey: p.findingKey, status: 'not-run', probes: [] },
  );
}

/**
 * Applies a remediation plan to a database, guarded, with behaviour checks,
 * and verifies it by a re-scan.
 *
 * - On a dedicated read-write connection (its session told to `onSession`
 *   first, see `endApplySession`), holding the target's session-level
 *   advisory lock (`pg_try_advisory_lock(hashtextextended(key, 0))`, polled
 *   for `waitForLockMs`): two applies on one target never interleave; the
 *   second waits or fails with "another remediation is running on <key>".
 * - A pre-flight first: findings whose steps need privileges the connecting
 *   role lacks (the plan's `preflight`, checked again live) are not run.
 * - The transactional steps in one transaction with local lock and statement
 *   timeouts, each finding under its own savepoint with its probes run
 *   before and after its steps (see `runFindingUnits`): a finding that fails
 *   is rolled back and reported, the others commit; `allOrNothing` rolls
 *   everything back instead.
 * - Then the CONCURRENTLY steps of the findings that committed (or have only
 *   such steps), one by one, each with its own status; an INVALID index a
 *   failure leaves is dropped.
 * - Then the caller's `rescan()`: `remaining` lists the applied findings it
 *   still reports.
 *
 * Status: 'applied' when every finding with steps applied and nothing
 * remains; 'partial' when some did; 'failed' when none did. `findings` says
 * per finding what happened and which probes ran. Errors and logs never
 * contain the connection string or its password. Resolves (never rejects)
 * when the target cannot be reached, the plan is invalid or the re-scan fails.
 *
 * @public
 */
export async function applyPlan(
  options: ApplyPlanOptions,
): Promise<ApplyOutcome> {
  const message = errorMessages(options.connectionString);
  const log: ApplyContext['log'] = (level, text) =>
    options.onLog?.(level, text);
  const parsed = remediationPlanSchema.safeParse(options.plan);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = `invalid plan: ${issue.path.join('.')}: ${issue.message}`;
    log('error', reason);
    return {
      status: 'failed',
      reason,
      steps: [],
      findings: [],
      remaining: [],
      rowCounts: {},
    };
  }
  const plan = parsed.data;
  const runs: StepRun[] = planSteps(plan).map(step => ({
    step,
    outcome: { stepId: step.id, status: 'skipped', attempts: 0, durationMs: 0 },
  }));
  const runBySql = new Map(runs.map(r => [r.step.sql, r]));
  const findings = initialFindings(plan);
  const units: FindingUnit[] = plan.patches.flatMap((patch, i) =>
    patch.steps.length && !patch.manual
      ? [
          {
            patch,
            transactional: patch.steps
              .filter(s => s.transactional)
              .map(s => runBySql.get(s.sql)!),
            separate: patch.steps
              .filter(s => !s.transactional)
              .map(s => runBySql.get(s.sql)!),
            outcome: findings[i],
          },
        ]
      : [],
  );
  const outcome = (
    status: ApplyOutcome['status'],
    extra: Partial<ApplyOutcome>,
  ): ApplyOutcome => ({
    status,
    steps: runs.map(r => r.outcome),
    findings,
    remaining: [],
    rowCounts: {},
    ...extra,
  });
  // Nothing was changed: what the plan meant to fix is still there.
  const failed = (reason: string) => {
    log('error', reason);
    for (const unit of units)
      if (unit.outcome.status === 'not-run') unit.outcome.reason ??= reason;
    return outcome('failed', { reason, remaining: expectedKeys(plan) });
  };

  let guards: GuardSettings;
  try {
    guards = checkGuards(options.guards ?? DEFAULT_GUARDS);
    for (const run of runs) {
      run.step.tables.forEach(tableName);
      run.step.functions.forEach(parseFunctionSignature);
    }
  } catch (error) {
    return failed(`invalid plan or options: ${(error as Error).message}`);
  }
  for (const patch of plan.patches.filter(p => p.manual))
    log(
      'warn',
      `${patch.findingKey} needs a human: ${patch.manual!.reason}; not applied`,
    );
  if (!runs.length) {
    log('info', 'the plan has no steps: nothing to apply');
    return outcome('applied', {});
  }

  const lockKey = options.advisoryLockKey;
  const client = new Client({
    connectionString: options.connectionString,
    application_name: 'platform-kit-remediation',
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {
    // a lost connection surfaces as the error of the next query
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    return failed(`cannot connect to the target: ${message(error)}`);
  }
  let locked = false;
  try {
    if (options.onSession) {
      // Recorded before anything runs: whoever records it can end this session.
      try {
        await options.onSession(await currentSession(client));
      } catch (error) {
        return failed(
          `could not record the apply's database session, nothing was run: ${message(
            error,
          )}`,
        );
      }
    }
    const waitMs = Math.max(0, options.waitForLockMs ?? 0);
    if (waitMs > 0)
      log(
        'info',
        `taking the remediation lock of ${message(
          lockKey,
        )} (waiting up to ${waitMs} ms)`,
      );
    locked = await acquireAdvisoryLock(client, lockKey, waitMs);
    if (!locked)
      return failed(
        `another remediation is running on ${message(lockKey)}${
          waitMs > 0 ? ` (waited ${waitMs} ms)` : ''
        }`,
      );
    // Everything outside the transaction (counts, CONCURRENTLY steps) runs under the guards too.
    await client.query(`SET lock_timeout = '${guards.lockTimeoutMs}ms'`);
    await client.query(
      `SET statement_timeout = '${guards.statementTimeoutMs}ms'`,
    );

    const ctx: ApplyContext = {
      client,
      guards,
      lockRetries: Math.max(
        0,
        Math.floor(options.lockRetries ?? DEFAULT_LOCK_RETRIES),
      ),
      backoffMs: Math.max(0, options.backoffMs ?? DEFAULT_BACKOFF_MS),
      message,
      log,
    };

    await client.query('BEGIN READ ONLY');
    const live = await checkPlanPrivileges(client, plan);
    await client.query('ROLLBACK');
    const blocked = new Map<string, string[]>();
    for (const p of [...plan.preflight, ...live])
      blocked.set(p.findingKey, [
        ...new Set([
          ...(blocked.get(p.findingKey) ?? []),
          `${p.stepId}: ${p.problem}`,
        ]),
      ]);
    for (const unit of units.filter(u => blocked.has(u.patch.findingKey))) {
      unit.outcome.reason = `pre-flight: ${blocked
        .get(unit.patch.findingKey)!
        .join('; ')}`;
      log('warn', `${unit.patch.findingKey} not run: ${unit.outcome.reason}`);
    }
    const allOrNothing = options.allOrNothing ?? false;
    if (
      allOrNothing &&
      blocked.size &&
      units.some(u => blocked.has(u.patch.findingKey))
    )
      return failed(
        `pre-flight: ${[...blocked.values()]
          .flat()
          .join('; ')}; all or nothing: nothing was run`,
      );
    const runnable = units.filter(u => !blocked.has(u.patch.findingKey));
    const inTransaction = runnable.filter(u => u.transactional.length);
    log(
      'info',
      `applying ${runnable.length} finding(s) to ${message(lockKey)}: ${
        inTransaction.length
      } in one transaction (${
        allOrNothing ? 'all or nothing' : 'each under its own savepoint'
      }), ${
        runnable.length - inTransaction.length
      } with steps on their own only`,
    );

    const rowCounts: ApplyOutcome['rowCounts'] = {};
    if (inTransaction.length) {
      const tx = await runFindingUnits(ctx, inTransaction, allOrNothing);
      Object.assign(rowCounts, tx.rowCounts);
      if (!tx.committed)
        return outcome('failed', {
          reason: tx.reason,
          remaining: expectedKeys(plan),
          rowCounts,
        });
    }

    const separate = runnable.filter(
      u =>
        u.separate.length &&
        (!u.transactional.length || u.outcome.status === 'applied'),
    );
    const separateRuns = [...new Set(separate.flatMap(u => u.separate))];
    if (separateRuns.length) {
      const tables = [
        ...new Set(separateRuns.flatMap(r => r.step.tables.map(tableName))),
      ].filter(t => !(t in rowCounts));
      const before = await countRows(client, tables).catch(error => {
        log('warn', `could not count rows: ${message(error)}`);
        return undefined;
      });
      await runConcurrentSteps(ctx, separateRuns);
      const after = before
        ? await countRows(client, tables).catch(error => {
            log('warn', `could not count rows: ${message(error)}`);
            return undefined;
          })
        : undefined;
      for (const table of after ? tables : []) {
        rowCounts[table] = {
          before: before!.get(table)!,
          after: after!.get(table)!,
        };
        // CONCURRENTLY statements build indexes: a difference is the application's writes.
        if (before!.get(table) !== after!.get(table))
          log(
            'warn',
            `rows of ${table} changed while the CONCURRENTLY steps ran (${before!.get(
              table,
            )} → ${after!.get(table)}): concurrent writes, not the steps`,
          );
      }
      for (const unit of separate) {
        const failedRun = unit.separate.find(
          r => r.outcome.status !== 'applied',
        );
        if (!failedRun) {
          unit.outcome.status = 'applied';
          continue;
        }
        const text = `step ${failedRun.step.id} failed: ${failedRun.outcome.error}`;
        const anyApplied = [...unit.transactional, ...unit.separate].some(
          r => r.outcome.status === 'applied',
        );
        unit.outcome.status = anyApplied ? 'applied' : 'rolled-back';
        unit.outcome.reason = anyApplied
          ? `${text}; its other steps stay applied`
          : text;
      }
    }
    for (const [table, counts] of Object.entries(rowCounts))
      log(
        'info',
        `rows of ${table}: ${counts.before} before, ${counts.after} after`,
      );

    const problems: string[] = [];
    const notApplied = units.filter(u => u.outcome.status !== 'applied');
    for (const unit of notApplied)
      problems.push(
        `${unit.patch.findingKey} ${unit.outcome.status}: ${
          unit.outcome.reason ?? 'not run'
        }`,
      );
    const applied = units.filter(u => u.outcome.status === 'applied');
    let remaining = expectedKeys(plan);
    if (applied.length) {
      log('info', 're-scanning to verify');
      try {
        const present = new Set((await options.rescan()).map(f => f.cache_key));
        remaining = remaining.filter(k => present.has(k));
        const stillThere = applied.filter(u => present.has(u.patch.findingKey));
        for (const unit of stillThere)
          unit.outcome.reason = 'applied, but the re-scan still finds it';
        if (stillThere.length)
          problems.push(
            `the re-scan still finds ${stillThere
              .map(u => u.patch.findingKey)
              .join(', ')}`,
          );
        else log('info', 'verified: the re-scan no longer finds them');
      } catch (error) {
        problems.push(`the re-scan failed: ${message(error)}`);
      }
    }
    const verified = applied.filter(
      u => !remaining.includes(u.patch.findingKey),
    );
    if (!problems.length) return outcome('applied', { remaining, rowCounts });
    const reason = problems.join('; ');
    log('error', reason);
    return outcome(verified.length ? 'partial' : 'failed', {
      reason,
      remaining,
      rowCounts,
    });
  } catch (error) {
    return failed(`the apply stopped: ${message(error)}`);
  } finally {
    if (locked)
      await releaseAdvisoryLock(client, lockKey).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
