import {
  ContractComparison,
  emptyComparison,
  isNode,
  Node,
  OpenApiDocument,
  recordMark,
} from './contractsCheckDocument';

/**
 * Compares a schema of our contract with the vendor's schema at the same
 * place: every property ours declares must exist there with a compatible
 * type, ours may leave properties out (a subset), and constraints ours
 * states must be the vendor's own.
 */

const CONSTRAINTS = [
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
];

/** Whether a value of type `ours` is one the vendor's type admits (or close: integer and number). */
function compatibleTypes(ours: string, vendor: string): boolean {
  if (ours === vendor) return true;
  const numeric = new Set(['integer', 'number']);
  return numeric.has(ours) && numeric.has(vendor);
}

/** allOf merged into one schema (properties, required, type), as far as a comparison needs. */
function mergeAllOf(document: OpenApiDocument, schema: Node): Node {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  const merged: Node = { ...own, properties: {}, required: [] };
  for (const part of [own, ...allOf]) {
    const resolved = mergeAllOf(document, document.deref(part) ?? {});
    Object.assign(merged.properties, resolved.properties ?? {});
    merged.required.push(...(resolved.required ?? []));
    merged.type ??= resolved.type;
  }
  return merged;
}

interface Context {
  ours: OpenApiDocument;
  vendor: OpenApiDocument;
  comparison: ContractComparison;
  /** Pairs already compared (recursive schemas). */
  seen: Set<unknown>;
}

function compareAlternatives(
  context: Context,
  ours: Node,
  alternatives: unknown[],
  at: string,
) {
  for (const alternative of alternatives) {
    const trial = { ...context, comparison: emptyComparison() };
    compare(trial, ours, alternative, at);
    if (trial.comparison.problems.length === 0) {
      const { comparison } = context;
      comparison.agreed += trial.comparison.agreed;
      comparison.outside.push(...trial.comparison.outside);
      comparison.errata.push(...trial.comparison.errata);
      comparison.notes.push(...trial.comparison.notes);
      return;
    }
  }
  context.comparison.problems.push(
    `${at}: matches none of the vendor's alternatives (anyOf/oneOf)`,
  );
}

function compareObject(context: Context, ours: Node, vendor: Node, at: string) {
  const { comparison } = context;
  for (const [name, property] of Object.entries(
    (ours.properties ?? {}) as Node,
  )) {
    const where = `${at}.${name}`;
    if (recordMark(context.ours, property, where, comparison)) continue;
    const theirs =
      vendor.properties?.[name] ??
      (isNode(vendor.additionalProperties)
        ? vendor.additionalProperties
        : undefined);
    if (theirs === undefined) {
      comparison.problems.push(`${where} is not in the vendor's document`);
      continue;
    }
    compare(context, property, theirs, where);
  }
  const optional = ((ours.required ?? []) as string[]).filter(
    name => !(vendor.required ?? []).includes(name),
  );
  if (optional.length > 0) {
    comparison.notes.push(
      `${at}: required here, optional in the vendor's document: ${optional.join(
        ', ',
      )}`,
    );
  }
}

function compareScalar(context: Context, ours: Node, vendor: Node, at: string) {
  const { problems, notes } = context.comparison;
  if (ours.type && vendor.type && !compatibleTypes(ours.type, vendor.type)) {
    problems.push(
      `${at}: type ${ours.type} here, ${vendor.type} in the vendor's document`,
    );
    return false;
  }
  if (ours.nullable === true && vendor.type && vendor.nullable !== true) {
    problems.push(`${at}: nullable here, not in the vendor's document`);
  }
  if (Array.isArray(ours.enum)) {
    if (Array.isArray(vendor.enum)) {
      const extra = ours.enum.filter(
        (value: unknown) => !vendor.enum.includes(value),
      );
      if (extra.length > 0) {
        problems.push(
          `${at}: enum values not in the vendor's document: ${extra.join(
            ', ',
          )}`,
        );
      }
    } else {
      notes.push(`${at}: enum here, none in the vendor's document`);
    }
  }
  if (ours.format !== undefined && ours.format !== vendor.format) {
    problems.push(
      `${at}: format ${ours.format} here, ${
        vendor.format ?? 'none'
      } in the vendor's document`,
    );
  }
  for (const key of CONSTRAINTS) {
    if (ours[key] !== undefined && ours[key] !== vendor[key]) {
      problems.push(
        `${at}: ${key} ${ours[key]} here, ${
          vendor[key] ?? 'none'
        } in the vendor's document`,
      );
    }
  }
  return true;
}

function compare(
  context: Context,
  oursNode: unknown,
  vendorNode: unknown,
  at: string,
) {
  const { comparison } = context;
  if (recordMark(context.ours, oursNode, at, comparison)) return;
  const ours = context.ours.deref(oursNode);
  const resolved = context.vendor.deref(vendorNode);
  if (!ours || !resolved) {
    if (!resolved)
      comparison.problems.push(`${at} is not in the vendor's document`);
    return;
  }
  const vendor = mergeAllOf(context.vendor, resolved);
  const pair = `${JSON.stringify(oursNode)}→${JSON.stringify(vendorNode)}`;
  if (context.seen.has(pair)) return;
  context.seen.add(pair);
  comparison.agreed += 1;
  if (Array.isArray(ours.anyOf)) {
    ours.anyOf.forEach((branch: unknown, i: number) =>
      compare(context, branch, vendorNode, `${at}.anyOf[${i}]`),
    );
  }
  const alternatives = vendor.anyOf ?? vendor.oneOf;
  if (Array.isArray(alternatives) && !vendor.type) {
    compareAlternatives(context, ours, alternatives, at);
    return;
  }
  if (!compareScalar(context, ours, vendor, at)) return;
  if (ours.properties) compareObject(context, ours, vendor, at);
  if (ours.items !== undefined) {
    if (vendor.items !== undefined) {
      compare(context, ours.items, vendor.items, `${at}[]`);
    } else if (vendor.type && vendor.type !== 'array') {
      comparison.problems.push(`${at}[] is not in the vendor's document`);
    }
  }
}

/**
 * Compares `ours` (a schema of our contract) with `vendor` (the vendor's
 * schema at the same place), recording into `comparison`.
 */
export function compareSchema(
  documents: { ours: OpenApiDocument; vendor: OpenApiDocument },
  ours: unknown,
  vendor: unknown,
  at: string,
  comparison: ContractComparison,
): void {
  compare({ ...documents, comparison, seen: new Set() }, ours, vendor, at);
}
