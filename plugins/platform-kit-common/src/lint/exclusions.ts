import { z } from 'zod';

/**
 * Accepted risks: whole rules (`rules`) or single findings by `cache_key`,
 * each with the reason a reviewer can read later.
 *
 * @public
 */
export const exclusionsFileSchema = z.object({
  rules: z
    .array(z.object({ name: z.string().min(1), reason: z.string().min(1) }))
    .default([]),
  findings: z
    .array(
      z.object({ cache_key: z.string().min(1), reason: z.string().min(1) }),
    )
    .default([]),
});
/** @public */
export type ExclusionsFile = z.infer<typeof exclusionsFileSchema>;
