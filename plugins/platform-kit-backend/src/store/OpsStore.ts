import {
  parityScore,
  Capability,
  Exemption,
  ScanRecord as ApiScanRecord,
  Finding,
  Inventory,
  ParityMatrix,
} from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { recordParity } from './parityStore';
import { iso, isoOrNull } from './rowValues';

export type ScanStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A scan as the API answers it (the REST contract's type; one row mapper below). */
export type ScanRecord = ApiScanRecord;

export interface TargetRecord {
  id: string;
  projectId: string;
  entityRef: string;
  name: string;
}

/** What a successful scan stores: a database's inventory, or the facts of another kind of target. */
export type ScanSnapshot =
  | Inventory
  | {
      kind: 'repository' | 'pushed-results' | 'connector';
      capturedAt: string;
    };

/** A scan that changed status (once the change is committed). */
export interface ScanStatusChange {
  id: string;
  entityRef: string;
  status: ScanStatus;
}

/** The error of a scan whose backend stopped before it finished. */
export const ABANDONED =
  'abandoned: the backend running it stopped before it finished';

const toChange = (r: {
  id: string;
  entity_ref: string;
  status: string;
}): ScanStatusChange => ({
  id: r.id,
  entityRef: r.entity_ref,
  status: r.status as ScanStatus,
});

/** The entity ref of an updated scan, in `RETURNING` of `UPDATE ops.scans s`. */
const RETURNING_SCAN = `RETURNING s.id, s.status,
  (SELECT t.entity_ref FROM ops.targets t WHERE t.id = s.target_id) AS entity_ref`;

/** Queries of the ops store (the `ops` schema in the plugin's database). */
export class OpsStore {
  constructor(
    private readonly knex: Knex,
    private readonly options: {
      /** Told of every scan status change; must not throw. */
      onScanStatus?: (change: ScanStatusChange) => void;
    } = {},
  ) {}

  private changed(rows: { id: string; entity_ref: string; status: string }[]) {
    this.announce(rows.map(toChange));
  }

  /** Tells of scan status changes once the transaction that made them is committed. */
  announce(changes: ScanStatusChange[]): void {
    for (const change of changes) this.options.onScanStatus?.(change);
  }

  async ensureProject(slug: string): Promise<string> {
    const { rows } = await this.knex.raw(
      `INSERT INTO ops.projects (slug, name) VALUES (?, ?)
       ON CONFLICT (slug) DO UPDATE SET name = ops.projects.name RETURNING id`,
      [slug, slug],
    );
    return rows[0].id;
  }

  async syncCapabilities(capabilities: Capability[]): Promise<void> {
    await this.knex.transaction(async trx => {
      for (const c of capabilities) {
        await trx.raw(
          `INSERT INTO ops.capabilities (id, title, description, severity, applies_to) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
             severity = EXCLUDED.severity, applies_to = EXCLUDED.applies_to`,
          [c.id, c.title, c.description, c.severity, c.appliesTo],
        );
        await trx.raw(
          'DELETE FROM ops.capability_contracts WHERE capability_id = ?',
          [c.id],
        );
        for (const k of c.contracts) {
          await trx.raw(
            'INSERT INTO ops.capability_contracts (capability_id, contract_id, title, "check") VALUES (?, ?, ?, ?)',
            [c.id, k.id, k.title, JSON.stringify(k.check)],
          );
        }
      }
    });
  }

  async upsertTarget(
    projectId: string,
    t: {
      entityRef: string;
      name: string;
      kind: string;
      schedule: string;
      /** What the target is beyond its kind (never a secret); replaces the stored settings. */
      settings?: Record<string, unknown>;
    },
  ): Promise<TargetRecord> {
    const { rows } = await this.knex.raw(
      `INSERT INTO ops.targets (project_id, entity_ref, kind, name, schedule, settings) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, entity_ref) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
         schedule = EXCLUDED.schedule, settings = EXCLUDED.settings
       RETURNING id, project_id, entity_ref, name`,
      [
        projectId,
        t.entityRef,
        t.kind,
        t.name,
        t.schedule,
        JSON.stringify(t.settings ?? {}),
      ],
    );
    const r = rows[0];
    return {
      id: r.id,
      projectId: r.project_id,
      entityRef: r.entity_ref,
      name: r.name,
    };
  }

  async createScan(
    target: TargetRecord,
    requestedBy: string | null,
  ): Promise<string> {
    const { rows } = await this.knex.raw(
      'INSERT INTO ops.scans (project_id, target_id, requested_by) VALUES (?, ?, ?) RETURNING id, status',
      [target.projectId, target.id, requestedBy],
    );
    this.changed([{ ...rows[0], entity_ref: target.entityRef }]);
    return rows[0].id;
  }

  /** Records results pushed from CI as a completed scan (snapshot: who pushed what). */
  async recordPushedResults(
    target: TargetRecord,
    pushedBy: string,
    findings: Finding[],
    parity: ParityMatrix,
  ): Promise<string> {
    // The score follows from the results; a pushed score that disagrees is not trusted.
    const scored = { ...parity, score: parityScore(parity.results) };
    const scanId = await this.createScan(target, pushedBy);
    const running = await this.knex.raw(
      `UPDATE ops.scans s SET status = 'running', started_at = now(), attempts = 1 WHERE id = ? ${RETURNING_SCAN}`,
      [scanId],
    );
    this.changed(running.rows);
    await this.appendLog(
      scanId,
      'info',
      `results pushed by ${pushedBy}: ${findings.length} findings, score ${scored.score}`,
    );
    const snapshot = {
      kind: 'pushed-results' as const,
      capturedAt: parity.evaluatedAt,
      pushedBy,
    };
    await this.completeScan(scanId, target, snapshot, findings, trx =>
      recordParity(trx, target.projectId, scored, scanId),
    );
    return scanId;
  }

  /**
   * Queues a scan of a target: the scan and, through `enqueue`, the job that
   * runs it, in one transaction. Resolves to the scan id.
   */
  async queueScan(
    target: TargetRecord,
    requestedBy: string | null,
    enqueue: (trx: Knex.Transaction, scanId: string) => Promise<void>,
  ): Promise<string> {
    const scanId = await this.knex.transaction(async trx => {
      const { rows } = await trx.raw(
        'INSERT INTO ops.scans (project_id, target_id, requested_by) VALUES (?, ?, ?) RETURNING id',
        [target.projectId, target.id, requestedBy],
      );
      await enqueue(trx, rows[0].id);
      return rows[0].id as string;
    });
    this.announce([
      { id: scanId, entityRef: target.entityRef, status: 'queued' },
    ]);
    return scanId;
  }

  /**
   * Queues a scan of each of these targets that has none queued or running
   * (in the caller's transaction); resolves to the scans queued.
   */
  async queueScans(
    trx: Knex.Transaction,
    targetIds: string[],
    requestedBy: string,
  ): Promise<(ScanStatusChange & { targetId: string; projectId: string })[]> {
    const { rows } = await trx.raw(
      `WITH idle AS (
         SELECT t.id, t.project_id, t.entity_ref FROM ops.targets t
          WHERE t.id = ANY(?::uuid[])
            AND NOT EXISTS (SELECT 1 FROM ops.scans s
                             WHERE s.target_id = t.id AND s.status IN ('queued', 'running'))
       ), queued AS (
         INSERT INTO ops.scans (project_id, target_id, requested_by)
         SELECT project_id, id, ? FROM idle RETURNING id, target_id, project_id, status
       )
       SELECT q.*, idle.entity_ref FROM queued q JOIN idle ON idle.id = q.target_id`,
      [targetIds, requestedBy],
    );
    return rows.map((r: Record<string, any>) => ({
      ...toChange(r as { id: string; entity_ref: string; status: string }),
      targetId: r.target_id,
      projectId: r.project_id,
    }));
  }

  /** A scan's attempt starts (its job was claimed). */
  async startAttempt(scanId: string, attempt: number): Promise<void> {
    const { rows } = await this.knex.raw(
      `UPDATE ops.scans s SET status = 'running', started_at = now(), finished_at = NULL, attempts = ?
        WHERE id = ? ${RETURNING_SCAN}`,
      [attempt, scanId],
    );
    this.changed(rows);
  }

  /**
   * Fails the scans of a target left running without a running job (their
   * backend stopped before scans ran as jobs); resolves to how many.
   */
  async failOrphanedScans(targetId: string): Promise<number> {
    const { rows } = await this.knex.raw(
      `UPDATE ops.scans s SET status = 'failed', finished_at = now(), error = ?
        WHERE target_id = ? AND status = 'running'
          AND NOT EXISTS (SELECT 1 FROM ops.jobs j WHERE j.subject_id = s.id AND j.status = 'running')
        ${RETURNING_SCAN}`,
      [ABANDONED, targetId],
    );
    this.changed(rows);
    return rows.length;
  }

  async appendLog(
    scanId: string,
    level: string,
    message: string,
    trx: Knex | Knex.Transaction = this.knex,
  ): Promise<void> {
    await trx.raw(
      `UPDATE ops.scans SET logs = logs || jsonb_build_array(jsonb_build_object('at', now(), 'level', ?::text, 'message', ?::text)) WHERE id = ?`,
      [level, message, scanId],
    );
  }

  /** Stores a successful scan in one transaction: snapshot, findings, parity results and score. */
  async completeScan(
    scanId: string,
    target: TargetRecord,
    inventory: ScanSnapshot,
    findings: Finding[],
    /** Runs in the same transaction once the scan is recorded (parity evaluation). */
    afterWrite?: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    await this.knex.transaction(trx =>
      this.completeScanIn(trx, scanId, target, inventory, findings, afterWrite),
    );
    this.changed([
      { id: scanId, entity_ref: target.entityRef, status: 'succeeded' },
    ]);
  }

  /** completeScan in the caller's transaction; resolves to the change to announce once committed. */
  async completeScanIn(
    trx: Knex.Transaction,
    scanId: string,
    target: TargetRecord,
    inventory: ScanSnapshot,
    findings: Finding[],
    afterWrite?: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<ScanStatusChange> {
    await trx.raw(
      `INSERT INTO ops.inventory_snapshots (project_id, target_id, scan_id, captured_at, inventory) VALUES (?, ?, ?, ?, ?)`,
      [
        target.projectId,
        target.id,
        scanId,
        inventory.capturedAt,
        JSON.stringify(inventory),
      ],
    );
    for (let i = 0; i < findings.length; i += 500) {
      await trx('ops.findings').insert(
        findings.slice(i, i + 500).map(f => ({
          project_id: target.projectId,
          scan_id: scanId,
          name: f.name,
          level: f.level,
          severity: f.severity,
          cache_key: f.cache_key,
          finding: JSON.stringify(f),
        })),
      );
    }
    await trx.raw(
      `UPDATE ops.scans SET status = 'succeeded', finished_at = clock_timestamp(), error = NULL WHERE id = ?`,
      [scanId],
    );
    await afterWrite?.(trx);
    return { id: scanId, entityRef: target.entityRef, status: 'succeeded' };
  }

  /**
   * A failed attempt, queued again for a retry or failed for good (in the
   * caller's transaction); earlier snapshots, findings and scores stay as
   * they are. Resolves to the changes to announce once committed.
   */
  async failScanIn(
    trx: Knex.Transaction,
    scanId: string,
    error: string,
    retry: boolean,
  ): Promise<ScanStatusChange[]> {
    const { rows } = await trx.raw(
      `UPDATE ops.scans s SET status = ?, finished_at = CASE WHEN ? THEN NULL ELSE now() END, error = ?
        WHERE id = ? ${RETURNING_SCAN}`,
      [retry ? 'queued' : 'failed', retry, error, scanId],
    );
    return rows.map(toChange);
  }

  async getScan(id: string): Promise<ScanRecord | undefined> {
    const { rows } = await this.knex.raw(
      `SELECT s.*, t.entity_ref FROM ops.scans s JOIN ops.targets t ON t.id = s.target_id WHERE s.id = ?`,
      [id],
    );
    return rows[0] ? toScan(rows[0]) : undefined;
  }

  /** The latest successful scan of an entity, if any. */
  async latestScanId(entityRef: string): Promise<string | undefined> {
    const { rows } = await this.knex.raw(
      `SELECT s.id FROM ops.scans s JOIN ops.targets t ON t.id = s.target_id
        WHERE t.entity_ref = ? AND s.status = 'succeeded' ORDER BY s.finished_at DESC LIMIT 1`,
      [entityRef],
    );
    return rows[0]?.id;
  }

  /** Findings of the latest successful scan of an entity (none when never scanned). */
  async latestFindingsOf(entityRef: string): Promise<Finding[]> {
    const scanId = await this.latestScanId(entityRef);
    return scanId ? this.findings(scanId) : [];
  }

  async snapshot(scanId: string): Promise<Inventory> {
    const { rows } = await this.knex.raw(
      'SELECT inventory FROM ops.inventory_snapshots WHERE scan_id = ?',
      [scanId],
    );
    return rows[0].inventory;
  }

  async findings(scanId: string): Promise<Finding[]> {
    const { rows } = await this.knex.raw(
      'SELECT finding FROM ops.findings WHERE scan_id = ? ORDER BY id',
      [scanId],
    );
    return rows.map((r: { finding: Finding }) => r.finding);
  }

  async parity(scanId: string) {
    const { rows } = await this.knex.raw(
      'SELECT evidence, evaluated_at FROM ops.parity_results WHERE scan_id = ? ORDER BY id',
      [scanId],
    );
    return rows.map((r: { evidence: unknown }) => r.evidence);
  }

  /** Daily score history of an entity (last value per day), oldest first. */
  async scoreHistory(
    entityRef: string,
    days: number,
  ): Promise<{ day: string; score: number | null }[]> {
    const { rows } = await this.knex.raw(
      `SELECT DISTINCT ON (date_trunc('day', evaluated_at)) date_trunc('day', evaluated_at) AS day, score
         FROM ops.parity_scores WHERE entity_ref = ? AND evaluated_at > now() - make_interval(days => ?)
        ORDER BY date_trunc('day', evaluated_at), evaluated_at DESC`,
      [entityRef, days],
    );
    return rows.map((r: { day: string; score: string | null }) => ({
      day: iso(r.day).slice(0, 10),
      score: r.score === null ? null : Number(r.score),
    }));
  }

  async createExemption(e: {
    projectId: string;
    entityRef: string;
    capabilityId: string;
    reason: string;
    requestedBy: string;
    expiresAt: string;
  }): Promise<ExemptionRecord> {
    const { rows } = await this.knex.raw(
      `INSERT INTO ops.exemptions (project_id, entity_ref, capability_id, reason, requested_by, expires_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        e.projectId,
        e.entityRef,
        e.capabilityId,
        e.reason,
        e.requestedBy,
        e.expiresAt,
      ],
    );
    return toExemption(rows[0]);
  }

  /** Exemptions not revoked (expired ones included, flagged by their date). */
  async listExemptions(entityRef?: string): Promise<ExemptionRecord[]> {
    const { rows } = await this.knex.raw(
      `SELECT * FROM ops.exemptions WHERE revoked_at IS NULL AND (?::text IS NULL OR entity_ref = ?)
        ORDER BY created_at DESC`,
      [entityRef ?? null, entityRef ?? null],
    );
    return rows.map(toExemption);
  }

  /** Revokes an active exemption; resolves to its entity ref, or undefined when there was none. */
  async revokeExemption(id: string): Promise<string | undefined> {
    const { rows } = await this.knex.raw(
      'UPDATE ops.exemptions SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL RETURNING entity_ref',
      [id],
    );
    return rows[0]?.entity_ref;
  }
}

function toScan(r: Record<string, any>): ScanRecord {
  return {
    id: r.id,
    targetId: r.target_id,
    entityRef: r.entity_ref,
    status: r.status,
    attempts: r.attempts,
    requestedBy: r.requested_by,
    queuedAt: iso(r.queued_at),
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
    error: r.error,
    logs: r.logs,
  };
}

/** An exemption as stored (the REST contract's type, without the read-time `active`). */
export type ExemptionRecord = Omit<Exemption, 'active'>;

function toExemption(r: Record<string, any>): ExemptionRecord {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    capabilityId: r.capability_id,
    reason: r.reason,
    requestedBy: r.requested_by,
    expiresAt: new Date(r.expires_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
  };
}
