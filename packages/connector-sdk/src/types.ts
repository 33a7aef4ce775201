import { z } from 'zod';

/**
 * What a connector talks to, e.g. `n8n`, `superset`, `odoo`.
 *
 * @public
 */
export const connectorKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes');

/**
 * A relation from one inventory item to another item or to a catalog entity.
 *
 * @public
 */
export const inventoryRelationSchema = z.object({
  /** e.g. `dependsOn` (dashboard → dataset), `partOf` (workflow → system). */
  type: z.string().min(1),
  /** Another item of the same inventory (`itemId`) or a catalog entity ref (`entityRef`). */
  itemId: z.string().min(1).optional(),
  entityRef: z.string().min(1).optional(),
});

/**
 * One thing a connector found: a workflow, dashboard, dataset, chart, module, model, ...
 *
 * @public
 */
export const inventoryItemSchema = z.object({
  /** Stable within the connector across runs (the vendor's id). */
  id: z.string().min(1),
  /** e.g. `workflow`, `dashboard`, `dataset`, `chart`, `module`, `model`, `tag`. */
  type: z.string().min(1),
  /** Machine name (unique per type within the connector). */
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  /** Owner as the source knows it (user, team, e-mail); mapping to catalog groups happens later. */
  owner: z.string().optional(),
  tags: z.array(z.string()).default([]),
  /** Link back to the item in the source's UI. */
  url: z.string().url().optional(),
  relations: z.array(inventoryRelationSchema).default([]),
  /** Vendor facts worth keeping (active, version, state, ...); JSON only. */
  attributes: z.record(z.string(), z.unknown()).default({}),
});

/**
 * Everything a connector found in one run.
 *
 * @public
 */
export const connectorInventorySchema = z.object({
  connector: z.object({ id: z.string().min(1), kind: connectorKindSchema }),
  capturedAt: z.string().datetime(),
  /** Vendor and version as the source reports them, when it does. */
  source: z
    .object({ product: z.string(), version: z.string().optional() })
    .optional(),
  items: z.array(inventoryItemSchema),
});

/**
 * `up`: answers fully; `degraded`: answers, but something is off; `down`: does not answer.
 *
 * @public
 */
export const healthStatusSchema = z.enum(['up', 'degraded', 'down']);

/**
 * Whether the source answers, per check (e.g. liveness, readiness, auth).
 *
 * @public
 */
export const healthResultSchema = z.object({
  status: healthStatusSchema,
  checkedAt: z.string().datetime(),
  checks: z.array(
    z.object({
      name: z.string().min(1),
      status: healthStatusSchema,
      latencyMs: z.number().nonnegative(),
      /** Why, in words; never a secret. */
      detail: z.string().optional(),
    }),
  ),
});

/**
 * What a connector can do, declared: the parity contracts it can prove.
 *
 * @public
 */
export const capabilityDeclarationSchema = z.object({
  /** e.g. `inventory.workflows`, `health.readiness`, `auth.api-key`. */
  id: z.string().min(1),
  title: z.string().min(1),
  description: z.string().optional(),
});

/**
 * `pass`, `fail`, or `skip` (the test does not apply to this source; does not fail a run).
 *
 * @public
 */
export const contractStatusSchema = z.enum(['pass', 'fail', 'skip']);

/**
 * The outcome of one contract test, with the evidence that decided it.
 *
 * @public
 */
export const contractResultSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  status: contractStatusSchema,
  durationMs: z.number().nonnegative(),
  /** What was checked and seen (requests, counts, fields); never a secret. */
  evidence: z.record(z.string(), z.unknown()).default({}),
  error: z.string().optional(),
});

/**
 * A relation of an inventory item (see {@link inventoryRelationSchema}).
 *
 * @public
 */
export type InventoryRelation = z.infer<typeof inventoryRelationSchema>;
/**
 * An inventory item as a connector writes it; `tags`, `relations` and `attributes` may be left out.
 *
 * @public
 */
export type InventoryItem = z.input<typeof inventoryItemSchema>;
/**
 * What `inventory()` returns (see {@link connectorInventorySchema}).
 *
 * @public
 */
export type ConnectorInventory = z.infer<typeof connectorInventorySchema>;
/**
 * See {@link healthStatusSchema}.
 *
 * @public
 */
export type HealthStatus = z.infer<typeof healthStatusSchema>;
/**
 * What `health()` returns (see {@link healthResultSchema}).
 *
 * @public
 */
export type HealthResult = z.infer<typeof healthResultSchema>;
/**
 * One entry of `capabilities()` (see {@link capabilityDeclarationSchema}).
 *
 * @public
 */
export type CapabilityDeclaration = z.infer<typeof capabilityDeclarationSchema>;
/**
 * See {@link contractStatusSchema}.
 *
 * @public
 */
export type ContractStatus = z.infer<typeof contractStatusSchema>;
/**
 * One result of the contract harness (see {@link contractResultSchema}).
 *
 * @public
 */
export type ContractResult = z.infer<typeof contractResultSchema>;

/**
 * What the harness hands a running contract test.
 *
 * @public
 */
export interface ContractTestContext {
  /** Aborted when the test ran out of its time budget; pass it on to requests. */
  signal: AbortSignal;
  /** The time the test may take, in milliseconds. */
  timeBudgetMs: number;
}

/**
 * One contract test a connector ships: it runs against the live source.
 *
 * @public
 */
export interface ContractTest {
  /** Unique among the connector's tests, e.g. `n8n.auth.rejects-bad-key`; `sdk.` is reserved. */
  id: string;
  /** What the test proves, in words. */
  title: string;
  /**
   * Proves the contract: resolve with evidence (plain JSON, never a secret)
   * to pass; throw `ContractTestError` (with evidence) or any error to fail;
   * throw `ContractTestSkip` when the test cannot apply to this source.
   */
  run(context?: ContractTestContext): Promise<Record<string, unknown> | void>;
}
