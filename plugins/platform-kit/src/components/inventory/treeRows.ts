import type {
  Column,
  Index,
  Policy,
  Relation,
  SchemaInfo,
} from '@platform-kit/plugin-platform-kit-common';

/** What the API returns is trusted only for the fields that identify an item. */
export type SchemaItem = Pick<SchemaInfo, 'name'> & Partial<SchemaInfo>;
export type RelationItem = Pick<Relation, 'schema' | 'name'> &
  Partial<Relation>;
export type ColumnItem = Pick<Column, 'name'> & Partial<Column>;
export type PolicyItem = Pick<Policy, 'name'> & Partial<Policy>;
export type IndexItem = Pick<Index, 'name'> & Partial<Index>;

/** The columns, policies and indexes of one table, loaded when it is expanded. */
export type TableDetails =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | {
      status: 'loaded';
      columns: ColumnItem[];
      policies: PolicyItem[];
      indexes: IndexItem[];
    };

export type DetailGroup = 'columns' | 'policies' | 'indexes';

interface RowBase {
  key: string;
  /** 1 for the project, 2 for schemas, 3 for tables, ... (aria-level). */
  level: number;
  /** Undefined for a leaf; true/false for an item that can be expanded. */
  expanded?: boolean;
  /** Index of the parent row, undefined for the project. */
  parent?: number;
  /** Position among its siblings, from 1 (aria-posinset / aria-setsize). */
  posInSet: number;
  setSize: number;
}

export type TreeRow = RowBase &
  (
    | {
        type: 'project';
        label: string;
        schemaCount: number;
        tableCount: number;
      }
    | {
        type: 'schema';
        schema: SchemaItem;
        /** Tables shown (after filters). */
        tableCount: number;
        /** Tables of the schema before the client-side filters. */
        unfilteredCount: number;
      }
    | { type: 'table'; relation: RelationItem }
    | {
        type: 'group';
        group: DetailGroup;
        count: number;
        relation: RelationItem;
      }
    | { type: 'column'; item: ColumnItem }
    | { type: 'policy'; item: PolicyItem }
    | { type: 'index'; item: IndexItem }
    | {
        type: 'status';
        status: 'loading' | 'error';
        message: string;
        /** The table whose details failed, to load them again. */
        relation: RelationItem;
      }
  );

export interface TreeInput {
  /** The label of the root (the entity's name). */
  project: string;
  schemas: SchemaItem[];
  /** Tables and views, already filtered. */
  relations: RelationItem[];
  /** How many tables each schema has before the client-side filters. */
  unfilteredCounts?: ReadonlyMap<string, number>;
  details: ReadonlyMap<string, TableDetails>;
  /** Expanded (true) or collapsed (false) by the user; otherwise the default of each level. */
  toggles: ReadonlyMap<string, boolean>;
  /** Schemas start expanded (e.g. while searching, so that matches show). */
  expandSchemas?: boolean;
  /** Leave out schemas without a table (e.g. while searching). */
  hideEmptySchemas?: boolean;
}

export const PROJECT_KEY = 'project';
export const schemaKey = (schema: string) => `schema:${JSON.stringify(schema)}`;
export const tableKey = (schema: string, name: string) =>
  `table:${JSON.stringify([schema, name])}`;
const groupKey = (table: string, group: DetailGroup) => `${table}:${group}`;

const GROUPS: DetailGroup[] = ['columns', 'policies', 'indexes'];

/** Tables per schema, in the order the API gave them. */
function bySchema(relations: RelationItem[]): Map<string, RelationItem[]> {
  const groups = new Map<string, RelationItem[]>();
  for (const relation of relations) {
    const list = groups.get(relation.schema);
    if (list) list.push(relation);
    else groups.set(relation.schema, [relation]);
  }
  return groups;
}

/**
 * Flattens the expanded part of the tree project → schemas → tables →
 * columns / policies / indexes into rows, for a virtualised list.
 */
