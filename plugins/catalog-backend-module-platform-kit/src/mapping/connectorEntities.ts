import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { InventoryItem } from '@platform-kit/connector-sdk';
import {
  ANNOTATIONS,
  connectorLocation,
  locationAnnotations,
} from './annotations';
import {
  DEPENDENCY_OF_TYPES,
  itemKind,
  ItemKind,
  PRODUCT_TITLES,
} from './kinds';
import { entityName, sanitizeTag } from './names';
import { resolveOwner } from './owners';

/**
 * What the mapping of one connector's inventory needs.
 *
 * @public
 */
export interface ConnectorMappingOptions {
  /** The control plane's connector target id, e.g. `n8n-prod`. */
  connectorId: string;
  /** The connector kind: `n8n`, `superset`, `odoo`, ... */
  connector: string;
  /** Default owner (entity ref) when the source has none that maps. */
  owner: string;
  /** Default `spec.system` (entity ref). */
  system?: string;
  /** Namespace of the entities; default `default`. */
  namespace?: string;
  /** Source owner (as the source names it) → catalog entity ref. */
  owners?: Record<string, string>;
}

/**
 * An item that did not become an entity, and why.
 *
 * @public
 */
export interface SkippedItem {
  itemId: string;
  type: string;
  reason: string;
}

/**
 * The entities of one inventory, in item order.
 *
 * @public
 */
export interface MappedInventory {
  entities: Entity[];
  skipped: SkippedItem[];
}

interface Planned {
  item: InventoryItem;
  kind: ItemKind;
  name: string;
  ref: string;
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

function systemRef(ref: string, namespace: string): string | undefined {
  try {
    const parsed = parseEntityRef(ref, {
      defaultKind: 'system',
      defaultNamespace: namespace,
    });
    return parsed.kind.toLowerCase() === 'system'
      ? stringifyEntityRef(parsed)
      : undefined;
  } catch {
    return undefined;
  }
}

function normalizeRef(ref: string, namespace: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultNamespace: namespace }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Turns one connector's inventory into catalog entities (pure: no I/O).
 *
 * Names are `<connectorId>-<item type>-<item id>` (see {@link entityName}):
 * the vendor id is stable across renames. Relations to other items become
 * `spec.dependsOn` (or `spec.dependencyOf` for `partOf`-like types), a
 * `partOf` relation to a System becomes `spec.system`, relations to tags
 * become tags. Items of type `tag` are not entities.
 *
 * @public
 */
export function connectorItemsToEntities(
  items: readonly InventoryItem[],
  options: ConnectorMappingOptions,
): MappedInventory {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const owners = options.owners ?? {};
  const location = connectorLocation(options.connectorId);
  const skipped: SkippedItem[] = [];
  const planned = new Map<string, Planned>();
  const tagNames = new Map<string, string>();
  const names = new Set<string>();

  for (const item of items) {
    const kind = itemKind(options.connector, item.type);
    if (!kind) {
      if (item.type === 'tag') tagNames.set(item.id, item.name);
      skipped.push({
        itemId: item.id,
        type: item.type,
        reason: 'not an entity',
      });
      continue;
    }
    if (planned.has(item.id)) {
      skipped.push({
        itemId: item.id,
        type: item.type,
        reason: 'duplicate id',
      });
      continue;
    }
    const name = entityName(options.connectorId, item.type, item.id);
    if (names.has(name)) {
      skipped.push({
        itemId: item.id,
        type: item.type,
        reason: `entity name ${name} taken by another item`,
      });
      continue;
    }
    names.add(name);
    planned.set(item.id, {
      item,
      kind,
      name,
      ref: stringifyEntityRef({ kind: kind.kind, namespace, name }),
    });
  }

  const entities: Entity[] = [];
  for (const { item, kind, name } of planned.values()) {
    const dependsOn: string[] = [];
    const dependencyOf: string[] = [];
    const tags = [...(item.tags ?? [])];
    let system = options.system;
    for (const relation of item.relations ?? []) {
      const reverse = DEPENDENCY_OF_TYPES.has(relation.type);
      if (relation.itemId !== undefined) {
        const tag = tagNames.get(relation.itemId);
        if (tag !== undefined) {
          tags.push(tag);
          continue;
        }
        const target = planned.get(relation.itemId);
        if (!target || target.item.id === item.id) continue;
        (reverse ? dependencyOf : dependsOn).push(target.ref);
      } else if (relation.entityRef !== undefined) {
        const asSystem =
          relation.type === 'partOf'
            ? systemRef(relation.entityRef, namespace)
            : undefined;
        if (asSystem) {
          system = asSystem;
          continue;
        }
        const ref = normalizeRef(relation.entityRef, namespace);
        if (ref) (reverse ? dependencyOf : dependsOn).push(ref);
      }
    }
    const sanitizedTags = sortedUnique(
      tags.map(sanitizeTag).filter((t): t is string => Boolean(t)),
    );
    const product = PRODUCT_TITLES[options.connector] ?? options.connector;
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: kind.kind,
      metadata: {
        name,
        namespace,
        title: item.title ?? item.name,
        ...(item.description ? { description: item.description } : {}),
        annotations: {
          ...locationAnnotations(location),
          [ANNOTATIONS.connector]: options.connectorId,
          [ANNOTATIONS.connectorKind]: options.connector,
          [ANNOTATIONS.sourceId]: item.id,
          [ANNOTATIONS.sourceType]: item.type,
        },
        ...(sanitizedTags.length ? { tags: sanitizedTags } : {}),
        ...(item.url
          ? { links: [{ url: item.url, title: `Open in ${product}` }] }
          : {}),
      },
      spec: {
        type: kind.type,
        ...(kind.lifecycle ? { lifecycle: kind.lifecycle(item) } : {}),
        owner: resolveOwner(item.owner, owners, options.owner),
        ...(system ? { system } : {}),
        ...(dependsOn.length ? { dependsOn: sortedUnique(dependsOn) } : {}),
        ...(dependencyOf.length
          ? { dependencyOf: sortedUnique(dependencyOf) }
          : {}),
      },
    };
    entities.push(entity);
  }
  return { entities, skipped };
}
