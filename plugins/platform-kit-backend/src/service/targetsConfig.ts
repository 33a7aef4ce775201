import { Config } from '@backstage/config';
import { z } from 'zod';

const entityRef = z
  .string()
  .regex(
    /^[a-z]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
    'must be a full entity ref like resource:default/my-db',
  );

const databaseTargetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
    entityRef,
    kind: z.literal('supabase-project'),
    connectionString: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
      .optional(),
    supabaseRef: z
      .string()
      .regex(/^[a-z]{20}$/)
      .optional(),
    supabaseToken: z.string().min(1).optional(),
    exposedSchemas: z.array(z.string().min(1)).optional(),
    schedule: z.string().optional(),
  })
  .refine(t => Boolean(t.connectionString) !== Boolean(t.supabaseRef), {
    message: 'set either connectionString or supabaseRef (with supabaseToken)',
  })
  .refine(t => !t.supabaseRef || Boolean(t.supabaseToken), {
    message: 'supabaseRef needs supabaseToken',
  });

const repositoryTargetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
    entityRef,
    kind: z.literal('repository'),
    /** A local checkout. */
    path: z.string().min(1).optional(),
    github: z
      .object({
        owner: z.string().min(1),
        repo: z.string().min(1),
        branch: z.string().optional(),
        token: z.string().optional(),
        baseUrl: z.string().url().optional(),
      })
      .optional(),
    /** Supabase projects (entity refs) whose db.* capabilities this repository inherits. */
    dependsOn: z.array(entityRef).default([]),
    schedule: z.string().optional(),
  })
  .refine(t => Boolean(t.path) !== Boolean(t.github), {
    message: 'set either path or github',
  });

const targetSchema = z.discriminatedUnion('kind', [
  databaseTargetSchema,
  repositoryTargetSchema,
]);

export type TargetConfig = z.infer<typeof targetSchema>;
export type DatabaseTargetConfig = z.infer<typeof databaseTargetSchema>;
export type RepositoryTargetConfig = z.infer<typeof repositoryTargetSchema>;

export interface PlatformKitConfig {
  project: string;
  schedule: string;
  scanAttempts: number;
  scanOnStartup: boolean;
  retryDelaySeconds: number;
  targets: TargetConfig[];
}

/** Reads and validates `platformKit` from app-config; a bad entry fails start-up with its path. */
export function readPlatformKitConfig(config: Config): PlatformKitConfig {
  const root = config.getOptionalConfig('platformKit');
  const raw = root?.getOptionalConfigArray('targets') ?? [];
  const targets = raw.map((entry, i) => {
    const result = targetSchema.safeParse(entry.get());
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(
        `platformKit.targets[${i}]${
          issue.path.length ? `.${issue.path.join('.')}` : ''
        }: ${issue.message}`,
      );
    }
    return result.data;
  });
  const ids = new Set<string>();
  for (const t of targets) {
    if (ids.has(t.id))
      throw new Error(`platformKit.targets: the id "${t.id}" is used twice`);
    ids.add(t.id);
  }
  return {
    project: root?.getOptionalString('project') ?? 'default',
    schedule: root?.getOptionalString('schedule') ?? '0 3 * * *',
    scanOnStartup: root?.getOptionalBoolean('scanOnStartup') ?? false,
    scanAttempts: Math.max(1, root?.getOptionalNumber('scanAttempts') ?? 3),
    retryDelaySeconds: Math.max(
      0,
      root?.getOptionalNumber('retryDelaySeconds') ?? 2,
    ),
    targets,
  };
}
