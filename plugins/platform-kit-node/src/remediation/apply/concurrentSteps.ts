import { Client } from 'pg';
import { qualified } from '../sql';
import { concurrentIndexOf } from './names';
import { isLockConflict } from './pgErrors';
import { ApplyContext, sleep, StepRun } from './types';

interface IndexRow {
  oid: string;
  valid: boolean;
  schema: string;
  name: string;
}

/** The index named `index` in the schema of `table` (as written in the statement). */
async function findIndex(
  client: Client,
  target: { index: string; table: string },
): Promise<IndexRow | undefined> {
  const { rows } = await client.query<IndexRow>(
    `SELECT c.oid, i.indisvalid AS valid, n.nspname AS schema, c.relname AS name
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1
        AND c.relnamespace = (SELECT t.relnamespace FROM pg_catalog.pg_class t
                               WHERE t.oid = pg_catalog.to_regclass($2))`,
    [target.index, target.table],
  );
  return rows[0];
}

/**
 * A failed `CREATE INDEX CONCURRENTLY` can leave an INVALID index behind
 * (e.g. a unique index over duplicates fails after its catalog entry was
 * committed). Drops it when it is new (not there before the step), so that
 * the database is as before. Returns what it did, for the step's error.
 */
async function dropInvalidIndex(
  ctx: ApplyContext,
  target: { index: string; table: string },
  existing: IndexRow | undefined,
): Promise<string | undefined> {
  let found: IndexRow | undefined;
  try {
    found = await findIndex(ctx.client, target);
  } catch (error) {
    return `could not look for an invalid index ${target.index}: ${ctx.message(
      error,
    )}`;
  }
  if (!found || found.valid || found.oid === existing?.oid) return undefined;
  const name = qualified(found.schema, found.name);
  try {
    await ctx.client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    ctx.log('warn', `dropped the invalid index ${name} the failure left`);
    return `the invalid index ${name} it left was dropped`;
  } catch (error) {
    ctx.log('error', `could not drop the invalid index ${name}`);
    return `the invalid index ${name} it left could NOT be dropped (${ctx.message(
      error,
    )}): drop it with DROP INDEX CONCURRENTLY`;
  }
}

/**
 * The steps that cannot run in a transaction (CONCURRENTLY), each on its own
 * in autocommit under the session's lock and statement timeouts, each with
 * its own status: one failing does not stop the next. A lock timeout is
 * retried with the same doubling backoff as the transaction.
 */
export async function runConcurrentSteps(
  ctx: ApplyContext,
  runs: StepRun[],
): Promise<void> {
  for (const run of runs) await runConcurrentStep(ctx, run);
}

async function runConcurrentStep(ctx: ApplyContext, run: StepRun) {
  const { step, outcome } = run;
  const target = concurrentIndexOf(step.sql);
  for (let attempt = 1; ; attempt++) {
    const existing = target
      ? await findIndex(ctx.client, target).catch(() => undefined)
      : undefined;
    outcome.attempts = attempt;
    const started = Date.now();
    try {
      await ctx.client.query(step.sql);
      outcome.durationMs = Date.now() - started;
      outcome.status = 'applied';
      delete outcome.error;
      ctx.log(
        'info',
        `step ${step.id} [${step.risk}] applied in ${outcome.durationMs} ms (on its own, outside the transaction)`,
      );
      return;
    } catch (error) {
      outcome.durationMs = Date.now() - started;
      const cleanup = target
        ? await dropInvalidIndex(ctx, target, existing)
        : undefined;
      outcome.status = 'failed';
      outcome.error = [ctx.message(error), cleanup].filter(Boolean).join('; ');
      if (isLockConflict(error) && attempt <= ctx.lockRetries) {
        const wait = ctx.backoffMs * 2 ** (attempt - 1);
        ctx.log(
          'warn',
          `step ${step.id}: lock timeout (attempt ${attempt} of ${
            ctx.lockRetries + 1
          }), retrying in ${wait} ms`,
        );
        await sleep(wait);
        continue;
      }
      ctx.log(
        'error',
        `step ${step.id} [${step.risk}] failed after ${outcome.durationMs} ms: ${outcome.error}`,
      );
      return;
    }
  }
}
