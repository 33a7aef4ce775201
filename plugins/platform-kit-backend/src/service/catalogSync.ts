import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityRow } from '../store/scorecards';

function relationTarget(entity: Entity, type: string): string | null {
  return entity.relations?.find(r => r.type === type)?.targetRef ?? null;
}

/**
 * Reads the entities that have parity from the catalog, with their owner,
 * system and the system's domain. Entities the catalog no longer knows are
 * skipped (their scores stay).
 */
export async function readEntities(
  catalog: CatalogService,
  auth: AuthService,
  entityRefs: string[],
  logger: LoggerService,
): Promise<EntityRow[]> {
  if (entityRefs.length === 0) return [];
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs },
    { credentials },
  );
  const found = items.filter((e): e is Entity => Boolean(e));
  const systemRefs = [
    ...new Set(
      found
        .map(e => relationTarget(e, 'partOf'))
        .filter((r): r is string => !!r && r.startsWith('system:')),
    ),
  ];
  const systems = systemRefs.length
    ? (
        await catalog.getEntitiesByRefs(
          { entityRefs: systemRefs },
          { credentials },
        )
      ).items
    : [];
  const domainOf = new Map(
    systems
      .filter((s): s is Entity => Boolean(s))
      .map(s => [stringifyEntityRef(s), relationTarget(s, 'partOf')]),
  );
  if (found.length < entityRefs.length) {
    logger.warn(
      `${
        entityRefs.length - found.length
      } entities with parity are not in the catalog`,
    );
  }
  return found.map(e => {
    const system = relationTarget(e, 'partOf');
    const inSystem = system?.startsWith('system:') ? system : null;
    return {
      entityRef: stringifyEntityRef(e),
      kind: e.kind,
      title: e.metadata.title ?? e.metadata.name,
      owner: relationTarget(e, 'ownedBy'),
      system: inSystem,
      domain:
        (inSystem && domainOf.get(inSystem)) ||
        (system?.startsWith('domain:') ? system : null),
    };
  });
}
