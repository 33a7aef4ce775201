import {
  ApplyOutcome,
  FindingOutcome,
  Patch,
  ProbeOutcome,
} from '@platform-kit/plugin-platform-kit-common';
import { tableName } from './names';
import { isLockConflict } from './pgErrors';
import { countRows, RowCountError } from './rowCounts';
import { runProbes } from './runProbes';
import { ApplyContext, sleep, StepRun } from './types';
import { resolveFunctionOids, verifyFunctions } from './verifyFunctions';

/** One finding's patch with the plan's step runs it uses (shared steps are shared runs). */
export interface FindingUnit {
  patch: Patch;
  /** Its transactional steps, in plan order. */
  transactional: StepRun[];
  /** Its steps that run on their own after COMMIT (CONCURRENTLY). */
  separate: StepRun[];
  outcome: FindingOutcome;
}

export interface UnitsResult {
  committed: boolean;
  /** Why nothing committed (all-or-nothing, or the transaction could not start or commit). */
  reason?: string;
  rowCounts: ApplyOutcome['rowCounts'];
}

const SAVEPOINT = 'platform_kit_finding';
const unique = <T>(values: T[]) => [...new Set(values)];

/** A lock conflict inside a finding, saying where (the caller retries). */
class LockConflictAt extends Error {
  readonly code: string | undefined;
  constructor(readonly where: string, readonly original: unknown) {
    super((original as Error)?.message ?? String(original));
    this.code = (original as { code?: string })?.code;
  }
}

/** A finding that failed: its steps are rolled back, the reason says why. */
class FindingFailure extends Error {
  constructor(message: string, readonly run?: StepRun) {
    super(message);
  }
}

/** Probe outcomes of a unit, with `after` still `not-run`. */
function probeOutcomes(
  unit: FindingUnit,
  before: Map<string, string>,
): ProbeOutcome[] {
  return unit.patch.probes.map(p => ({
    probeId: p.id,
    role: p.role,
    description: p.description,
    before: before.get(p.id) ?? 'not-run',
    after: 'not-run',
  }));
}

/**
 * Runs one finding inside the open transaction, under a savepoint: its
 * probes, its steps (those an earlier finding of this transaction has not
 * already run), the functions it names verified by OID, the rows of its
 * tables counted, its probes again. Anything that worked before and fails
 * after, any step error, a changed row count or a function that no longer
 * resolves rolls the finding back to its savepoint; the transaction goes on.
 */
