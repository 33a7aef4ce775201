import {
  Finding,
  Inventory,
  PatchRisk,
  PatchStep,
  Policy,
  Relation,
} from '@platform-kit/plugin-platform-kit-common';
import { InventoryIndex } from '../../lint/inventoryIndex';
import { renderTemplate } from '../templates';
import { PatchDraft } from '../types';
import { splitStatements } from '../../sql/sqlTokens';

/** The API roles of a Supabase project that patches take access from. */
export const API_ROLES = ['anon', 'authenticated'] as const;

const indexes = new WeakMap<Inventory, InventoryIndex>();

/** Lookups over the inventory, built once per inventory (buildPlan calls each builder per finding). */
export function inventoryIndex(inventory: Inventory): InventoryIndex {
  let index = indexes.get(inventory);
  if (!index) {
    index = new InventoryIndex(inventory);
    indexes.set(inventory, index);
  }
  return index;
}

/**
 * Text for people (rationales, titles): control characters in names are
 * shown escaped, so that a name can never end the SQL comment a rationale is
 * rendered in (`--` comments end at a carriage return as well as a newline).
 */
export function printable(text: string): string {
  return text.replace(
    /[\p{Cc}\u2028\u2029]/gu,
    ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `schema.name` for people (findings print names this way). */
export function display(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/**
 * A name from the finding's metadata (a schema, relation, policy or
 * constraint name: PostgreSQL has no empty names); throws when it is
 * missing or empty. For values that may be empty use `metadataText`.
 */
export function metadataString(finding: Finding, key: string): string {
  const value = finding.metadata[key];
  if (typeof value !== 'string' || value === '')
    throw new Error(`finding ${finding.cache_key} has no metadata.${key}`);
  return value;
}

/**
 * A text from the finding's metadata where empty is a value: the identity
 * arguments of a routine without arguments, an empty comment, an empty
 * search_path, an empty role list. Throws only when the key is missing or
 * not a string.
 */
export function metadataText(finding: Finding, key: string): string {
  const value = finding.metadata[key];
  if (typeof value !== 'string')
    throw new Error(
      value === undefined
        ? `finding ${finding.cache_key} has no metadata.${key}`
        : `finding ${finding.cache_key}: metadata.${key} is not a string`,
    );
  return value;
}

/** The object a finding is about: metadata.schema and metadata.name. */
export function findingObject(finding: Finding): {
  schema: string;
  name: string;
} {
  return {
    schema: metadataString(finding, 'schema'),
    name: metadataString(finding, 'name'),
  };
}

/** The relation from the inventory; throws when it is gone or of another kind. */
export function requireRelation(
  inventory: Inventory,
  schema: string,
  name: string,
  kinds: Relation['kind'][],
): Relation {
  const relation = inventoryIndex(inventory).relation(schema, name);
  if (!relation)
    throw new Error(
      `${display(
        schema,
        name,
      )} is not in the inventory (dropped or renamed since the scan?)`,
    );
  if (!kinds.includes(relation.kind))
    throw new Error(
      `${display(schema, name)} is a ${relation.kind.replace(
        '_',
        ' ',
      )}, not a ${kinds.map(k => k.replace('_', ' ')).join(' or ')}`,
    );
  return relation;
}

/** The policy from the inventory; throws when it is gone. */
export function requirePolicy(
  inventory: Inventory,
  schema: string,
  table: string,
  name: string,
): Policy {
  const policy = inventoryIndex(inventory)
    .policiesOf(schema, table)
    .find(p => p.name === name);
  if (!policy)
    throw new Error(
      `policy "${name}" on ${display(
        schema,
        table,
      )} is not in the inventory (dropped or renamed since the scan?)`,
    );
  return policy;
}

/** Which of `roles` exist in the database. */
export function presentRoles<T extends string>(
  inventory: Inventory,
  roles: readonly T[],
): T[] {
  const names = new Set(inventory.roles.map(r => r.name));
  return roles.filter(r => names.has(r));
}

/** "a", "a and b", "a, b and c". */
export function listing(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export interface StepInput {
  id: string;
  sql: string;
  rationale: string;
  risk: PatchRisk;
  transactional?: boolean;
  resolves: string[];
  tables?: string[];
  functions?: string[];
}

export function step(input: StepInput): PatchStep {
  return {
    id: input.id,
    sql: input.sql,
    rationale: printable(input.rationale),
    risk: input.risk,
    transactional: input.transactional ?? true,
    resolves: input.resolves,
    tables: input.tables ?? [],
    functions: input.functions ?? [],
  };
}

/** A template's statements, one per step. */
export function templateStatements(
  name: string,
  values: Record<string, string>,
): string[] {
  return splitStatements(renderTemplate(name, values));
}

/** The one statement of a template. */
export function templateStatement(
  name: string,
  values: Record<string, string>,
): string {
  const statements = templateStatements(name, values);
  if (statements.length !== 1)
    throw new Error(
      `template ${name} holds ${statements.length} statements, expected 1`,
    );
  return statements[0];
}

export function patch(
  finding: Finding,
  title: string,
  steps: PatchStep[],
): PatchDraft {
  return {
    lint: finding.name,
    findingKey: finding.cache_key,
    title: printable(title),
    steps,
    manual: null,
  };
}

/** A patch without SQL: what a person has to decide and do. */
export function manualPatch(
  finding: Finding,
  title: string,
  reason: string,
  instructions: string,
): PatchDraft {
  return {
    lint: finding.name,
    findingKey: finding.cache_key,
    title: printable(title),
    steps: [],
    manual: {
      reason: printable(reason),
      // Instructions may span lines (SQL a person runs); each line is made printable.
      instructions: instructions.split('\n').map(printable).join('\n'),
    },
  };
}
