import { z } from 'zod';

/** @public */
export const lintLevelSchema = z.enum(['ERROR', 'WARN', 'INFO']);
/** @public */
export type LintLevel = z.infer<typeof lintLevelSchema>;
/** @public */
export const lintFacingSchema = z.enum(['EXTERNAL', 'INTERNAL']);
/** @public */
export const lintCategorySchema = z.enum(['SECURITY', 'PERFORMANCE']);
/** @public */
export type LintCategory = z.infer<typeof lintCategorySchema>;
/**
 * 1 (informational) to 5 (critical).
 *
 * @public
 */
export const severitySchema = z.number().int().min(1).max(5);

/**
 * A finding in the shape of Supabase's linter (splinter) output, plus our
 * `severity` and whether a remediation patch can be built for it.
 *
 * @public
 */
export const findingSchema = z.object({
  name: z.string(),
  title: z.string(),
  level: lintLevelSchema,
  facing: lintFacingSchema,
  categories: z.array(lintCategorySchema),
  description: z.string(),
  detail: z.string(),
  remediation: z.string(),
  metadata: z
    .object({
      schema: z.string().optional(),
      name: z.string().optional(),
      type: z.string().optional(),
    })
    .catchall(z.unknown()),
  cache_key: z.string(),
  severity: severitySchema,
  fixable: z.boolean(),
});
/** @public */
export type Finding = z.infer<typeof findingSchema>;

const LEVEL_RANK: Record<LintLevel, number> = { ERROR: 3, WARN: 2, INFO: 1 };

/**
 * Whether a finding's level is at or above a threshold level.
 *
 * @public
 */
export function levelAtLeast(level: LintLevel, threshold: LintLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}

/**
 * Sorts findings: worst level first, then severity, rule and cache key.
 *
 * @public
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
    b.severity - a.severity ||
    a.name.localeCompare(b.name) ||
    a.cache_key.localeCompare(b.cache_key)
  );
}
