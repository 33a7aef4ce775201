import { Entity } from '@backstage/catalog-model';
import {
  EntityRef,
  entityRefOfParts,
} from '@platform-kit/plugin-platform-kit-common';

/** The normalised ref of a catalog entity. */
export function entityRefOfEntity(entity: Entity): EntityRef {
  return entityRefOfParts({
    kind: entity.kind,
    namespace: entity.metadata.namespace,
    name: entity.metadata.name,
  });
}
