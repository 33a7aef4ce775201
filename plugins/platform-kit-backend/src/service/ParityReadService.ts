import { NotFoundError } from '@backstage/errors';
import {
  CapabilityResult,
  EntityRef,
} from '@platform-kit/plugin-platform-kit-common';
import { applyExemptions } from '@platform-kit/plugin-platform-kit-node';
import { Knex } from 'knex';
import { ParityService } from '../parity/ParityService';
import { OpsStore } from '../store/OpsStore';
import { latestParity } from '../store/parityStore';
import { EntityLookup } from './EntityLookup';

/** An entity's current parity as the entity tab shows it: exemptions applied at read time. */
export class ParityReadService {
  constructor(
    private readonly deps: {
      knex: Knex;
      store: OpsStore;
      parity: ParityService;
      entities: EntityLookup;
    },
  ) {}

  async current(entityRef: EntityRef) {
    const { knex, store, parity, entities } = this.deps;
    const profile = await entities.requireKnown(entityRef);
    const latest = await latestParity(knex, entityRef);
    if (!latest)
      throw new NotFoundError(
        `${entityRef} has not been evaluated yet: neither it nor anything it depends on has a successful scan`,
      );
    const [scan, history, exemptions, sources] = await Promise.all([
      latest.scanId ? store.getScan(latest.scanId) : undefined,
      store.scoreHistory(entityRef, 90),
      store.listExemptions(entityRef),
      parity.sources(entityRef),
    ]);
    const matrix = applyExemptions(
      entityRef,
      latest.results as CapabilityResult[],
      exemptions,
    );
    return {
      entityRef,
      evaluatedAt: latest.evaluatedAt,
      scan: scan ? { id: scan.id, finishedAt: scan.finishedAt } : null,
      score: matrix.score,
      results: matrix.results,
      history,
      profile: {
        profiles: profile?.profiles ?? [],
        applicable: profile?.applicable ?? profile?.capabilities ?? [],
        dependsOn: profile?.dependsOn ?? [],
      },
      sources: {
        own: sources.own ?? null,
        dependencies: sources.dependencies,
      },
    };
  }
}
