import {
  EntityRef,
  Inventory,
  InventoryPage,
  InventoryResponse,
} from '@platform-kit/plugin-platform-kit-common';
import { OpsStore } from '../store/OpsStore';
import { EntityLookup } from './EntityLookup';

export type InventorySection =
  | 'relations'
  | 'columns'
  | 'indexes'
  | 'policies'
  | 'functions'
  | 'extensions'
  | 'schemas';

export interface InventoryQuery {
  section: InventorySection;
  q?: string;
  schema?: string;
  table?: string;
  offset: number;
  limit: number;
}

/** The inventory behind an entity, one section at a time, filtered and paged. */
export class InventoryService {
  constructor(
    private readonly store: OpsStore,
    private readonly entities: EntityLookup,
  ) {}

  async page(
    entityRef: EntityRef,
    query: InventoryQuery,
  ): Promise<InventoryResponse> {
    const inventory: Inventory = await this.store.snapshot(
      await this.entities.requireLatestScan(entityRef),
    );
    if ((inventory as unknown as { kind?: string }).kind !== undefined) {
      // Repository facts or pushed results: no database inventory to page through.
      return {
        ...(inventory as unknown as Exclude<InventoryResponse, InventoryPage>),
        entityRef,
      };
    }
    const needle = query.q?.toLowerCase();
    const items = (
      inventory[query.section] as Array<Record<string, unknown>>
    ).filter(
      item =>
        (!query.schema || item.schema === query.schema) &&
        (!query.table || item.table === query.table) &&
        (!needle ||
          ['name', 'table', 'schema'].some(k =>
            String(item[k] ?? '')
              .toLowerCase()
              .includes(needle),
          )),
    );
    return {
      entityRef,
      section: query.section,
      capturedAt: inventory.capturedAt,
      total: items.length,
      offset: query.offset,
      limit: query.limit,
      items: items.slice(query.offset, query.offset + query.limit),
    };
  }
}