async function runUnit(
  ctx: ApplyContext,
  unit: FindingUnit,
  ran: Set<StepRun>,
  oids: Map<string, string | null>,
  countsBefore: Map<string, number>,
): Promise<void> {
  const { client } = ctx;
  await client.query(`SAVEPOINT ${SAVEPOINT}`);
  let current: StepRun | undefined;
  const mine: StepRun[] = [];
  try {
    const before = await runProbes(client, unit.patch.probes, ctx.message);
    unit.outcome.probes = probeOutcomes(unit, before);
    for (const probe of unit.outcome.probes.filter(p => p.before !== 'ok'))
      ctx.log(
        'warn',
        `${unit.patch.findingKey}: behaviour check "${probe.description}" fails before the steps too (${probe.before}): it cannot tell whether the fix changes it`,
      );
    for (const run of unit.transactional) {
      if (ran.has(run)) continue;
      current = run;
      run.outcome.attempts++;
      const started = Date.now();
      try {
        await client.query(run.step.sql);
      } finally {
        run.outcome.durationMs = Date.now() - started;
      }
      mine.push(run);
      ctx.log(
        'info',
        `step ${run.step.id} [${run.step.risk}] ran in ${run.outcome.durationMs} ms (for ${unit.patch.findingKey}, in the transaction, not committed yet)`,
      );
    }
    current = undefined;
    const functions = unique(mine.flatMap(r => r.step.functions));
    const { problems, skipped } = await verifyFunctions(
      client,
      functions,
      oids,
    );
    if (skipped.length)
      ctx.log(
        'info',
        `not verified (no validator for their language): ${skipped.join(', ')}`,
      );
    if (problems.length) {
      const lines = problems.map(
        p =>
          `function ${p.fn} no longer resolves its objects: ${ctx.message(
            p.error,
          )}`,
      );
      throw new FindingFailure(
        lines.join('; '),
        mine.find(r => problems.some(p => r.step.functions.includes(p.fn))),
      );
    }
    const tables = unique(mine.flatMap(r => r.step.tables.map(tableName)));
    const after = await countRows(client, tables);
    const changed = tables.filter(t => countsBefore.get(t) !== after.get(t));
    if (changed.length)
      throw new FindingFailure(
        changed
          .map(
            t =>
              `the steps changed the rows of ${t} (${countsBefore.get(
                t,
              )} before, ${after.get(t)} after)`,
          )
          .join('; '),
      );
    const afterProbes = await runProbes(client, unit.patch.probes, ctx.message);
    const broken: string[] = [];
    for (const probe of unit.outcome.probes) {
      probe.after = afterProbes.get(probe.probeId) ?? 'not-run';
      if (probe.before === 'ok' && probe.after !== 'ok')
        broken.push(`${probe.description}: ${probe.after}`);
    }
    if (broken.length)
      throw new FindingFailure(
        `a behaviour check that passed before the steps fails after them: ${broken.join(
          '; ',
        )}`,
      );
    await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    for (const run of mine) ran.add(run);
    unit.outcome.status = 'applied';
    ctx.log(
      'info',
      `${unit.patch.findingKey}: ${mine.length} step(s) and ${unit.patch.probes.length} behaviour check(s) passed (commits with the transaction)`,
    );
  } catch (error) {
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    for (const run of mine) run.outcome.status = 'skipped';
    if (isLockConflict(error)) {
      if (current) {
        current.outcome.status = 'failed';
        current.outcome.error = ctx.message(error);
      }
      throw new LockConflictAt(
        current ? `at step ${current.step.id}` : `in ${unit.patch.findingKey}`,
        error,
      );
    }
    let cause: unknown = error;
    if (error instanceof RowCountError) cause = error.original;
    const text =
      error instanceof FindingFailure ? error.message : ctx.message(cause);
    const failedRun = error instanceof FindingFailure ? error.run : current;
    if (failedRun) {
      failedRun.outcome.status = 'failed';
      failedRun.outcome.error = text;
    }
    unit.outcome.status = 'rolled-back';
    unit.outcome.reason =
      error instanceof FindingFailure || !failedRun
        ? text
        : `step ${failedRun.step.id} failed: ${text}`;
    ctx.log(
      'warn',
      `${unit.patch.findingKey}: rolled back to its savepoint (${unit.outcome.reason})`,
    );
  }
}

/**
 * The findings' transactional steps in ONE transaction (REPEATABLE READ,
 * under the guards' local lock and statement timeouts), each finding in its
 * own savepoint (see `runUnit`): a finding that fails is rolled back and
 * reported, the others commit together. A lock timeout in a finding is
 * retried for that finding after a doubling backoff, up to `lockRetries`
 * times.
 *
 * `allOrNothing`: the first finding that fails rolls the whole transaction
 * back (nothing changes); a lock timeout then retries the whole transaction.
 *
 * Row counts are taken as the connecting role in the transaction's snapshot
 * (so the application's concurrent writes do not show): it should see every
 * row (a superuser, the tables' owner or a BYPASSRLS role such as Supabase's
 * `postgres`).
 */
