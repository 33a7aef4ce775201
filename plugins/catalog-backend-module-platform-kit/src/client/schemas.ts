import {
  healthResultSchema,
  inventoryItemSchema,
} from '@platform-kit/connector-sdk';
import { z } from 'zod';

/**
 * One connector as `GET /connectors` lists it.
 *
 * @public
 */
export const connectorStatusSchema = z.object({
  id: z.string().min(1),
  /** `n8n`, `superset`, `odoo`, ... (may be empty when the control plane does not know). */
  connector: z.string(),
  entityRef: z.string().min(1),
  lastRun: z
    .object({
      scanId: z.string(),
      /** `queued`, `running`, `succeeded`, `failed` (other values are not a failure). */
      status: z.string(),
      at: z.string(),
      error: z.string().nullable(),
    })
    .nullable(),
  lastGood: z
    .object({
      scanId: z.string(),
      capturedAt: z.string(),
      items: z.number().int().nonnegative(),
    })
    .nullable(),
  /** A health result that does not parse counts as unknown (null), not as an error. */
  health: healthResultSchema.nullable().catch(null),
  contracts: z
    .object({ passed: z.boolean(), failed: z.array(z.string()) })
    .nullable(),
  /** The last ingestion report (what this module sent), when any. */
  ingestion: z
    .object({
      status: z.enum(['applied', 'kept', 'failed']),
      entities: z.number().int().nonnegative(),
      reason: z.string().nullable(),
      at: z.string(),
    })
    .nullable()
    .optional(),
});
/** @public */
export type ConnectorStatus = z.infer<typeof connectorStatusSchema>;

export const connectorListSchema = z.object({
  items: z.array(connectorStatusSchema),
});

/**
 * `GET /connectors/{id}/inventory`: the last good run.
 *
 * @public
 */
export const connectorInventoryResponseSchema = z.object({
  connectorId: z.string().min(1),
  /** The connector kind as the inventory reports it; the provider falls back to `/connectors`. */
  connector: z.string().min(1).optional(),
  entityRef: z.string().min(1),
  scanId: z.string(),
  capturedAt: z.string(),
  source: z
    .object({ product: z.string(), version: z.string().optional() })
    .optional(),
  items: z.array(inventoryItemSchema),
});
/** @public */
export type ConnectorInventoryResponse = z.infer<
  typeof connectorInventoryResponseSchema
>;

/**
 * `GET /targets`.
 *
 * @public
 */
export const targetListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string().min(1),
      kind: z.string().min(1),
      entityRef: z.string().min(1),
      exposedSchemas: z.array(z.string()).optional(),
    }),
  ),
});
/** @public */
export type Target = z.infer<typeof targetListSchema>['items'][number];

/** `GET /entities/{kind}/{ns}/{name}/inventory?section=schemas`. */
export const schemaInventorySchema = z.object({
  items: z.array(
    z.object({ name: z.string().min(1), exposed: z.boolean() }).passthrough(),
  ),
});

/**
 * `POST /connectors/{id}/ingestion`.
 *
 * @public
 */
export interface IngestionReport {
  status: 'applied' | 'kept' | 'failed';
  entities: number;
  reason?: string;
}
