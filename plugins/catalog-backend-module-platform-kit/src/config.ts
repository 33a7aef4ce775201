import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * Where this module's config lives.
 *
 * @public
 */
export const CONFIG_PATH = 'catalog.providers.platformKit';

/**
 * Used when `schedule` is not configured. The timeout is long because a full
 * mutation that changes 20,000 entities took 4.5 minutes in the benchmark.
 *
 * @public
 */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};

const entityRef = (defaultKind: string, kinds: string[]) =>
  z.string().transform((value, ctx) => {
    try {
      const ref = parseEntityRef(value, {
        defaultKind,
        defaultNamespace: 'default',
      });
      if (!kinds.includes(ref.kind.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a ${kinds.join(' or ')} entity ref, got ${value}`,
        });
        return z.NEVER;
      }
      return stringifyEntityRef(ref);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not an entity ref: ${value}` });
      return z.NEVER;
    }
  });
const ownerRef = entityRef('group', ['group', 'user']);
const systemRef = entityRef('system', ['system']);

/**
 * The schema of `catalog.providers.platformKit.supabase`.
 *
 * @public
 */
export const supabaseProviderConfigSchema = z.object({
  owner: ownerRef,
  system: systemRef.optional(),
  schemas: z.boolean().default(false),
});

/**
 * The schema of one entry of `catalog.providers.platformKit.connectors`.
 *
 * @public
 */
export const connectorProviderConfigSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-_.]{0,62}$/, 'must be a control-plane target id'),
  owner: ownerRef,
  system: systemRef.optional(),
  namespace: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a valid namespace')
    .max(63)
    .optional(),
  owners: z.record(z.string(), ownerRef).optional(),
});

const platformKitSchema = z.object({
  schedule: z.record(z.string(), z.unknown()).optional(),
  supabase: supabaseProviderConfigSchema.optional(),
  connectors: z
    .array(connectorProviderConfigSchema)
    .default([])
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.id))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            message: `duplicate connector id ${c.id}`,
          });
        seen.add(c.id);
      });
    }),
});

/**
 * `catalog.providers.platformKit.supabase`, validated.
 *
 * @public
 */
export type SupabaseProviderConfig = z.infer<
  typeof supabaseProviderConfigSchema
>;
/**
 * One entry of `catalog.providers.platformKit.connectors`, validated.
 *
 * @public
 */
export type ConnectorProviderConfig = z.infer<
  typeof connectorProviderConfigSchema
>;

/**
 * The module's config, validated; `undefined` when it is not configured.
 *
 * @public
 */
export interface PlatformKitProvidersConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  supabase?: SupabaseProviderConfig;
  connectors: ConnectorProviderConfig[];
}

const configPath = (path: PropertyKey[]) =>
  [CONFIG_PATH, ...path]
    .reduce<string>(
      (out, p) =>
        typeof p === 'number' ? `${out}[${p}]` : `${out}.${String(p)}`,
      '',
    )
    .slice(1);

/**
 * Reads and validates `catalog.providers.platformKit`; throws with the
 * config path of every problem.
 *
 * @public
 */
export function readProvidersConfig(
  config: RootConfigService,
): PlatformKitProvidersConfig | undefined {
  const raw = config.getOptional(CONFIG_PATH);
  if (raw === undefined) return undefined;
  const parsed = platformKitSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `Invalid config: ${parsed.error.issues
        .map(i => `${configPath(i.path)}: ${i.message}`)
        .join('; ')}`,
    );
  let schedule = DEFAULT_SCHEDULE;
  try {
    const scheduleConfig = config.getOptionalConfig(`${CONFIG_PATH}.schedule`);
    if (scheduleConfig)
      schedule =
        readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig);
  } catch (error) {
    throw new Error(
      `Invalid config: ${CONFIG_PATH}.schedule: ${(error as Error).message}`,
    );
  }
  return {
    schedule,
    supabase: parsed.data.supabase,
    connectors: parsed.data.connectors,
  };
}
