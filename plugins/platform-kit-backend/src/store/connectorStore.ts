import { ConnectorStatus as ApiConnectorStatus } from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { iso } from './rowValues';

/** Where a connector stands (its last run, last good inventory, health, contracts, ingestion), keyed by target. */
export type ConnectorStatus = Omit<
  ApiConnectorStatus,
  'id' | 'connector' | 'entityRef'
> & { targetId: string };

/** One query per part for all connector targets, never per connector. */
export async function connectorStatuses(
  knex: Knex,
  targetIds: string[],
): Promise<Map<string, ConnectorStatus>> {
  const statuses = new Map<string, ConnectorStatus>(
    targetIds.map(id => [
      id,
      {
        targetId: id,
        lastRun: null,
        lastGood: null,
        health: null,
        contracts: null,
        ingestion: null,
      },
    ]),
  );
  if (!targetIds.length) return statuses;
  const runs = await knex.raw(
    `SELECT DISTINCT ON (target_id) target_id, id, status, error,
            coalesce(finished_at, started_at, queued_at) AS at
       FROM ops.scans WHERE target_id = ANY(?::uuid[])
      ORDER BY target_id, queued_at DESC`,
    [targetIds],
  );
  for (const r of runs.rows)
    statuses.get(r.target_id)!.lastRun = {
      scanId: r.id,
      status: r.status,
      at: iso(r.at),
      error: r.error,
    };
  const good = await knex.raw(
    `SELECT DISTINCT ON (s.target_id) s.target_id, s.id, i.captured_at,
            jsonb_array_length(coalesce(i.inventory->'items', '[]')) AS items,
            i.inventory->'health' AS health,
            i.inventory->'contracts'->'passed' AS passed,
            (SELECT coalesce(jsonb_agg(r->>'id'), '[]') FROM jsonb_array_elements(
               coalesce(i.inventory->'contracts'->'results', '[]')) r
              WHERE r->>'status' = 'fail') AS failed
       FROM ops.scans s JOIN ops.inventory_snapshots i ON i.scan_id = s.id
      WHERE s.target_id = ANY(?::uuid[]) AND s.status = 'succeeded'
      ORDER BY s.target_id, s.finished_at DESC`,
    [targetIds],
  );
  for (const r of good.rows) {
    const status = statuses.get(r.target_id)!;
    status.lastGood = {
      scanId: r.id,
      capturedAt: iso(r.captured_at),
      items: Number(r.items),
    };
    status.health = r.health ?? null;
    status.contracts =
      r.passed === null ? null : { passed: r.passed, failed: r.failed };
  }
  const ingestions = await knex.raw(
    `SELECT DISTINCT ON (target_id) target_id, status, entities, reason, reported_at
       FROM ops.connector_ingestions WHERE target_id = ANY(?::uuid[])
      ORDER BY target_id, reported_at DESC, id DESC`,
    [targetIds],
  );
  for (const r of ingestions.rows)
    statuses.get(r.target_id)!.ingestion = {
      status: r.status,
      entities: r.entities,
      reason: r.reason,
      at: iso(r.reported_at),
    };
  return statuses;
}

/** The inventory of a connector's last good run, or undefined when it never had one. */
export async function lastGoodConnectorInventory(
  knex: Knex,
  targetId: string,
): Promise<{ scanId: string; snapshot: any } | undefined> {
  const { rows } = await knex.raw(
    `SELECT s.id, i.inventory FROM ops.scans s
       JOIN ops.inventory_snapshots i ON i.scan_id = s.id
      WHERE s.target_id = ? AND s.status = 'succeeded'
      ORDER BY s.finished_at DESC LIMIT 1`,
    [targetId],
  );
  return rows[0]
    ? { scanId: rows[0].id, snapshot: rows[0].inventory }
    : undefined;
}

export async function recordIngestion(
  knex: Knex,
  target: { id: string; projectId: string },
  report: { status: string; entities: number; reason?: string },
): Promise<void> {
  await knex('ops.connector_ingestions').insert({
    project_id: target.projectId,
    target_id: target.id,
    status: report.status,
    entities: report.entities,
    reason: report.reason ?? null,
  });
}
