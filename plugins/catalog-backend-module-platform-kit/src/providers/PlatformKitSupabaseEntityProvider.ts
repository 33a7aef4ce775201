import { FullMutationProvider } from './FullMutationProvider';
import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { SupabaseProviderConfig } from '../config';
import { SupabaseProject, supabaseEntities } from '../mapping/supabaseEntities';
import { errorMessage, IngestionOutcome, SupabaseSource } from './outcome';

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
      const targets = (await source.listTargets()).filter(
        t => t.kind === 'supabase-project',
      );
      projects = await Promise.all(
        targets.map(async t => ({
          id: t.id,
          entityRef: t.entityRef,
          schemas: config.schemas
            ? t.exposedSchemas ??
              (await source.exposedSchemas(t.entityRef)) ??
              []
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
}
