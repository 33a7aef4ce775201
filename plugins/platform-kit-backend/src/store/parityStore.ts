import {
  Finding,
  ParityMatrix,
} from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { iso } from './rowValues';

/** The ops store, or a transaction on it. */
export type Db = Knex | Knex.Transaction;

export interface EntityProfileRow {
  entityRef: string;
  profiles: string[];
  capabilities: string[];
  inherit: string[];
  exclude: string[];
  dependsOn: string[];
  applicable: string[] | null;
}

export interface OwnScan {
  scanId: string;
  finishedAt: string;
  /** `repository`, `pushed-results`, or undefined for a database inventory. */
  kind?: string;
  facts?: Record<string, boolean | undefined>;
  /** When timed facts were observed, e.g. a connector's latest contract run. */
  factsObservedAt?: Record<string, string | undefined>;
}

/** Stores an evaluation: the capability results, a score point, and the entity's current parity. */
export async function recordParity(
  db: Db,
  projectId: string,
  matrix: ParityMatrix,
  scanId: string | null,
): Promise<void> {
  if (matrix.results.length) {
    await db('ops.parity_results').insert(
      matrix.results.map(r => ({
        project_id: projectId,
        entity_ref: matrix.entityRef,
        capability_id: r.capabilityId,
        status: r.status,
        evidence: JSON.stringify(r),
        scan_id: scanId,
        evaluated_at: matrix.evaluatedAt,
      })),
    );
  }
  await db('ops.parity_scores').insert({
    project_id: projectId,
    entity_ref: matrix.entityRef,
    score: matrix.score,
    evaluated_at: matrix.evaluatedAt,
  });
  const [kind, rest] = matrix.entityRef.split(':');
  const ids = (status: string) =>
    matrix.results
      .filter(r => r.status === status)
      .map(r => r.capabilityId)
      .sort();
  await db.raw(
    `INSERT INTO ops.entities (entity_ref, project_id, kind, title, score, evaluated_at, failing, partial)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (entity_ref) DO UPDATE SET score = EXCLUDED.score, evaluated_at = EXCLUDED.evaluated_at,
       failing = EXCLUDED.failing, partial = EXCLUDED.partial`,
    [
      matrix.entityRef,
      projectId,
      kind,
      rest.split('/')[1] ?? rest,
      matrix.score,
      matrix.evaluatedAt,
      ids('fail'),
      ids('partial'),
    ],
  );
}

/** The latest successful scan of the entity's own target, if any. */
export async function latestOwnScan(
  db: Db,
  entityRef: string,
): Promise<OwnScan | undefined> {
  const { rows } = await db.raw(
    `SELECT s.id, s.finished_at, i.inventory->>'kind' AS kind, i.inventory->'facts' AS facts,
            i.inventory->'factsObservedAt' AS facts_observed_at
       FROM ops.scans s
       JOIN ops.targets t ON t.id = s.target_id
       JOIN ops.inventory_snapshots i ON i.scan_id = s.id
      WHERE t.entity_ref = ? AND s.status = 'succeeded'
      ORDER BY s.finished_at DESC LIMIT 1`,
    [entityRef],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    scanId: r.id,
    finishedAt: iso(r.finished_at),
    kind: r.kind ?? undefined,
    facts: r.facts ?? undefined,
    factsObservedAt: r.facts_observed_at ?? undefined,
  };
}

export async function findingsOf(db: Db, scanId: string): Promise<Finding[]> {
  const { rows } = await db.raw(
    'SELECT finding FROM ops.findings WHERE scan_id = ? ORDER BY id',
    [scanId],
  );
  return rows.map((r: { finding: Finding }) => r.finding);
}

export async function entityProfile(
  db: Db,
  entityRef: string,
): Promise<EntityProfileRow | undefined> {
  const { rows } = await db.raw(
    `SELECT entity_ref, profiles, capabilities, inherit, exclude, depends_on, applicable
       FROM ops.entities WHERE entity_ref = ?`,
    [entityRef],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    entityRef: r.entity_ref,
    profiles: r.profiles,
    capabilities: r.capabilities,
    inherit: r.inherit,
    exclude: r.exclude,
    dependsOn: r.depends_on,
    applicable: r.applicable,
  };
}

/** Entities that take capabilities over from this one. */
export async function dependentsOf(db: Db, entityRef: string) {
  const { rows } = await db.raw(
    `SELECT entity_ref FROM ops.entities WHERE depends_on @> ARRAY[?]::text[] AND in_catalog ORDER BY entity_ref`,
    [entityRef],
  );
  return rows.map((r: { entity_ref: string }) => r.entity_ref) as string[];
}

/** The entity's latest evaluation, capability by capability. */
export async function latestParity(db: Db, entityRef: string) {
  const { rows } = await db.raw(
    `SELECT evidence, evaluated_at, scan_id FROM ops.parity_results
      WHERE entity_ref = ? AND evaluated_at = (SELECT evaluated_at FROM ops.entities WHERE entity_ref = ?)
      ORDER BY id`,
    [entityRef, entityRef],
  );
  if (!rows.length) return undefined;
  return {
    evaluatedAt: iso(rows[0].evaluated_at),
    scanId: (rows[0].scan_id as string | null) ?? null,
    results: rows.map((r: { evidence: unknown }) => r.evidence),
  };
}
