import { Config } from '@backstage/config';
import { z } from 'zod';

/** The annotation Backstage's GitHub integrations use for `owner/repo`. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

export interface RepositoryDiscoveryConfig {
  enabled: boolean;
  /** Scan schedule of discovered targets (a cron expression or ISO-8601 duration). */
  schedule: string;
  /** The annotation holding `owner/repo`. */
  annotation: string;
  /** Catalog kinds whose annotated entities become targets, lower case. */
  kinds: string[];
}

const discoverySchema = (schedule: z.ZodType<string>) =>
  z.strictObject({
    enabled: z.boolean().default(false),
    schedule: schedule.optional(),
    annotation: z
      .string()
      .regex(
        /^([a-z0-9.-]+\/)?[a-z0-9][a-z0-9._-]*$/i,
        'must be an annotation key such as github.com/project-slug',
      )
      .default(PROJECT_SLUG_ANNOTATION),
    kinds: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/i, 'must be an entity kind'))
      .min(1)
      .default(['component']),
  });

/**
 * Reads `platformKit.discovery.repositories`; a bad value fails start-up with
 * its config path.
 */
export function readRepositoryDiscoveryConfig(
  root: Config | undefined,
  options: {
    defaultSchedule: string;
    scheduleSchema: z.ZodType<string>;
    fail(path: string, issue: z.core.$ZodIssue): never;
  },
): RepositoryDiscoveryConfig {
  const path = 'platformKit.discovery.repositories';
  const raw = root?.getOptional('discovery.repositories') ?? {};
  const result = discoverySchema(options.scheduleSchema).safeParse(raw);
  if (!result.success) options.fail(path, result.error.issues[0]);
  const parsed = result.data;
  return {
    enabled: parsed.enabled,
    schedule: parsed.schedule ?? options.defaultSchedule,
    annotation: parsed.annotation,
    kinds: [...new Set(parsed.kinds.map(k => k.toLowerCase()))],
  };
}
