import { Config } from '@backstage/config';
import {
  mergeProfiles,
  normalizeEntityRef,
  Profile,
  profileSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { Duration } from 'luxon';
import { z } from 'zod';
import {
  readRepositoryDiscoveryConfig,
  RepositoryDiscoveryConfig,
} from '../discovery/discoveryConfig';

/** A cron expression (5 or 6 fields) or an ISO-8601 duration such as `PT6H`. */
const scheduleSchema = z
  .string()
  .refine(
    v =>
      /^P/.test(v)
        ? Duration.fromISO(v).isValid && Duration.fromISO(v).as('seconds') >= 1
        : /^(\S+\s+){4,5}\S+$/.test(v.trim()),
    'must be a cron expression (e.g. "0 3 * * *") or an ISO-8601 duration (e.g. "PT6H")',
  );

/** The scheduler's frequency for a schedule. */
export function frequencyOf(schedule: string) {
  return schedule.startsWith('P')
    ? Duration.fromISO(schedule)
    : { cron: schedule };
}

/** A full entity ref (`resource:default/my-db`), stored in its normalised spelling. */
const entityRef = z
  .string()
  .regex(
    /^[a-z]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
    'must be a full entity ref like resource:default/my-db',
  )
  .transform(value => normalizeEntityRef(value) as string);

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
    appSourcePath: z.string().min(1).optional(),
    schedule: scheduleSchema.optional(),
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
    schedule: scheduleSchema.optional(),
  })
  .refine(t => Boolean(t.path) !== Boolean(t.github), {
    message: 'set either path or github',
  });

/** A connector (n8n, Superset, Odoo, ...) registered by a backend module; its options are checked against that module's schema. */
const connectorTargetSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  entityRef,
  kind: z.literal('connector'),
  connector: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must name a connector type, e.g. n8n'),
  options: z.record(z.string(), z.unknown()).default({}),
  schedule: scheduleSchema.optional(),
});

const targetSchema = z.discriminatedUnion('kind', [
  databaseTargetSchema,
  repositoryTargetSchema,
  connectorTargetSchema,
]);

export type TargetConfig = z.infer<typeof targetSchema>;
export type DatabaseTargetConfig = z.infer<typeof databaseTargetSchema>;
export type RepositoryTargetConfig = z.infer<typeof repositoryTargetSchema>;
export type ConnectorTargetConfig = z.infer<typeof connectorTargetSchema>;

export interface PlatformKitConfig {
  project: string;
  schedule: string;
  scanAttempts: number;
  scanOnStartup: boolean;
  retryDelaySeconds: number;
  targets: TargetConfig[];
  /** Minutes between catalog syncs (profiles, owners, dependencies). */
  catalogSyncMinutes: number;
  /** Default profiles merged with `platformKit.profiles`. */
  profiles: Profile[];
  /** Repository targets discovered from the catalog (`platformKit.discovery.repositories`). */
  discovery: RepositoryDiscoveryConfig;
}

function fail(path: string, issue: z.core.$ZodIssue): never {
  throw new Error(
    `${path}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${
      issue.message
    }`,
  );
}

/** Reads and validates `platformKit` from app-config; a bad entry fails start-up with its path. */
export function readPlatformKitConfig(config: Config): PlatformKitConfig {
  const root = config.getOptionalConfig('platformKit');
  const raw = root?.getOptionalConfigArray('targets') ?? [];
  const targets = raw.map((entry, i) => {
    const result = targetSchema.safeParse(entry.get());
    if (!result.success)
      fail(`platformKit.targets[${i}]`, result.error.issues[0]);
    return result.data;
  });
  const ids = new Set<string>();
  for (const t of targets) {
    if (ids.has(t.id))
      throw new Error(`platformKit.targets: the id "${t.id}" is used twice`);
    ids.add(t.id);
  }
  const profiles = (root?.getOptionalConfigArray('profiles') ?? []).map(
    (entry, i) => {
      const result = profileSchema.safeParse(entry.get());
      if (!result.success)
        fail(`platformKit.profiles[${i}]`, result.error.issues[0]);
      return result.data;
    },
  );
  const schedule = root?.getOptionalString('schedule') ?? '0 3 * * *';
  const checked = scheduleSchema.safeParse(schedule);
  if (!checked.success) fail('platformKit.schedule', checked.error.issues[0]);
  return {
    project: root?.getOptionalString('project') ?? 'default',
    schedule,
    profiles: mergeProfiles(profiles),
    catalogSyncMinutes: Math.max(
      1,
      root?.getOptionalNumber('catalogSyncMinutes') ?? 10,
    ),
    scanOnStartup: root?.getOptionalBoolean('scanOnStartup') ?? false,
    scanAttempts: Math.max(1, root?.getOptionalNumber('scanAttempts') ?? 3),
    retryDelaySeconds: Math.max(
      0,
      root?.getOptionalNumber('retryDelaySeconds') ?? 2,
    ),
    targets,
    discovery: readRepositoryDiscoveryConfig(root, {
      defaultSchedule: schedule,
      scheduleSchema,
      fail,
    }),
  };
}
