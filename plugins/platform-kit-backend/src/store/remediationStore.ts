import {
  ApplyOutcome,
  applyOutcomeSchema,
  RemediationPlan,
  remediationPlanSchema,
  RemediationPlanStatus,
} from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { Knex } from 'knex';
import { iso, isoOrNull } from './rowValues';

export interface RemediationPlanRecord {
  id: string;
  entityRef: string;
  status: RemediationPlanStatus;
  plan: RemediationPlan;
  sql: string;
  scanId: string | null;
  createdBy: string;
  createdAt: string;
  appliedBy: string | null;
  dryRun: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  outcome: ApplyOutcome | null;
  error: string | null;
  logs: { at: string; level: string; message: string }[];
  /** Whether the (latest) apply commits every finding or none. */
  allOrNothing: boolean;
  /** What the control plane could not do when it built the plan (secret-free, for people). */
  warnings: string[];
}

/**
 * A stored document with the defaults of fields added since it was written
 * (e.g. a plan from before dependants, probes and the pre-flight), so that
 * readers always get today's shape; as stored when it does not parse.
 */
function current<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
): z.infer<S> {
  if (value === null || value === undefined) return value as z.infer<S>;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : (value as z.infer<S>);
}

function toRecord(r: Record<string, any>): RemediationPlanRecord {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    status: r.status,
    plan: current(remediationPlanSchema, r.plan),
    sql: r.sql ?? '',
    scanId: r.scan_id,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    appliedBy: r.applied_by,
    dryRun: r.dry_run,
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
    outcome: current(applyOutcomeSchema, r.outcome),
    error: r.error,
    logs: r.logs,
    allOrNothing: r.all_or_nothing ?? false,
    warnings: r.warnings ?? [],
  };
}

/** A plan created or changed status; `apply` when the change belongs to an apply. */
export interface PlanStatusChange {
  id: string;
  entityRef: string;
  status: RemediationPlanStatus;
  apply: boolean;
}

const toChange = (
  r: Record<string, any>,
  apply: boolean,
): PlanStatusChange => ({
  id: r.id,
  entityRef: r.entity_ref,
  status: r.status,
  apply,
});

/** How an apply ended: a dry run (the plan goes back to pending), an outcome, or an error. */
export type ApplyEnd =
  | { kind: 'dry-run' }
  | { kind: 'outcome'; outcome: ApplyOutcome }
  | { kind: 'error'; error: string };

/** Remediation plans in the ops store: pending → applying → applied | partial | failed. */
export class RemediationStore {
  constructor(
    private readonly knex: Knex,
    private readonly options: {
      /** Told of every plan creation and status change; must not throw. */
      onPlanStatus?: (change: PlanStatusChange) => void;
    } = {},
  ) {}

  private changed(rows: Record<string, any>[], apply: boolean) {
    this.announce(rows.map(r => toChange(r, apply)));
  }

  /** Tells of plan status changes once the transaction that made them is committed. */
  announce(changes: PlanStatusChange[]): void {
    for (const change of changes) this.options.onPlanStatus?.(change);
  }

