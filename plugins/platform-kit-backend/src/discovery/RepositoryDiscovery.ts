import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityRefOfEntity } from '../service/entityRefOfEntity';
import { RepositoryDiscoveryConfig } from './discoveryConfig';
import { GithubLocator } from './githubLocation';
import { TargetRegistry } from './TargetRegistry';

export interface RepositoryDiscoveryOptions {
  config: RepositoryDiscoveryConfig;
  catalog: CatalogService;
  auth: AuthService;
  locator: GithubLocator;
  registry: TargetRegistry;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/**
 * Repository targets from the catalog: entities of the configured kinds with
 * the `owner/repo` annotation are scanned through the GitHub API; an entity
 * that loses the annotation stops being scanned.
 */
export class RepositoryDiscovery {
  constructor(private readonly options: RepositoryDiscoveryOptions) {}

  get enabled() {
    return this.options.config.enabled;
  }

  /**
   * Makes sure an entity the caller asked to scan has its discovered target
   * (read with the caller's credentials); resolves to why it has none.
   */
  async ensure(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ reason?: string }> {
    if (!this.enabled) return {};
    const { config, catalog } = this.options;
    // Only the kinds discovery covers are worth a catalog read.
    const kind = entityRef.split(':')[0];
    if (!config.kinds.includes(kind)) return { reason: this.kindReason(kind) };
    let entity: Entity | undefined;
    try {
      entity = await catalog.getEntityByRef(entityRef, { credentials });
    } catch (error) {
      return {
        reason: `the catalog could not be read (${(error as Error).message})`,
      };
    }
    if (!entity)
      return {
        reason: `${entityRef} is not in the catalog, or you cannot read it`,
      };
    // The catalog's spelling of the ref, so that one entity has one target.
    return this.adopt(entity, entityRefOfEntity(entity));
  }

  /** Every annotated entity of the configured kinds becomes a target; the others stop being one. */
  async syncAll(): Promise<{ discovered: number; retired: number }> {
    if (!this.enabled) return { discovered: 0, retired: 0 };
    const { catalog, auth, registry, config } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    // What other replicas discovered, so that retiring covers it too.
    await registry.loadDiscovered();
    const seen = new Set<string>();
    let discovered = 0;
    for await (const page of catalog.streamEntities(
      { filter: { kind: config.kinds }, fields: FIELDS, pageSize: 1000 },
      { credentials },
    )) {
      for (const entity of page) {
        const ref = entityRefOfEntity(entity);
        seen.add(ref);
        if (!(await this.adopt(entity, ref)).reason) discovered++;
      }
    }
    // An empty answer is a catalog still starting (or broken), not one that dropped everything.
    let retired = 0;
    if (seen.size)
      for (const target of registry.list())
        if (target.discovered && !seen.has(target.record.entityRef)) {
          await registry.retireDiscovered(target.record.entityRef);
          retired++;
        }
    return { discovered, retired };
  }

  private kindReason(kind: string): string {
    return `repository discovery covers the kinds ${this.options.config.kinds.join(
      ', ',
    )}, not ${kind}`;
  }

  private async adopt(
    entity: Entity,
    entityRef: string,
  ): Promise<{ reason?: string }> {
    const { config, locator, registry } = this.options;
    const kind = entity.kind.toLowerCase();
    let result: { reason?: string } = {};
    if (!config.kinds.includes(kind)) {
      result = { reason: this.kindReason(entity.kind) };
    } else {
      const located = locator.locate(entity, entityRef);
      if (located.location) {
        await registry.addDiscovered(entityRef, located.location);
        return {};
      }
      result = { reason: located.reason };
    }
    if (registry.get(entityRef)?.discovered)
      await registry.retireDiscovered(entityRef);
    return result;
  }
}
