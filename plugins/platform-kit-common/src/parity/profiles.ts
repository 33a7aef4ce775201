import { z } from 'zod';

/**
 * Annotations by which an entity adjusts its profile.
 *
 * @public
 */
export const PROFILE_ANNOTATIONS = {
  /** Comma-separated profile ids used instead of the matching ones; `none` opts out. */
  profile: 'platform-kit.dev/profile',
  /** Comma-separated capability ids or patterns (`db.*`) added to the entity. */
  capabilities: 'platform-kit.dev/capabilities',
  /** Comma-separated capability ids or patterns removed from the entity. */
  excludeCapabilities: 'platform-kit.dev/exclude-capabilities',
  /** Set on entities ingested from a connector (its id); connector entities get integration.* */
  connector: 'platform-kit.dev/connector',
} as const;

/** A capability id or a pattern ending in `.*` (`db.*`), or `*` for all. */
const capabilityPatternSchema = z
  .string()
  .regex(
    /^(\*|[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)*(\.\*)?)$/,
    'must be a capability id or a pattern like db.*',
  );

/**
 * Which capabilities apply to which entities (`platformKit.profiles` in app-config).
 *
 * @public
 */
export const profileSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  description: z.string().optional(),
  /** All given conditions must hold; kinds and types compare case-insensitively. */
  match: z
    .object({
      kind: z.array(z.string().min(1)).optional(),
      type: z.array(z.string().min(1)).optional(),
      /** The entity has this annotation (any value). */
      annotation: z.string().min(1).optional(),
    })
    .refine(m => Boolean(m.kind || m.type || m.annotation), {
      message: 'match needs at least one of kind, type, annotation',
    }),
  capabilities: z.array(capabilityPatternSchema).default([]),
  /**
   * Capabilities taken over from the entities this one depends on
   * (`dependsOn` relations), when those have them: a Component is only as
   * safe as the Supabase projects it uses.
   */
  inherit: z.array(capabilityPatternSchema).default([]),
});
/** @public */
export type Profile = z.infer<typeof profileSchema>;
/** @public */
export type ProfileInput = z.input<typeof profileSchema>;

/** @public */
export const DEFAULT_PROFILES: Profile[] = [
  {
    id: 'supabase-project',
    description: 'Supabase / PostgreSQL projects: database security.',
    match: { kind: ['resource'], type: ['supabase-project'] },
    capabilities: ['db.*'],
    inherit: [],
  },
  {
    id: 'component',
    description:
      'Components: repository governance, plus the database capabilities of the Supabase projects they depend on.',
    match: { kind: ['component'] },
    capabilities: ['repo.*'],
    inherit: ['db.*'],
  },
  {
    id: 'connector-entity',
    description:
      'Entities ingested from connectors (n8n, Superset, Odoo): healthy and passing their contract tests.',
    match: { annotation: PROFILE_ANNOTATIONS.connector },
    capabilities: ['integration.*'],
    inherit: [],
  },
];

/**
 * Profiles from config: an entry with the id of a default replaces it; others are added.
 *
 * @public
 */
export function mergeProfiles(
  configured: ProfileInput[],
  defaults: Profile[] = DEFAULT_PROFILES,
): Profile[] {
  const parsed = configured.map(p => profileSchema.parse(p));
  const byId = new Map(defaults.map(p => [p.id, p]));
  for (const p of parsed) byId.set(p.id, p);
  return [...byId.values()];
}

/**
 * The slice of a catalog entity a profile looks at.
 *
 * @public
 */
export interface ProfiledEntity {
  kind: string;
  metadata: { annotations?: Record<string, string> };
  spec?: { type?: unknown };
}

/** @public */
export function matchesPattern(capabilityId: string, pattern: string) {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*'))
    return capabilityId.startsWith(pattern.slice(0, -1));
  return capabilityId === pattern;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);

function matches(profile: Profile, entity: ProfiledEntity): boolean {
  const { kind, type, annotation } = profile.match;
  const lower = (xs: string[]) => xs.map(x => x.toLowerCase());
  if (kind && !lower(kind).includes(entity.kind.toLowerCase())) return false;
  const entityType =
    typeof entity.spec?.type === 'string' ? entity.spec.type.toLowerCase() : '';
  if (type && !lower(type).includes(entityType)) return false;
  if (annotation && entity.metadata.annotations?.[annotation] === undefined)
    return false;
  return true;
}

/** @public */
export interface ResolvedProfile {
  /** Ids of the profiles that applied. */
  profiles: string[];
  /** Capability ids the entity has of its own. */
  capabilities: string[];
  /** Patterns of capabilities it takes over from what it depends on. */
  inherit: string[];
  /** Patterns its annotation excludes (also from what it inherits). */
  exclude: string[];
}

/**
 * Which capabilities apply to an entity: the profiles that match it (or the
 * ones its `platform-kit.dev/profile` annotation names), plus and minus its
 * capability annotations. Unknown profile ids in the annotation are ignored
 * and reported in `unknownProfiles`.
 *
 * @public
 */
export function resolveProfile(
  entity: ProfiledEntity,
  profiles: Profile[],
  capabilityIds: string[],
): ResolvedProfile & { unknownProfiles: string[] } {
  const annotations = entity.metadata.annotations ?? {};
  const named = list(annotations[PROFILE_ANNOTATIONS.profile]);
  const unknownProfiles = named.filter(
    id => id !== 'none' && !profiles.some(p => p.id === id),
  );
  const chosen = named.length
    ? profiles.filter(p => named.includes(p.id))
    : profiles.filter(p => matches(p, entity));
  const added = list(annotations[PROFILE_ANNOTATIONS.capabilities]);
  const excluded = list(annotations[PROFILE_ANNOTATIONS.excludeCapabilities]);
  const own = chosen.flatMap(p => p.capabilities).concat(added);
  const keep = (id: string) => !excluded.some(x => matchesPattern(id, x));
  return {
    profiles: chosen.map(p => p.id),
    capabilities: capabilityIds.filter(
      id => own.some(pattern => matchesPattern(id, pattern)) && keep(id),
    ),
    inherit: [...new Set(chosen.flatMap(p => p.inherit))],
    exclude: excluded,
    unknownProfiles,
  };
}

/**
 * The capabilities an entity takes over from its dependencies: those of its
 * inherit patterns that a dependency has of its own, and not excluded.
 *
 * @public
 */
export function inheritedCapabilities(
  inherit: string[],
  dependencyCapabilities: string[][],
  excluded: string[] = [],
): string[] {
  const all = new Set(dependencyCapabilities.flat());
  return [...all]
    .filter(id => inherit.some(p => matchesPattern(id, p)))
    .filter(id => !excluded.some(x => matchesPattern(id, x)))
    .sort();
}

/**
 * What applies to an entity, in catalogue order: its own capabilities and
 * those it inherits from its dependencies (`dependencyCapabilities`, one list
 * per dependency).
 *
 * @public
 */
export function applicableCapabilities(
  profile: ResolvedProfile,
  dependencyCapabilities: string[][],
  capabilityIds: string[],
): string[] {
  const inherited = inheritedCapabilities(
    profile.inherit,
    dependencyCapabilities,
    profile.exclude,
  );
  return capabilityIds.filter(
    id => profile.capabilities.includes(id) || inherited.includes(id),
  );
}
