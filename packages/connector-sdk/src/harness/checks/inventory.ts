import {
  ConnectorInventory,
  ContractResult,
  connectorInventorySchema,
} from '../../types';
import { ContractTestError, ContractTestSkip } from '../ContractTestError';
import { SuiteContext } from '../suiteContext';
import { EVIDENCE_SAMPLE, issuesEvidence } from '../zodIssues';

const key = (item: { type: string; id: string }) => `${item.type}/${item.id}`;

function countsByType(inventory: ConnectorInventory): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of inventory.items)
    counts[item.type] = (counts[item.type] ?? 0) + 1;
  return counts;
}

/** Calls `inventory()` and validates it; throws a check failure otherwise. */
async function validInventory(ctx: SuiteContext, name: string) {
  const outcome = await ctx.call(name, () => ctx.connector.inventory());
  const value = ctx.valueOf(outcome, name);
  const parsed = connectorInventorySchema.safeParse(value);
  if (!parsed.success) {
    throw new ContractTestError(`${name} does not match the inventory schema`, {
      durationMs: outcome.durationMs,
      ...issuesEvidence(parsed.error),
    });
  }
  return { inventory: parsed.data, durationMs: outcome.durationMs };
}

function requireFirst(ctx: SuiteContext): ConnectorInventory {
  if (!ctx.firstInventory) {
    throw new ContractTestSkip(
      'not checked: inventory() gave no valid result (see sdk.inventory.shape)',
    );
  }
  return ctx.firstInventory;
}

/** `sdk.inventory.shape`: the result matches the schema and names this connector. */
function shapeCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.inventory.shape',
    'inventory() returns a valid inventory of this connector',
    async () => {
      const { inventory, durationMs } = await validInventory(
        ctx,
        'inventory()',
      );
      const evidence = {
        durationMs,
        itemCount: inventory.items.length,
        countsByType: countsByType(inventory),
        connector: inventory.connector,
        ...(inventory.source ? { source: inventory.source } : {}),
      };
      const { id, kind } = ctx.connector;
      if (inventory.connector.id !== id || inventory.connector.kind !== kind) {
        throw new ContractTestError(
          `inventory() names connector ${inventory.connector.kind}/${inventory.connector.id}, expected ${kind}/${id}`,
          evidence,
        );
      }
      ctx.firstInventory = inventory;
      return evidence;
    },
  );
}

/** `sdk.inventory.unique-ids`: no two items of one type share an id. */
function uniqueIdsCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.inventory.unique-ids',
    'inventory() item ids are unique per type',
    async () => {
      const inventory = requireFirst(ctx);
      const seen = new Set<string>();
      const duplicates = new Set<string>();
      for (const item of inventory.items) {
        if (seen.has(key(item))) duplicates.add(key(item));
        seen.add(key(item));
      }
      const evidence = {
        itemCount: inventory.items.length,
        duplicateCount: duplicates.size,
      };
      if (duplicates.size > 0) {
        throw new ContractTestError(
          `${duplicates.size} type/id pair(s) occur more than once`,
          {
            ...evidence,
            duplicates: [...duplicates].slice(0, EVIDENCE_SAMPLE),
          },
        );
      }
      return evidence;
    },
  );
}

/** `sdk.inventory.relations`: every relation names a target, item targets exist. */
function relationsCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.inventory.relations',
    'inventory() relations point at existing items',
    async () => {
      const inventory = requireFirst(ctx);
      const ids = new Set(inventory.items.map(item => item.id));
      const dangling: string[] = [];
      let relationCount = 0;
      for (const item of inventory.items) {
        for (const relation of item.relations) {
          relationCount++;
          if (
            relation.itemId === undefined &&
            relation.entityRef === undefined
          ) {
            dangling.push(
              `${key(item)} ${relation.type} → (no itemId or entityRef)`,
            );
          } else if (
            relation.itemId !== undefined &&
            !ids.has(relation.itemId)
          ) {
            dangling.push(`${key(item)} ${relation.type} → ${relation.itemId}`);
          }
        }
      }
      const evidence = { relationCount, danglingCount: dangling.length };
      if (dangling.length > 0) {
        throw new ContractTestError(
          `${dangling.length} relation(s) point at no item of the inventory`,
          { ...evidence, dangling: dangling.slice(0, EVIDENCE_SAMPLE) },
        );
      }
      return evidence;
    },
  );
}

/**
 * `sdk.inventory.idempotent`: a second call lists the same type/id pairs.
 * Only against a source nothing changes during the run (`stableSource`, e.g.
 * a test's stand-in): a live source may gain or lose items between the two
 * calls, so there the check is skipped rather than flaky.
 */
function idempotentCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.inventory.idempotent',
    'inventory() twice gives the same items',
    async () => {
      if (!ctx.stableSource) {
        throw new ContractTestSkip(
          'not checked: the source may change between two calls (stableSource is not set)',
        );
      }
      const first = requireFirst(ctx);
      const { inventory: second, durationMs } = await validInventory(
        ctx,
        'inventory() (second call)',
      );
      const before = new Set(first.items.map(key));
      const after = new Set(second.items.map(key));
      const missing = [...before].filter(k => !after.has(k));
      const added = [...after].filter(k => !before.has(k));
      const evidence = {
        firstCount: before.size,
        secondCount: after.size,
        durationMs,
      };
      if (missing.length > 0 || added.length > 0) {
        throw new ContractTestError(
          `the second inventory() differs: ${missing.length} item(s) missing, ${added.length} new`,
          {
            ...evidence,
            missing: missing.slice(0, EVIDENCE_SAMPLE),
            added: added.slice(0, EVIDENCE_SAMPLE),
          },
        );
      }
      return evidence;
    },
  );
}

/** The inventory checks, in order (shape first: the others use its result). */
export async function inventoryChecks(
  ctx: SuiteContext,
): Promise<ContractResult[]> {
  return [
    await shapeCheck(ctx),
    await uniqueIdsCheck(ctx),
    await relationsCheck(ctx),
    await idempotentCheck(ctx),
  ];
}
