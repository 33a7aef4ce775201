import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { entityRefOfEntity } from './entityRefOfEntity';

/**
 * Which of the entities with parity the caller may read in the catalog. When
 * the permission policy allows catalog reads outright, that is everything (no
 * catalog round-trip); when it is conditional, the catalog decides, entity by
 * entity, with the caller's own credentials.
 */
export async function visibleEntities(
  deps: {
    permissions: PermissionsService;
    catalog: CatalogService;
    knex: Knex;
    projectId: string;
  },
  credentials: BackstageCredentials,
): Promise<Set<string> | 'all'> {
  const [decision] = await deps.permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return 'all';
  const visible = new Set<string>();
  if (decision.result === AuthorizeResult.DENY) return visible;
  const refs: string[] = await deps
    .knex('ops.entities')
    .where({ project_id: deps.projectId, in_catalog: true })
    .pluck('entity_ref');
  for (let i = 0; i < refs.length; i += 1000) {
    const { items } = await deps.catalog.getEntitiesByRefs(
      {
        entityRefs: refs.slice(i, i + 1000),
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    for (const e of items.filter((x): x is Entity => Boolean(x)))
      visible.add(entityRefOfEntity(e));
  }
  return visible;
}
