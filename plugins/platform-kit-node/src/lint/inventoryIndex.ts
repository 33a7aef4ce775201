import {
  Column,
  Constraint,
  DbFunction,
  Grantee,
  Index,
  Inventory,
  Policy,
  Relation,
} from '@platform-kit/plugin-platform-kit-common';

const key = (schema: string, name: string) => `${schema}\u0000${name}`;
const fnKey = (schema: string, name: string, args: string) =>
  `${schema}\u0000${name}\u0000${args}`;

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * Lookups over an inventory, built once per lint run (linear in its size).
 *
 * @public
 */
export class InventoryIndex {
  readonly exposedSchemas: Set<string>;
  private readonly relations = new Map<string, Relation>();
  private readonly columns: Map<string, Column[]>;
  private readonly indexes: Map<string, Index[]>;
  private readonly constraints: Map<string, Constraint[]>;
  private readonly policies: Map<string, Policy[]>;
  private readonly tablePrivileges = new Map<string, Set<string>>();
  private readonly functionGrantees = new Map<string, Set<Grantee>>();
  private readonly columnSelect = new Set<string>();

  constructor(readonly inventory: Inventory) {
    this.exposedSchemas = new Set(inventory.exposedSchemas.schemas);
    for (const r of inventory.relations)
      this.relations.set(key(r.schema, r.name), r);
    this.columns = groupBy(inventory.columns, c => key(c.schema, c.table));
    this.indexes = groupBy(inventory.indexes, i => key(i.schema, i.table));
    this.constraints = groupBy(inventory.constraints, c =>
      key(c.schema, c.table),
    );
    this.policies = groupBy(inventory.policies, p => key(p.schema, p.table));
    for (const p of inventory.privileges.tables) {
      this.tablePrivileges.set(
        `${key(p.schema, p.name)}\u0000${p.grantee}`,
        new Set(p.privileges),
      );
    }
    for (const p of inventory.privileges.columns) {
      if (p.privileges.includes('SELECT'))
        this.columnSelect.add(`${key(p.schema, p.table)}\u0000${p.grantee}`);
    }
    for (const p of inventory.privileges.functions) {
      const k = fnKey(p.schema, p.name, p.identityArguments);
      const set = this.functionGrantees.get(k) ?? new Set<Grantee>();
      set.add(p.grantee);
      this.functionGrantees.set(k, set);
    }
  }

  isExposed(schema: string): boolean {
    return this.exposedSchemas.has(schema);
  }

  relation(schema: string, name: string): Relation | undefined {
    return this.relations.get(key(schema, name));
  }

  columnsOf(schema: string, table: string): Column[] {
    return this.columns.get(key(schema, table)) ?? [];
  }

  indexesOf(schema: string, table: string): Index[] {
    return this.indexes.get(key(schema, table)) ?? [];
  }

  constraintsOf(schema: string, table: string): Constraint[] {
    return this.constraints.get(key(schema, table)) ?? [];
  }

  policiesOf(schema: string, table: string): Policy[] {
    return this.policies.get(key(schema, table)) ?? [];
  }

  /** Effective table privileges of an API role (membership and PUBLIC included). */
  privilegesOf(schema: string, table: string, grantee: Grantee): Set<string> {
    return (
      this.tablePrivileges.get(`${key(schema, table)}\u0000${grantee}`) ??
      new Set()
    );
  }

  /** API roles (anon / authenticated) that hold `privilege` on the relation. */
  apiRolesWith(
    schema: string,
    table: string,
    privilege: string,
  ): ('anon' | 'authenticated')[] {
    return (['anon', 'authenticated'] as const).filter(role =>
      this.privilegesOf(schema, table, role).has(privilege),
    );
  }

  /** The role can SELECT the relation or at least one of its columns. */
  canSeeColumns(schema: string, table: string, grantee: Grantee): boolean {
    return (
      this.privilegesOf(schema, table, grantee).has('SELECT') ||
      this.columnSelect.has(`${key(schema, table)}\u0000${grantee}`)
    );
  }

  canExecute(fn: DbFunction, grantee: Grantee): boolean {
    return (
      this.functionGrantees
        .get(fnKey(fn.schema, fn.name, fn.identityArguments))
        ?.has(grantee) ?? false
    );
  }

  /** Relations of the given kinds in user schemas. */
  relationsOfKind(...kinds: Relation['kind'][]): Relation[] {
    return this.inventory.relations.filter(
      r => !r.managed && kinds.includes(r.kind),
    );
  }

  /** Ordinary tables, partitions included (what Supabase's table lints look at). */
  tables(): Relation[] {
    return this.relationsOfKind('table');
  }

  /** Tables in exposed schemas without RLS that anon or authenticated can SELECT. */
  readableTablesWithoutRls(): Relation[] {
    return this.tables().filter(
      t =>
        this.isExposed(t.schema) &&
        !t.rlsEnabled &&
        this.apiRolesWith(t.schema, t.name, 'SELECT').length > 0,
    );
  }

  columnName(schema: string, table: string, position: number): string {
    return (
      this.columnsOf(schema, table).find(c => c.position === position)?.name ??
      `#${position}`
    );
  }
}

/** `schema.name` as the findings print it. */
export function qualified(schema: string, name: string): string {
  return `${schema}.${name}`;
}