  async create(p: {
    projectId: string;
    targetId: string;
    entityRef: string;
    scanId: string;
    plan: RemediationPlan;
    sql: string;
    createdBy: string;
    warnings?: string[];
  }): Promise<RemediationPlanRecord> {
    const { rows } = await this.knex.raw(
      `INSERT INTO ops.remediation_plans (project_id, target_id, entity_ref, scan_id, plan, sql, created_by, warnings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        p.projectId,
        p.targetId,
        p.entityRef,
        p.scanId,
        JSON.stringify(p.plan),
        p.sql,
        p.createdBy,
        JSON.stringify(p.warnings ?? []),
      ],
    );
    this.changed(rows, false);
    return toRecord(rows[0]);
  }

  async get(id: string): Promise<RemediationPlanRecord | undefined> {
    const { rows } = await this.knex.raw(
      'SELECT * FROM ops.remediation_plans WHERE id = ?',
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async listForEntity(entityRef: string, limit = 50) {
    const { rows } = await this.knex.raw(
      'SELECT * FROM ops.remediation_plans WHERE entity_ref = ? ORDER BY created_at DESC LIMIT ?',
      [entityRef, limit],
    );
    return rows.map(toRecord) as RemediationPlanRecord[];
  }

  /**
   * Takes a pending (or failed, for a retry) plan for applying, counting the
   * attempt, and calls `enqueue` (the job that applies it) in the same
   * transaction; false when it is not in such a state. A partial apply is
   * final: what is left needs a new plan from a new scan.
   */
  async claim(
    id: string,
    appliedBy: string,
    options: { dryRun: boolean; allOrNothing: boolean },
    enqueue: (trx: Knex.Transaction) => Promise<void>,
  ) {
    const rows = await this.knex.transaction(async trx => {
      const claimed = await this.claimIn(trx, id, appliedBy, options);
      if (claimed.length) await enqueue(trx);
      return claimed;
    });
    this.changed(rows, true);
    return rows.length > 0;
  }

  private async claimIn(
    trx: Knex.Transaction,
    id: string,
    appliedBy: string,
    options: { dryRun: boolean; allOrNothing: boolean },
  ): Promise<Record<string, any>[]> {
    const { rows } = await trx.raw(
      `UPDATE ops.remediation_plans
          SET status = 'applying', applied_by = ?, dry_run = ?, all_or_nothing = ?, started_at = now(),
              finished_at = NULL, error = NULL, outcome = NULL, logs = '[]', apply_attempts = apply_attempts + 1
        WHERE id = ? AND status IN ('pending', 'failed') RETURNING id, entity_ref, status`,
      [appliedBy, options.dryRun, options.allOrNothing, id],
    );
    return rows;
  }

  async log(
    id: string,
    level: string,
    message: string,
    trx: Knex | Knex.Transaction = this.knex,
  ) {
    await trx.raw(
      `UPDATE ops.remediation_plans SET logs = logs || jsonb_build_array(jsonb_build_object('at', now(), 'level', ?::text, 'message', ?::text)) WHERE id = ?`,
      [level, message, id],
    );
  }

  /** Records how an apply ended; a dry run goes back to pending. */
  async finish(id: string, result: ApplyEnd) {
    const changes = await this.knex.transaction(trx =>
      this.finishIn(trx, id, result),
    );
    this.announce(changes);
  }

  /** finish in the caller's transaction; resolves to the changes to announce once committed. */
  async finishIn(
    trx: Knex.Transaction,
    id: string,
    result: ApplyEnd,
  ): Promise<PlanStatusChange[]> {
    if (result.kind === 'dry-run') {
      const { rows } = await trx.raw(
        `UPDATE ops.remediation_plans SET status = 'pending', finished_at = now() WHERE id = ?
          RETURNING id, entity_ref, status`,
        [id],
      );
      return rows.map((r: Record<string, any>) => toChange(r, true));
    }
    const outcome = result.kind === 'outcome' ? result.outcome : null;
    // Partial: some findings committed (see outcome.findings), the others were rolled back.
    const status: RemediationPlanStatus = outcome?.status ?? 'failed';
    const { rows } = await trx.raw(
      `UPDATE ops.remediation_plans
          SET status = ?, finished_at = now(),
              applied_at = CASE WHEN ? IN ('applied', 'partial') THEN now() ELSE applied_at END,
              outcome = ?, error = ?
        WHERE id = ? RETURNING id, entity_ref, status`,
      [
        status,
        status,
        outcome ? JSON.stringify(outcome) : null,
        result.kind === 'error' ? result.error : outcome?.reason ?? null,
        id,
      ],
    );
    return rows.map((r: Record<string, any>) => toChange(r, true));
  }
}
