import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityRef } from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { visibleEntities } from './catalogVisibility';

/** What the caller may read in the catalog: parity follows catalog read access. */
export interface EntityAccess {
  canRead(
    entityRef: EntityRef | string,
    credentials: BackstageCredentials,
  ): Promise<boolean>;
  /** Entity refs the caller may read, or `all` when catalog reads are unconditional. */
  visible(credentials: BackstageCredentials): Promise<Set<string> | 'all'>;
}

/** Catalog read access, asked of the catalog with the caller's own credentials. */
export function catalogEntityAccess(deps: {
  permissions: PermissionsService;
  catalog: CatalogService;
  knex: Knex;
  projectId: string;
}): EntityAccess {
  return {
    canRead: async (entityRef, credentials) =>
      Boolean(await deps.catalog.getEntityByRef(entityRef, { credentials })),
    visible: credentials => visibleEntities(deps, credentials),
  };
}
