import type { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { errorMessage } from './outcome';

/**
 * What both providers share: a scheduled `refresh()`, full mutations keyed by
 * the provider's name, and the entities of the last applied mutation.
 *
 * @public
 */
export abstract class FullMutationProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** The entities of the last applied full mutation (in memory). */
  protected applied: readonly Entity[] = [];

  constructor(private readonly taskRunner?: SchedulerServiceTaskRunner) {}

  abstract getProviderName(): string;

  /** Reads the control plane and applies a full mutation when it is safe to. */
  abstract refresh(): Promise<unknown>;

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  lastApplied(): readonly Entity[] {
    return this.applied;
  }

  protected assertConnected(): void {
    if (!this.connection)
      throw new Error(`${this.getProviderName()} is not connected`);
  }

  /** Replaces this provider's entities; the reason when the catalog refused. */
  protected async applyFull(
    entities: readonly Entity[],
  ): Promise<string | undefined> {
    this.assertConnected();
    try {
      const locationKey = this.getProviderName();
      await this.connection!.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity, locationKey })),
      });
    } catch (error) {
      return `the catalog refused the mutation: ${errorMessage(error)}`;
    }
    this.applied = entities;
    return undefined;
  }
}