export async function runFindingUnits(
  ctx: ApplyContext,
  units: FindingUnit[],
  allOrNothing: boolean,
): Promise<UnitsResult> {
  const runs = unique(units.flatMap(u => u.transactional));
  const tables = unique(runs.flatMap(r => r.step.tables.map(tableName)));
  const functions = unique(runs.flatMap(r => r.step.functions));
  for (let attempt = 1; ; attempt++) {
    const ran = new Set<StepRun>();
    for (const run of runs) {
      run.outcome.status = 'skipped';
      delete run.outcome.error;
    }
    for (const unit of units) {
      unit.outcome.status = 'not-run';
      delete unit.outcome.reason;
      unit.outcome.probes = [];
    }
    let before: Map<string, number> | undefined;
    let where = 'at BEGIN';
    try {
      await ctx.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await ctx.client.query(
        `SET LOCAL lock_timeout = '${ctx.guards.lockTimeoutMs}ms'`,
      );
      await ctx.client.query(
        `SET LOCAL statement_timeout = '${ctx.guards.statementTimeoutMs}ms'`,
      );
      where = 'while reading the functions and rows before the steps';
      const oids = await resolveFunctionOids(ctx.client, functions);
      before = await countRows(ctx.client, tables);
      for (const unit of units) {
        where = `in ${unit.patch.findingKey}`;
        for (let unitAttempt = 1; ; unitAttempt++) {
          try {
            await runUnit(ctx, unit, ran, oids, before);
            break;
          } catch (error) {
            if (allOrNothing) throw error;
            if (unitAttempt > ctx.lockRetries) {
              unit.outcome.status = 'rolled-back';
              unit.outcome.reason = `lock timeout ${
                (error as LockConflictAt).where
              }: the locks were not granted within ${
                ctx.guards.lockTimeoutMs
              } ms in ${unitAttempt} attempt(s); rolled back to its savepoint`;
              ctx.log(
                'warn',
                `${unit.patch.findingKey}: ${unit.outcome.reason}`,
              );
              break;
            }
            const wait = ctx.backoffMs * 2 ** (unitAttempt - 1);
            ctx.log(
              'warn',
              `${
                unit.patch.findingKey
              }: lock timeout (attempt ${unitAttempt} of ${
                ctx.lockRetries + 1
              }): rolled back to its savepoint, retrying in ${wait} ms`,
            );
            await sleep(wait);
          }
        }
        if (unit.outcome.status !== 'applied' && allOrNothing) {
          await ctx.client.query('ROLLBACK');
          const reason = `${unit.outcome.reason}; rolled back, nothing changed`;
          for (const other of units.filter(
            u => u.outcome.status === 'applied',
          )) {
            other.outcome.status = 'rolled-back';
            other.outcome.reason = `rolled back with ${unit.patch.findingKey} (all or nothing)`;
          }
          ctx.log('error', reason);
          return {
            committed: false,
            reason,
            rowCounts: await countsAfter(ctx, before),
          };
        }
      }
      where = 'at COMMIT';
      await ctx.client.query('COMMIT');
      for (const run of ran) run.outcome.status = 'applied';
      const after = await countRows(ctx.client, tables).catch(() => before!);
      const rowCounts: ApplyOutcome['rowCounts'] = {};
      for (const table of tables)
        rowCounts[table] = {
          before: before.get(table)!,
          after: after.get(table)!,
        };
      const applied = units.filter(u => u.outcome.status === 'applied').length;
      ctx.log(
        'info',
        `committed ${applied} of ${units.length} finding(s) (attempt ${attempt})`,
      );
      return { committed: true, rowCounts };
    } catch (error) {
      await ctx.client.query('ROLLBACK').catch(() => undefined);
      for (const unit of units) {
        if (unit.outcome.status === 'applied') unit.outcome.status = 'not-run';
      }
      for (const run of runs)
        if (run.outcome.status === 'applied') run.outcome.status = 'skipped';
      let cause: unknown = error;
      if (error instanceof RowCountError) {
        cause = error.original;
        where = `while counting the rows of ${error.table}`;
      }
      if (error instanceof LockConflictAt) where = error.where;
      if (isLockConflict(cause) && attempt <= ctx.lockRetries) {
        const wait = ctx.backoffMs * 2 ** (attempt - 1);
        ctx.log(
          'warn',
          `lock timeout ${where} (attempt ${attempt} of ${
            ctx.lockRetries + 1
          }): rolled back, retrying in ${wait} ms`,
        );
        await sleep(wait);
        continue;
      }
      const reason = isLockConflict(cause)
        ? `lock timeout ${where}: the locks were not granted within ${ctx.guards.lockTimeoutMs} ms in ${attempt} attempt(s); rolled back, nothing changed`
        : `${where}: ${ctx.message(cause)}; rolled back, nothing changed`;
      for (const unit of units)
        if (unit.outcome.status === 'not-run') unit.outcome.reason = reason;
      ctx.log('error', reason);
      return {
        committed: false,
        reason,
        rowCounts: await countsAfter(ctx, before),
      };
    }
  }
}

/** After a rollback: the rows as they are now, for the tables counted before. */
async function countsAfter(
  ctx: ApplyContext,
  before: Map<string, number> | undefined,
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
