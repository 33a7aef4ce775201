import { FullMutationProvider } from './FullMutationProvider';
import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { schemaInfoSchema } from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import type { SupabaseProviderConfig } from '../config';
import { SupabaseProject, supabaseEntities } from '../mapping/supabaseEntities';
import {
  errorMessage,
  IngestionOutcome,
  SupabaseSource,
  unlessNotFound,
} from './outcome';

/** The items of an inventory page of the `schemas` section. */
const schemaItems = z.array(schemaInfoSchema);

/**
 * What a {@link PlatformKitSupabaseEntityProvider} needs.
 *
 * @public
 */
export interface PlatformKitSupabaseEntityProviderOptions {
  config: SupabaseProviderConfig;
  source: SupabaseSource;
  logger: LoggerService;
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * The control plane's `supabase-project` targets as Resources (type
 * `supabase-project`), and, with `schemas: true`, their exposed schemas as
 * Resources (type `database-schema`) that the project depends on. When the
 * targets or a project's schemas cannot be read, nothing is applied.
 *
 * @public
 */
export class PlatformKitSupabaseEntityProvider extends FullMutationProvider {
  constructor(
    private readonly options: PlatformKitSupabaseEntityProviderOptions,
  ) {
    super(options.taskRunner);
  }

  getProviderName(): string {
    return 'platform-kit-supabase';
  }

  async refresh(): Promise<IngestionOutcome> {
    this.assertConnected();
    const { config, source, logger } = this.options;
    const keep = (status: 'kept' | 'failed', reason: string) => {
      logger.warn(
        `${this.getProviderName()}: ${status}, ${
          this.applied.length
        } entities from the last good run stay: ${reason}`,
      );
      return { status, entities: this.applied.length, reason };
    };
    let projects: SupabaseProject[];
    try {
      const targets = (await source.listTargets()).items.filter(
        t => t.kind === 'supabase-project',
      );
      projects = await Promise.all(
        targets.map(async t => ({
          id: t.id,
          entityRef: t.entityRef,
          schemas: config.schemas
            ? t.exposedSchemas ?? (await this.exposedSchemas(t.entityRef))
            : [],
        })),
      );
    } catch (error) {
      return keep(
        'failed',
        `could not read the control plane: ${errorMessage(error)}`,
      );
    }
    const entities = supabaseEntities(projects, config);
    const refused = await this.applyFull(entities);
    if (refused) return keep('failed', refused);
    logger.info(
      `${this.getProviderName()}: applied ${entities.length} entities`,
    );
    return { status: 'applied', entities: entities.length };
  }

  /** The exposed schemas of a project's last good scan; none before its first. */
  private async exposedSchemas(entityRef: string): Promise<string[]> {
    const page = await unlessNotFound(
      this.options.source.getInventory(entityRef, {
        section: 'schemas',
        limit: 500,
      }),
    );
    if (!page) return [];
    if (!('section' in page) || page.section !== 'schemas')
      throw new Error(
        `the inventory of ${entityRef} is not a database's (no schemas section)`,
      );
    const schemas = schemaItems.safeParse(page.items);
    if (!schemas.success)
      throw new Error(
        `the schemas of ${entityRef} are not as the inventory holds them: ${z.prettifyError(
          schemas.error,
        )}`,
      );
    return schemas.data.filter(s => s.exposed).map(s => s.name);
  }
}
