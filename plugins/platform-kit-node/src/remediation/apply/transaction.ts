import { ApplyOutcome } from '@platform-kit/plugin-platform-kit-common';
import { tableName } from './names';
import { isLockConflict } from './pgErrors';
import { countRows, RowCountError } from './rowCounts';
import { ApplyContext, sleep, StepRun } from './types';
import { verifyFunctions } from './verifyFunctions';

export interface TransactionResult {
  committed: boolean;
  /** Why it rolled back. */
  reason?: string;
  rowCounts: ApplyOutcome['rowCounts'];
}

type Counts = Map<string, number>;

type Attempt =
  | { kind: 'committed'; before: Counts; after: Counts }
  | { kind: 'lock'; where: string; before?: Counts }
  | { kind: 'failed'; reason: string; before?: Counts };

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * The transactional steps, in order, in ONE transaction under the guards'
 * `SET LOCAL lock_timeout` / `statement_timeout`. A lock timeout (or a
 * deadlock) anywhere in it rolls back and retries the whole transaction after
 * a doubling backoff, up to `lockRetries` times; any other error rolls back
 * and ends it.
 *
 * Inside the transaction, before COMMIT: the functions the steps name are
 * verified (`verifyFunctions`), and the rows of the tables they name are
 * counted again. The transaction is REPEATABLE READ, so both counts see the
 * same snapshot: the application's concurrent writes do not show, and a
 * difference can only come from a step, which rolls everything back. The
 * counts are taken as the connecting role: it should see every row (a
 * superuser, the tables' owner, or a BYPASSRLS role such as Supabase's
 * `postgres`), or enabling RLS would look like rows disappearing.
 *
 * Step statuses: 'applied' only once COMMIT succeeded. When it rolls back,
 * the step that failed (or that hit the lock timeout on the last attempt, or
 * that named a function that no longer resolves) is 'failed' with its error,
 * and every other step is 'skipped', including those that had run: their
 * effect was rolled back with the rest. `attempts` counts the transaction
 * attempts that ran the step; `durationMs` is its time in the last one.
 */
export async function runTransactionalSteps(
  ctx: ApplyContext,
  runs: StepRun[],
): Promise<TransactionResult> {
  const tables = unique(runs.flatMap(r => r.step.tables.map(tableName)));
  const functions = unique(runs.flatMap(r => r.step.functions));
  for (let attempt = 1; ; attempt++) {
    const result = await attemptTransaction(ctx, runs, tables, functions);
    if (result.kind === 'committed') {
      for (const run of runs) run.outcome.status = 'applied';
      ctx.log(
        'info',
        `committed ${runs.length} transactional step(s) (attempt ${attempt})`,
      );
      const rowCounts: ApplyOutcome['rowCounts'] = {};
      for (const table of tables)
        rowCounts[table] = {
          before: result.before.get(table)!,
          after: result.after.get(table)!,
        };
      return { committed: true, rowCounts };
    }
    if (result.kind === 'lock' && attempt <= ctx.lockRetries) {
      const wait = ctx.backoffMs * 2 ** (attempt - 1);
      ctx.log(
        'warn',
        `lock timeout ${result.where} (attempt ${attempt} of ${
          ctx.lockRetries + 1
        }): rolled back, retrying in ${wait} ms`,
      );
      await sleep(wait);
      continue;
    }
    const reason =
      result.kind === 'lock'
        ? `lock timeout ${result.where}: the locks were not granted within ${ctx.guards.lockTimeoutMs} ms in ${attempt} attempt(s); rolled back, nothing changed`
        : `${result.reason}; rolled back, nothing changed`;
    ctx.log('error', reason);
    return {
      committed: false,
      reason,
      rowCounts: await countsAfterRollback(ctx, result.before),
    };
  }
}

async function attemptTransaction(
  ctx: ApplyContext,
  runs: StepRun[],
  tables: string[],
  functions: string[],
): Promise<Attempt> {
  const { client, guards } = ctx;
  for (const run of runs) {
    run.outcome.status = 'skipped';
    delete run.outcome.error;
  }
  let where = 'at BEGIN';
  let current: StepRun | undefined;
  let before: Counts | undefined;
  const rollback = () => client.query('ROLLBACK').catch(() => undefined);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await client.query(`SET LOCAL lock_timeout = '${guards.lockTimeoutMs}ms'`);
    await client.query(
      `SET LOCAL statement_timeout = '${guards.statementTimeoutMs}ms'`,
    );
    before = await countRows(client, tables);
    for (const run of runs) {
      current = run;
      where = `at step ${run.step.id}`;
      run.outcome.attempts++;
      const started = Date.now();
      try {
        await client.query(run.step.sql);
      } finally {
        run.outcome.durationMs = Date.now() - started;
      }
      ctx.log(
        'info',
        `step ${run.step.id} [${run.step.risk}] ran in ${run.outcome.durationMs} ms (in the transaction, not committed yet)`,
      );
    }
    current = undefined;
    where = 'while verifying functions';
    const { problems, skipped } = await verifyFunctions(client, functions);
    if (skipped.length)
      ctx.log(
        'info',
        `not verified (no validator for their language): ${skipped.join(', ')}`,
      );
    if (problems.length) {
      await rollback();
      const lines = problems.map(
        p =>
          `function ${p.fn} no longer resolves its objects: ${ctx.message(
            p.error,
          )}`,
      );
      for (const run of runs) {
        const own = problems.filter(p => run.step.functions.includes(p.fn));
        if (!own.length) continue;
        run.outcome.status = 'failed';
        run.outcome.error = lines
          .filter((_, i) => own.includes(problems[i]))
          .join('; ');
      }
      return { kind: 'failed', reason: lines.join('; '), before };
    }
    const after = await countRows(client, tables);
    const changed = tables.filter(t => before!.get(t) !== after.get(t));
    if (changed.length) {
      await rollback();
      return {
        kind: 'failed',
        reason: changed
          .map(
            t =>
              `the steps changed the rows of ${t} (${before!.get(
                t,
              )} before, ${after.get(t)} after)`,
          )
          .join('; '),
        before,
      };
    }
    where = 'at COMMIT';
    await client.query('COMMIT');
    return { kind: 'committed', before, after };
  } catch (error) {
    await rollback();
    let cause = error;
    if (error instanceof RowCountError) {
      cause = error.original;
      where = `while counting the rows of ${error.table}`;
    }
    const message = ctx.message(cause);
    if (current) {
      current.outcome.status = 'failed';
      current.outcome.error = message;
    }
    if (isLockConflict(cause)) return { kind: 'lock', where, before };
    return {
      kind: 'failed',
      reason: current
        ? `step ${current.step.id} failed: ${message}`
        : `${where}: ${message}`,
      before,
    };
  }
}

/** After a rollback: the rows as they are now, for the tables counted before. */
async function countsAfterRollback(
  ctx: ApplyContext,
  before: Counts | undefined,
): Promise<ApplyOutcome['rowCounts']> {
  const rowCounts: ApplyOutcome['rowCounts'] = {};
  for (const [table, count] of before ?? []) {
    try {
      const now = await countRows(ctx.client, [table]);
      rowCounts[table] = { before: count, after: now.get(table)! };
    } catch (error) {
      ctx.log(
        'warn',
        `could not count the rows of ${table} after the rollback: ${ctx.message(
          (error as RowCountError).original,
        )}`,
      );
    }
  }
  return rowCounts;
}
