import { z } from 'zod';

const charOrFalse = z.union([z.string(), z.literal(false)]);
const many2one = z.union([
  z.tuple([z.number().int(), z.string()]),
  z.literal(false),
]);

/** The `ir.module.module` fields the connector reads. */
export const MODULE_FIELDS = [
  'name',
  'shortdesc',
  'summary',
  'latest_version',
  'author',
  'website',
  'application',
  'category_id',
  'state',
];

/** An `ir.module.module` record as `search_read` returns it. */
export const moduleRecordSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  shortdesc: charOrFalse,
  summary: charOrFalse,
  latest_version: charOrFalse,
  author: charOrFalse,
  website: charOrFalse,
  application: z.boolean(),
  category_id: many2one,
  state: z.string(),
});

/** The `ir.model` fields the connector reads. */
export const MODEL_FIELDS = ['model', 'name', 'modules', 'transient', 'state'];

/** An `ir.model` record as `search_read` returns it. */
export const modelRecordSchema = z.object({
  id: z.number().int().positive(),
  model: z.string().min(1),
  name: charOrFalse,
  modules: charOrFalse,
  transient: z.boolean(),
  state: z.string(),
});

export type ModuleRecord = z.infer<typeof moduleRecordSchema>;
export type ModelRecord = z.infer<typeof modelRecordSchema>;
