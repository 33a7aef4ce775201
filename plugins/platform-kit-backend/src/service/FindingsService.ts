import { NotFoundError } from '@backstage/errors';
import { EntityRef, Finding } from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { carriesFindings, ParityService } from '../parity/ParityService';
import { findingsOf } from '../store/parityStore';
import { EntityLookup } from './EntityLookup';

export interface FindingsFilter {
  level?: Finding['level'];
  category?: Finding['categories'][number];
}

/** The findings behind an entity's parity: its own database scan and those of what it depends on. */
export class FindingsService {
  constructor(
    private readonly deps: {
      knex: Knex;
      parity: ParityService;
      entities: EntityLookup;
    },
  ) {}

  async list(entityRef: EntityRef, filter: FindingsFilter) {
    const { knex, parity, entities } = this.deps;
    await entities.requireKnown(entityRef);
    const sources = await parity.sources(entityRef);
    const scans = [
      ...(sources.own && carriesFindings(sources.own.kind)
        ? [{ entityRef, scanId: sources.own.scanId }]
        : []),
      ...sources.dependencies,
    ];
    if (!scans.length)
      throw new NotFoundError(
        `${entityRef} has no findings: neither it nor anything it depends on has a successful database scan`,
      );
    const items: (Finding & { source: string })[] = [];
    for (const scan of scans) {
      for (const f of await findingsOf(knex, scan.scanId)) {
        if (
          (!filter.level || f.level === filter.level) &&
          (!filter.category || f.categories.includes(filter.category))
        )
          items.push({ ...f, source: scan.entityRef });
      }
    }
    return {
      entityRef,
      sources: scans.map(s => s.entityRef),
      items,
      total: items.length,
    };
  }
}