export function buildTreeRows(input: TreeInput): TreeRow[] {
  const { toggles, details } = input;
  const isExpanded = (key: string, byDefault: boolean) =>
    toggles.get(key) ?? byDefault;
  const tables = bySchema(input.relations);

  const known = new Set(input.schemas.map(s => s.name));
  const schemas: SchemaItem[] = [
    ...input.schemas,
    ...[...tables.keys()]
      .filter(name => !known.has(name))
      .sort()
      .map(name => ({ name })),
  ].filter(s => !input.hideEmptySchemas || tables.has(s.name));

  const rows: TreeRow[] = [];
  const projectExpanded = isExpanded(PROJECT_KEY, true);
  rows.push({
    type: 'project',
    key: PROJECT_KEY,
    level: 1,
    expanded: projectExpanded,
    posInSet: 1,
    setSize: 1,
    label: input.project,
    schemaCount: schemas.length,
    tableCount: input.relations.length,
  });
  if (!projectExpanded) return rows;

  schemas.forEach((schema, s) => {
    const key = schemaKey(schema.name);
    const own = tables.get(schema.name) ?? [];
    const expanded = isExpanded(key, input.expandSchemas ?? false);
    const schemaIndex = rows.length;
    rows.push({
      type: 'schema',
      key,
      level: 2,
      expanded: own.length ? expanded : undefined,
      parent: 0,
      posInSet: s + 1,
      setSize: schemas.length,
      schema,
      tableCount: own.length,
      unfilteredCount: input.unfilteredCounts?.get(schema.name) ?? own.length,
    });
    if (!expanded) return;
    own.forEach((relation, t) => {
      const tKey = tableKey(relation.schema, relation.name);
      const tExpanded = isExpanded(tKey, false);
      const tableIndex = rows.length;
      rows.push({
        type: 'table',
        key: tKey,
        level: 3,
        expanded: tExpanded,
        parent: schemaIndex,
        posInSet: t + 1,
        setSize: own.length,
        relation,
      });
      if (tExpanded) pushDetails(rows, tKey, tableIndex, relation);
    });
  });
  return rows;

  function pushDetails(
    out: TreeRow[],
    tKey: string,
    tableIndex: number,
    relation: RelationItem,
  ) {
    const state = details.get(tKey) ?? { status: 'loading' as const };
    if (state.status !== 'loaded') {
      out.push({
        type: 'status',
        key: `${tKey}:status`,
        level: 4,
        parent: tableIndex,
        posInSet: 1,
        setSize: 1,
        status: state.status,
        message:
          state.status === 'error'
            ? state.message
            : 'Loading columns, policies and indexes…',
        relation,
      });
      return;
    }
    GROUPS.forEach((group, g) => {
      const gKey = groupKey(tKey, group);
      const items = state[group];
      const gExpanded = isExpanded(gKey, true);
      const groupIndex = out.length;
      out.push({
        type: 'group',
        key: gKey,
        level: 4,
        expanded: items.length ? gExpanded : undefined,
        parent: tableIndex,
        posInSet: g + 1,
        setSize: GROUPS.length,
        group,
        count: items.length,
        relation,
      });
      if (!gExpanded) return;
      items.forEach((item, i) => {
        const base = {
          level: 5,
          parent: groupIndex,
          posInSet: i + 1,
          setSize: items.length,
        };
        const itemKey = `${gKey}:${i}:${item.name}`;
        if (group === 'columns')
          out.push({ ...base, key: itemKey, type: 'column', item });
        else if (group === 'policies')
          out.push({ ...base, key: itemKey, type: 'policy', item });
        else out.push({ ...base, key: itemKey, type: 'index', item });
      });
    });
  }
}

export type KindFilter = '' | NonNullable<Relation['kind']>;
export type RlsFilter = '' | 'enabled' | 'disabled';

/** RLS applies to tables (plain and partitioned), not to views. */
export const hasRls = (relation: RelationItem) =>
  relation.kind === undefined ||
  relation.kind === 'table' ||
  relation.kind === 'partitioned_table';

/** The tables and views that pass the kind and RLS filters. */
export function filterRelations(
  relations: RelationItem[],
  filters: { kind: KindFilter; rls: RlsFilter },
): RelationItem[] {
  if (!filters.kind && !filters.rls) return relations;
  return relations.filter(relation => {
    if (filters.kind && relation.kind !== filters.kind) return false;
    if (filters.rls === 'enabled')
      return hasRls(relation) && relation.rlsEnabled === true;
    if (filters.rls === 'disabled')
      return hasRls(relation) && relation.rlsEnabled !== true;
    return true;
  });
}

/** How many tables each schema has. */
export function countBySchema(relations: RelationItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of relations)
    counts.set(r.schema, (counts.get(r.schema) ?? 0) + 1);
  return counts;
}

/** The row to go to with ArrowRight / ArrowLeft, or undefined to stay. */
export function childOrParent(
  rows: TreeRow[],
  index: number,
  direction: 'in' | 'out',
): number | undefined {
  const row = rows[index];
  if (!row) return undefined;
  if (direction === 'out') return row.parent;
  const next = rows[index + 1];
  return row.expanded && next && next.level > row.level ? index + 1 : undefined;
}
