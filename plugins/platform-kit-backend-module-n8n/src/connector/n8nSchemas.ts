import { z } from 'zod';

/**
 * What the connector reads from n8n's answers, validated with zod. The
 * schemas are lenient (unknown fields pass) but insist on what the
 * inventory needs, so that a changed API fails loudly instead of producing a
 * wrong inventory.
 */

/** A tag (`tag` in the n8n Public API). */
export const n8nTagSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** One `shared[]` entry: which project holds the workflow, in which role. */
export const n8nSharedSchema = z.looseObject({
  role: z.string().optional(),
  projectId: z.string().optional(),
  project: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().optional(),
      type: z.string().optional(),
    })
    .nullish(),
});

/** A workflow as `GET /api/v1/workflows` lists it (`workflow`). */
export const n8nWorkflowSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  active: z.boolean().optional(),
  isArchived: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  versionId: z.string().nullish(),
  triggerCount: z.number().optional(),
  nodes: z.array(z.unknown()).optional(),
  tags: z.array(n8nTagSchema).optional(),
  shared: z.array(n8nSharedSchema).optional(),
});

/** A page of a cursor-paged list (`data`, `nextCursor`). */
export function n8nPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullish(),
  });
}

/** The body of `/healthz` and `/healthz/readiness`. */
export const n8nHealthSchema = z.looseObject({ status: z.string() });

export type N8nTag = z.infer<typeof n8nTagSchema>;
export type N8nWorkflow = z.infer<typeof n8nWorkflowSchema>;
