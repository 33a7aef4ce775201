import {
  ConnectorHealthStatus,
  ConnectorInventoryResponse,
  ConnectorItem,
} from '../../api/types';

/** Annotations set on the entities ingested from a connector. */
export const CONNECTOR_ANNOTATION = 'platform-kit.dev/connector';
export const SOURCE_ID_ANNOTATION = 'platform-kit.dev/source-id';
export const SOURCE_TYPE_ANNOTATION = 'platform-kit.dev/source-type';

/** A connector target's inventory, as the entity inventory endpoint answers it. */
export const isConnectorInventory = (
  res: unknown,
): res is ConnectorInventoryResponse =>
  (res as { kind?: unknown } | null)?.kind === 'connector';

/** The connector and item id of an ingested entity, when it is one. */
export function ingestedSource(
  annotations: Record<string, string> | undefined,
): { connectorId: string; sourceId: string; sourceType?: string } | undefined {
  const connectorId = annotations?.[CONNECTOR_ANNOTATION];
  const sourceId = annotations?.[SOURCE_ID_ANNOTATION];
  if (!connectorId || !sourceId) return undefined;
  return {
    connectorId,
    sourceId,
    sourceType: annotations?.[SOURCE_TYPE_ANNOTATION] || undefined,
  };
}

/** What a row shows as the item's name. */
export const displayName = (item: ConnectorItem) => item.title || item.name;

/** `workflow` → `Workflows`, `data-source` → `Data sources`. */
export function typeLabel(type: string, count = 2): string {
  const words = type.replace(/[-_]+/g, ' ').trim();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  if (count === 1) return text;
  if (/(s|x|ch|sh)$/i.test(text)) return `${text}es`;
  if (/[^aeiou]y$/i.test(text)) return `${text.slice(0, -1)}ies`;
  return `${text}s`;
}

/** Items with what the client-side search compares, computed once per inventory. */
export interface IndexedItems {
  items: ConnectorItem[];
  /** Lower-case name, title, owner and tags of each item (same order). */
  haystacks: string[];
  byId: Map<string, ConnectorItem>;
  /** Items per type, most common type first. */
  types: { type: string; count: number }[];
}

const collator = new Intl.Collator('en', {
  sensitivity: 'base',
  numeric: true,
});

/** Sorted by name (types keep together when a type is chosen), searchable, by id. */
export function indexItems(input: readonly ConnectorItem[]): IndexedItems {
  const items = [...input].sort(
    (a, b) =>
      collator.compare(displayName(a), displayName(b)) ||
      collator.compare(a.type, b.type),
  );
  const byId = new Map<string, ConnectorItem>();
  const counts = new Map<string, number>();
  for (const item of input) {
    if (!byId.has(item.id)) byId.set(item.id, item);
    counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  }
  return {
    items,
    haystacks: items.map(item =>
      [item.name, item.title ?? '', item.owner ?? '', ...(item.tags ?? [])]
        .join('\n')
        .toLowerCase(),
    ),
    byId,
    types: [...counts]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || collator.compare(a.type, b.type)),
  };
}

/** The items matching a search (all words, any field) and per type how many match. */
export function searchItems(
  index: IndexedItems,
  query: string,
  type: string,
): { items: ConnectorItem[]; counts: Map<string, number>; matching: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const counts = new Map<string, number>();
  const items: ConnectorItem[] = [];
  let matching = 0;
  index.items.forEach((item, i) => {
    const haystack = index.haystacks[i];
    if (!words.every(w => haystack.includes(w))) return;
    matching++;
    counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
    if (!type || item.type === type) items.push(item);
  });
  return { items, counts, matching };
}

/** An item's relation, its target resolved to a name where the inventory has it. */
export interface ResolvedRelation {
  type: string;
  /** The target's name, or the entity ref / unknown id as it is. */
  target: string;
  targetType?: string;
  entityRef?: string;
  missing?: boolean;
}

export function resolveRelations(
  item: ConnectorItem,
  byId: Map<string, ConnectorItem>,
): ResolvedRelation[] {
  return (item.relations ?? []).map(relation => {
    if (relation.itemId !== undefined) {
      const target = byId.get(relation.itemId);
      return target
        ? {
            type: relation.type,
            target: displayName(target),
            targetType: target.type,
          }
        : {
            type: relation.type,
            target: `item ${relation.itemId}`,
            missing: true,
          };
    }
    return {
      type: relation.type,
      target: relation.entityRef ?? '(no target)',
      entityRef: relation.entityRef,
    };
  });
}

/** Items whose relations point at this one. */
export function referencedBy(
  item: ConnectorItem,
  items: readonly ConnectorItem[],
): { type: string; from: ConnectorItem }[] {
  const found: { type: string; from: ConnectorItem }[] = [];
  for (const other of items) {
    for (const relation of other.relations ?? []) {
      if (relation.itemId === item.id && other !== item)
        found.push({ type: relation.type, from: other });
    }
  }
  return found;
}

/** An attribute value as short text. */
export function attributeText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export const HEALTH_STATUS: Record<
  ConnectorHealthStatus,
  'ok' | 'warning' | 'error'
> = { up: 'ok', degraded: 'warning', down: 'error' };

export const CONTRACT_STATUS: Record<
  'pass' | 'fail' | 'skip',
  'ok' | 'error' | 'pending'
> = { pass: 'ok', fail: 'error', skip: 'pending' };

/** Row geometry of the virtualised list (px): every line has a fixed height. */
export const ROW_HEIGHT = 64;
export const DETAIL_LINE = 24;
export const DETAIL_HEADING = 28;
export const DETAIL_PADDING = 16;
/** At most this many attributes and relations are shown in a row's details. */
export const MAX_DETAIL_LINES = 50;

/** The height of an expanded row's details. */
export function detailsHeight(item: ConnectorItem): number {
  const attributes = Math.min(
    Object.keys(item.attributes ?? {}).length,
    MAX_DETAIL_LINES,
  );
  const relations = Math.min((item.relations ?? []).length, MAX_DETAIL_LINES);
  const extra = (n: number, max: number) => (n >= max ? 1 : 0);
  return (
    DETAIL_PADDING +
    (item.description ? DETAIL_LINE : 0) +
    DETAIL_HEADING +
    Math.max(attributes, 1) * DETAIL_LINE +
    extra(Object.keys(item.attributes ?? {}).length, MAX_DETAIL_LINES + 1) *
      DETAIL_LINE +
    DETAIL_HEADING +
    Math.max(relations, 1) * DETAIL_LINE +
    extra((item.relations ?? []).length, MAX_DETAIL_LINES + 1) * DETAIL_LINE
  );
}

export const formatTime = (at: string | null | undefined) =>
  at ? new Date(at).toLocaleString() : undefined;
