import { z } from 'zod';
import {
  modelFieldSchemas,
  moduleFieldSchemas,
  OdooModelRecord,
  OdooModuleRecord,
} from './odooData';

/** What went wrong in an ORM call, in the terms Odoo's RPC layers map to answers. */
export type OrmErrorKind =
  /** unknown model (`KeyError`) or method (`AttributeError`) */
  | 'not-found'
  /** arguments the method does not accept (`TypeError` / `ValueError`) */
  | 'invalid';

/** An error the stand-in's ORM raises; the protocol handlers turn it into a fault or a JSON error. */
export class OrmError extends Error {
  constructor(
    readonly kind: OrmErrorKind,
    readonly pythonName: string,
    message: string,
  ) {
    super(message);
  }
}

/** The stand-in's tables. */
export interface OrmTables {
  'ir.module.module': OdooModuleRecord[];
  'ir.model': OdooModelRecord[];
}

export type OrmModel = keyof OrmTables;

const FIELD_SCHEMAS: Record<OrmModel, Record<string, z.ZodType>> = {
  'ir.module.module': moduleFieldSchemas,
  'ir.model': modelFieldSchemas,
};

/** The keyword arguments each served method accepts (Odoo's signatures). */
export const METHOD_KWARGS: Record<string, readonly string[]> = {
  search_read: ['domain', 'fields', 'offset', 'limit', 'order', 'context'],
  search_count: ['domain', 'limit', 'context'],
};

const OPERATORS = new Set([
  '=',
  '!=',
  '<=',
  '<',
  '>',
  '>=',
  '=?',
  '=like',
  '=ilike',
  'like',
  'not like',
  'ilike',
  'not ilike',
  'in',
  'not in',
  'child_of',
  'parent_of',
]);

type Row = Record<string, unknown>;
type Condition = [string, string, unknown];

function invalid(message: string): never {
  throw new OrmError('invalid', 'ValueError', message);
}

export function isOrmModel(model: string): model is OrmModel {
  return model === 'ir.module.module' || model === 'ir.model';
}

/** Checks a domain: a list of `[field, operator, value]` leaves and `&`, `|`, `!` operators. */
export function checkDomain(model: OrmModel, domain: unknown): Condition[] {
  if (!Array.isArray(domain))
    invalid(`Invalid domain: ${JSON.stringify(domain)}`);
  const leaves: Condition[] = [];
  for (const term of domain) {
    if (term === '&' || term === '|' || term === '!') {
      invalid(`the stand-in serves conjunctions only, not '${term}'`);
    }
    if (
      !Array.isArray(term) ||
      term.length !== 3 ||
      typeof term[0] !== 'string' ||
      typeof term[1] !== 'string'
    ) {
      invalid(`Invalid leaf ${JSON.stringify(term)}`);
    }
    const [field, operator, value] = term as Condition;
    if (!(field in FIELD_SCHEMAS[model])) {
      invalid(
        `Invalid field ${model}.${field} in leaf ${JSON.stringify(term)}`,
      );
    }
    if (!OPERATORS.has(operator)) {
      invalid(`Invalid leaf ${JSON.stringify(term)}: unknown operator`);
    }
    if (operator !== '=' && operator !== '!=' && operator !== 'in') {
      invalid(`the stand-in serves =, != and in, not '${operator}'`);
    }
    if (operator === 'in' && !Array.isArray(value)) {
      invalid(`Invalid leaf ${JSON.stringify(term)}: 'in' needs a list`);
    }
    leaves.push([field, operator, value]);
  }
  return leaves;
}

function matches(row: Row, [field, operator, value]: Condition): boolean {
  const actual = row[field];
  if (operator === '=') return actual === value;
  if (operator === '!=') return actual !== value;
  return (value as unknown[]).includes(actual);
}

