import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/**
 * An EntityProviderConnection that records mutations and holds what the
 * catalog would hold for the provider (the last full mutation's entities).
 */
export function fakeConnection() {
  const mutations: EntityProviderMutation[] = [];
  let current: Entity[] = [];
  let refuse: Error | undefined;
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      if (refuse) throw refuse;
      mutations.push(mutation);
      if (mutation.type === 'full')
        current = mutation.entities.map(e => e.entity);
    },
    async refresh() {},
  };
  return {
    connection,
    mutations,
    /** What the catalog holds for the provider. */
    entities: () => current,
    refuseWith: (error: Error | undefined) => {
      refuse = error;
    },
  };
}
