import {
  ApplyOutcome,
  RemediationPlan,
  remediationPlanSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { planSteps } from '../buildPlan';
import { DEFAULT_GUARDS, GuardSettings } from '../renderPlan';
import { acquireAdvisoryLock, releaseAdvisoryLock } from './advisoryLock';
import { runConcurrentSteps } from './concurrentSteps';
import { parseFunctionSignature, tableName } from './names';
import { errorMessages } from './pgErrors';
import { countRows } from './rowCounts';
import { runTransactionalSteps } from './transaction';
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

/**
 * Applies a remediation plan to a database, guarded, and verifies it by a
 * re-scan.
 *
 * - On a dedicated read-write connection, holding the target's session-level
 *   advisory lock (`pg_try_advisory_lock(hashtextextended(key, 0))`, polled
 *   for `waitForLockMs`): two applies on one target never interleave; the
 *   second waits or fails with "another remediation is running on <key>".
 * - The transactional steps in one transaction with local lock and statement
 *   timeouts, retried as a whole after a lock timeout, with the functions the
 *   steps name verified and the rows of the tables they name counted before
 *   COMMIT (see `runTransactionalSteps` for the step status convention).
 * - Then, only when that committed, the CONCURRENTLY steps one by one, each
 *   with its own status; an INVALID index a failure leaves is dropped.
 * - Then the caller's `rescan()`: `remaining` lists the findings of patches
 *   with steps that it still reports. Manual patches are not applied and not
 *   expected to disappear. Nothing is re-scanned when nothing changed.
 *
 * 'applied' only when every step applied and nothing remains. Errors and
 * logs never contain the connection string or its password. Resolves to a
 * failed outcome (never rejects) when the target cannot be reached, the plan
 * is invalid or the re-scan fails.
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
      remaining: [],
      rowCounts: {},
    };
  }
  const plan = parsed.data;
  const runs: StepRun[] = planSteps(plan).map(step => ({
    step,
    outcome: { stepId: step.id, status: 'skipped', attempts: 0, durationMs: 0 },
  }));
  const outcome = (
    status: ApplyOutcome['status'],
    extra: Partial<ApplyOutcome>,
  ): ApplyOutcome => ({
    status,
    steps: runs.map(r => r.outcome),
    remaining: [],
    rowCounts: {},
    ...extra,
  });
  // Nothing was changed: what the plan meant to fix is still there.
  const failed = (reason: string) => {
    log('error', reason);
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
    const transactional = runs.filter(r => r.step.transactional);
    const separate = runs.filter(r => !r.step.transactional);
    log(
      'info',
      `applying ${runs.length} step(s) to ${message(lockKey)}: ${
        transactional.length
      } in one transaction, ${separate.length} on their own`,
    );

    const rowCounts: ApplyOutcome['rowCounts'] = {};
    if (transactional.length) {
      const tx = await runTransactionalSteps(ctx, transactional);
      Object.assign(rowCounts, tx.rowCounts);
      if (!tx.committed)
        return outcome('failed', {
          reason: tx.reason,
          remaining: expectedKeys(plan),
          rowCounts,
        });
    }

    if (separate.length) {
      const tables = [
        ...new Set(separate.flatMap(r => r.step.tables.map(tableName))),
      ].filter(t => !(t in rowCounts));
      const before = await countRows(client, tables).catch(error => {
        log('warn', `could not count rows: ${message(error)}`);
        return undefined;
      });
      await runConcurrentSteps(ctx, separate);
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
    }
    for (const [table, counts] of Object.entries(rowCounts))
      log(
        'info',
        `rows of ${table}: ${counts.before} before, ${counts.after} after`,
      );

    const problems: string[] = [];
    const failedSteps = runs.filter(r => r.outcome.status !== 'applied');
    if (failedSteps.length)
      problems.push(
        `${failedSteps
          .map(r => `step ${r.step.id} failed: ${r.outcome.error}`)
          .join('; ')}${
          transactional.length ? '; the transactional steps stay applied' : ''
        }`,
      );

    let remaining = expectedKeys(plan);
    const changed = runs.some(r => r.outcome.status === 'applied');
    if (changed && remaining.length) {
      log('info', 're-scanning to verify');
      try {
        const present = new Set((await options.rescan()).map(f => f.cache_key));
        remaining = remaining.filter(k => present.has(k));
        if (remaining.length)
          problems.push(`the re-scan still finds ${remaining.join(', ')}`);
        else log('info', 'verified: the re-scan no longer finds them');
      } catch (error) {
        problems.push(`the re-scan failed: ${message(error)}`);
      }
    }
    if (problems.length) {
      const reason = problems.join('; ');
      log('error', reason);
      return outcome('failed', { reason, remaining, rowCounts });
    }
    return outcome('applied', { remaining, rowCounts });
  } catch (error) {
    return failed(`the apply stopped: ${message(error)}`);
  } finally {
    if (locked)
      await releaseAdvisoryLock(client, lockKey).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