function checkFields(model: OrmModel, fields: unknown): string[] | undefined {
  if (fields === undefined || fields === null) return undefined;
  if (!Array.isArray(fields) || fields.some(f => typeof f !== 'string')) {
    invalid('fields must be a list of field names');
  }
  for (const field of fields as string[]) {
    if (!(field in FIELD_SCHEMAS[model])) {
      invalid(`Invalid field '${field}' on model '${model}'`);
    }
  }
  return fields as string[];
}

function checkOrder(model: OrmModel, order: unknown): [string, 1 | -1][] {
  if (order === undefined || order === null || order === false) {
    return [['id', 1]];
  }
  if (typeof order !== 'string') invalid('order must be a string');
  return order.split(',').map(part => {
    const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match || !(match[1] in FIELD_SCHEMAS[model])) {
      invalid(`Invalid "order" specified (${order})`);
    }
    return [match[1], match[2]?.toLowerCase() === 'desc' ? -1 : 1];
  });
}

function checkNatural(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === false)
    return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    invalid(
      `${name} must be a non-negative integer, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  return String(a) < String(b) ? -1 : 1;
}

/** Checks that the model and the method exist, as Odoo does before binding arguments. */
export function checkTarget(
  model: string,
  method: string,
): asserts model is OrmModel {
  if (!isOrmModel(model)) {
    throw new OrmError('not-found', 'KeyError', `'${model}'`);
  }
  if (!METHOD_KWARGS[method]) {
    throw new OrmError(
      'not-found',
      'AttributeError',
      `The method '${model}.${method}' does not exist`,
    );
  }
}

/** Runs `search_read` / `search_count` with named arguments, as Odoo binds them. */
export function callOrm(
  tables: OrmTables,
  model: string,
  method: string,
  kwargs: Record<string, unknown>,
): unknown {
  checkTarget(model, method);
  const allowed = METHOD_KWARGS[method];
  for (const name of Object.keys(kwargs)) {
    if (!allowed.includes(name)) {
      throw new OrmError(
        'invalid',
        'TypeError',
        `${method}() got an unexpected keyword argument '${name}'`,
      );
    }
  }
  if (
    kwargs.context !== undefined &&
    (typeof kwargs.context !== 'object' ||
      kwargs.context === null ||
      Array.isArray(kwargs.context))
  ) {
    invalid('context must be a dictionary');
  }
  const leaves = checkDomain(model, kwargs.domain ?? []);
  const rows = (tables[model] as unknown as Row[]).filter(row =>
    leaves.every(leaf => matches(row, leaf)),
  );
  if (method === 'search_count') {
    const limit = checkNatural(kwargs.limit, 'limit');
    return limit === undefined ? rows.length : Math.min(limit, rows.length);
  }
  const fields = checkFields(model, kwargs.fields);
  const order = checkOrder(model, kwargs.order);
  const offset = checkNatural(kwargs.offset, 'offset') ?? 0;
  const limit = checkNatural(kwargs.limit, 'limit');
  const sorted = [...rows].sort((a, b) => {
    for (const [field, direction] of order) {
      const c = compare(a[field], b[field]);
      if (c !== 0) return c * direction;
    }
    return 0;
  });
  const page = sorted.slice(
    offset,
    limit === undefined ? undefined : offset + limit,
  );
  return page.map(row => {
    const names = fields ?? Object.keys(FIELD_SCHEMAS[model]);
    const out: Row = { id: row.id };
    for (const name of names) out[name] = row[name];
    return out;
  });
}

/**
 * The stand-in's self-check of what it answers: every record holds `id` and
 * exactly the requested fields, each with the type Odoo gives it.
 */
export function checkOrmResult(
  model: OrmModel,
  method: string,
  kwargs: Record<string, unknown>,
  result: unknown,
): void {
  if (method === 'search_count') {
    z.number().int().nonnegative().parse(result);
    return;
  }
  const schemas = FIELD_SCHEMAS[model];
  const requested =
    (kwargs.fields as string[] | undefined) ?? Object.keys(schemas);
  const shape: Record<string, z.ZodType> = { id: schemas.id };
  for (const name of requested) shape[name] = schemas[name];
  z.array(z.strictObject(shape)).parse(result);
}
