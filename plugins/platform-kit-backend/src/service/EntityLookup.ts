import { NotFoundError } from '@backstage/errors';
import { EntityRef } from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { OpsStore } from '../store/OpsStore';
import { entityProfile, EntityProfileRow } from '../store/parityStore';
import { TargetLookup } from './TargetLookup';

/** Whether Platform Kit knows an entity, answered as the 404s the API gives. */
export class EntityLookup {
  constructor(
    private readonly knex: Knex,
    private readonly store: OpsStore,
    private readonly targets: TargetLookup,
  ) {}

  /** The entity's profile; 404 when it has neither a profile nor a target. */
  async requireKnown(
    entityRef: EntityRef,
  ): Promise<EntityProfileRow | undefined> {
    const profile = await entityProfile(this.knex, entityRef);
    if (!profile && !this.targets.has(entityRef))
      throw new NotFoundError(
        `${entityRef} has no Platform Kit profile: no capabilities apply to it`,
      );
    return profile;
  }

  /** The latest successful scan of a target; 404 with what is missing. */
  async requireLatestScan(entityRef: EntityRef): Promise<string> {
    if (!this.targets.has(entityRef))
      throw new NotFoundError(`No Platform Kit target for ${entityRef}`);
    const scanId = await this.store.latestScanId(entityRef);
    if (!scanId)
      throw new NotFoundError(
        `${entityRef} has not been scanned successfully yet`,
      );
    return scanId;
  }

  /** The entity and the targets it depends on that can be scanned. */
  async scannableRefs(entityRef: EntityRef): Promise<EntityRef[]> {
    const profile = await entityProfile(this.knex, entityRef);
    return [entityRef, ...((profile?.dependsOn ?? []) as EntityRef[])].filter(
      r => this.targets.has(r),
    );
  }
}
