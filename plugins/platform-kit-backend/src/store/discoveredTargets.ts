import { Knex } from 'knex';
import { GithubLocation } from '../discovery/githubLocation';
import { TargetRecord } from './OpsStore';

/** `ops.targets.settings` of a target discovered from the catalog. */
export interface DiscoveredSettings {
  discovered: true;
  github: GithubLocation;
  /** Set when the entity lost its annotation: no more scans, its history stays. */
  retired?: boolean;
}

export interface DiscoveredTargetRow {
  record: TargetRecord;
  github: GithubLocation;
}

/** Discovered targets that are still scanned. */
export async function activeDiscoveredTargets(
  knex: Knex,
  projectId: string,
): Promise<DiscoveredTargetRow[]> {
  const { rows } = await knex.raw(
    `SELECT id, project_id, entity_ref, name, settings FROM ops.targets
      WHERE project_id = ? AND kind = 'repository'
        AND (settings->>'discovered')::boolean AND NOT coalesce((settings->>'retired')::boolean, false)`,
    [projectId],
  );
  return rows.map((r: any) => ({
    record: {
      id: r.id,
      projectId: r.project_id,
      entityRef: r.entity_ref,
      name: r.name,
    },
    github: r.settings.github,
  }));
}

/** Whether a discovered target is still scanned (another replica may have retired it). */
export async function isDiscoveredTargetActive(
  knex: Knex,
  targetId: string,
): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT 1 FROM ops.targets WHERE id = ? AND (settings->>'discovered')::boolean
        AND NOT coalesce((settings->>'retired')::boolean, false)`,
    [targetId],
  );
  return rows.length > 0;
}

/** Stops scanning a discovered target; its scans and parity history stay. */
export async function retireDiscoveredTarget(
  knex: Knex,
  projectId: string,
  entityRef: string,
): Promise<boolean> {
  const { rowCount } = await knex.raw(
    `UPDATE ops.targets SET settings = settings || '{"retired": true}'::jsonb
      WHERE project_id = ? AND entity_ref = ? AND (settings->>'discovered')::boolean
        AND NOT coalesce((settings->>'retired')::boolean, false)`,
    [projectId, entityRef],
  );
  return rowCount > 0;
}
