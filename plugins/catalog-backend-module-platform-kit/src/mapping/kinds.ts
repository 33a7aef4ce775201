import type { InventoryItem } from '@platform-kit/connector-sdk';

/**
 * How one inventory item type becomes a catalog entity.
 *
 * @public
 */
export interface ItemKind {
  kind: 'Component' | 'Resource';
  /** `spec.type`. */
  type: string;
  /** `spec.lifecycle` of Components. */
  lifecycle?: (item: InventoryItem) => string;
}

const attribute = (item: InventoryItem, key: string) => item.attributes?.[key];
const productionWhen =
  (test: (item: InventoryItem) => boolean) => (item: InventoryItem) =>
    test(item) ? 'production' : 'experimental';

/**
 * Known item types per connector kind (see the README's table). `null`: not
 * an entity (tags become `metadata.tags` of the items that carry them).
 *
 * @public
 */
export const ITEM_KINDS: Record<string, Record<string, ItemKind | null>> = {
  n8n: {
    workflow: {
      kind: 'Component',
      type: 'n8n-workflow',
      lifecycle: productionWhen(i => attribute(i, 'active') === true),
    },
    tag: null,
  },
  superset: {
    dashboard: {
      kind: 'Component',
      type: 'superset-dashboard',
      lifecycle: productionWhen(i => attribute(i, 'published') !== false),
    },
    chart: {
      kind: 'Component',
      type: 'superset-chart',
      lifecycle: () => 'production',
    },
    dataset: { kind: 'Resource', type: 'superset-dataset' },
    database: { kind: 'Resource', type: 'superset-database' },
    tag: null,
  },
  odoo: {
    module: {
      kind: 'Component',
      type: 'odoo-module',
      lifecycle: productionWhen(i => {
        const state = attribute(i, 'state');
        return state === undefined || state === 'installed';
      }),
    },
    model: { kind: 'Resource', type: 'odoo-model' },
    tag: null,
  },
};

/** Product names for link titles. */
export const PRODUCT_TITLES: Record<string, string> = {
  n8n: 'n8n',
  superset: 'Superset',
  odoo: 'Odoo',
};

/**
 * The entity kind of an item: the table's entry, `null` for tags, else a
 * Resource of type `<connector>-<item type>` (lower-case, `[a-z0-9-]`).
 *
 * @public
 */
export function itemKind(connector: string, itemType: string): ItemKind | null {
  const known = ITEM_KINDS[connector]?.[itemType];
  if (known !== undefined) return known;
  if (itemType === 'tag') return null;
  const type = `${connector}-${itemType}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return { kind: 'Resource', type };
}

/** Relation types that make the item a dependency of (part of) the other one. */
export const DEPENDENCY_OF_TYPES = new Set([
  'partOf',
  'dependencyOf',
  'belongsTo',
  'definedBy',
  'memberOf',
  'childOf',
]);
