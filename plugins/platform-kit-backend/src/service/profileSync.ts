import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  applicableCapabilities,
  matchesPattern,
  normalizeEntityRef,
  Profile,
  PROFILE_ANNOTATIONS,
  resolveProfile,
  ResolvedProfile,
} from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { ParityService } from '../parity/ParityService';
import { entityRefOfEntity } from './entityRefOfEntity';

export interface ProfileSyncOptions {
  catalog: CatalogService;
  auth: AuthService;
  knex: Knex;
  logger: LoggerService;
  parity: ParityService;
  projectId: string;
  profiles: Profile[];
  capabilityIds: string[];
  /** Configured targets: entity ref → the profile they get when the catalog does not know them. */
  targetProfiles: Map<string, ResolvedProfile>;
  /** Connector target id → its entity: entities ingested from a connector take its facts. */
  connectorEntities?: Map<string, string>;
  /** Extra dependencies from config (repository targets' `dependsOn`). */
  extraDependsOn: Map<string, string[]>;
}

interface ProfiledRow extends ResolvedProfile {
  entityRef: string;
  kind: string;
  title: string;
  owner: string | null;
  system: string | null;
  domain: string | null;
  dependsOn: string[];
  applicable: string[];
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'relations',
];

const related = (entity: Entity, type: string) =>
  (entity.relations ?? [])
    .filter(r => r.type.toLowerCase() === type)
    .map(r => normalizeEntityRef(r.targetRef));

/**
 * Keeps ops.entities in step with the catalog: which entities have parity
 * (their profile), what they depend on, and what scorecards roll up by (owner,
 * system, domain). Entities whose profile changed, or that were never
 * evaluated, are evaluated. A failed catalog read changes nothing.
 */
export class ProfileSync {
  constructor(private readonly options: ProfileSyncOptions) {}

  /** Reads the whole catalog; entities it no longer has keep their history but leave the scorecards. */
  async syncAll(): Promise<{ entities: number; evaluated: number }> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    for await (const page of catalog.streamEntities(
      { fields: FIELDS, pageSize: 1000 },
      { credentials },
    )) {
      entities.push(...page);
    }
    return this.apply(entities, { complete: true });
  }

  /**
   * Gives configured targets the profile of their kind until the catalog sync
   * knows them, so that their first scan is evaluated against the right
   * capabilities.
   */
  async seedTargets(): Promise<void> {
    for (const ref of this.options.targetProfiles.keys())
      await this.seedTarget(ref);
  }

  /** Seeds one target (e.g. one just discovered) the way {@link ProfileSync.seedTargets} does. */
  async seedTarget(ref: string): Promise<void> {
    const { knex, projectId, targetProfiles, extraDependsOn, capabilityIds } =
      this.options;
    const profile = targetProfiles.get(ref);
    if (!profile) return;
    const dependsOn = extraDependsOn.get(ref) ?? [];
    const applicable = applicableCapabilities(
      profile,
      dependsOn.map(d => targetProfiles.get(d)?.capabilities ?? []),
      capabilityIds,
    );
    const [kind, rest] = ref.split(':');
    await knex.raw(
      `INSERT INTO ops.entities (entity_ref, project_id, kind, title, profiles, capabilities, inherit, exclude, depends_on, applicable)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity_ref) DO UPDATE SET profiles = EXCLUDED.profiles, capabilities = EXCLUDED.capabilities,
         inherit = EXCLUDED.inherit, exclude = EXCLUDED.exclude, depends_on = EXCLUDED.depends_on, applicable = EXCLUDED.applicable
       WHERE ops.entities.applicable IS NULL`,
      [
        ref,
        projectId,
        kind,
        rest.split('/')[1] ?? rest,
        profile.profiles,
        profile.capabilities,
        profile.inherit,
        profile.exclude,
        dependsOn,
        applicable,
      ],
    );
  }

  /**
   * Refreshes some entities (after a scan) with their systems, dependencies
   * and dependents, leaving the rest as they are.
   */
  async syncSome(entityRefs: string[]) {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs, fields: FIELDS },
      { credentials },
    );
    const found = items.filter((e): e is Entity => Boolean(e));
    // Their systems (for the domain) and dependencies (for what they inherit).
    const refs = new Set(found.map(entityRefOfEntity));
    const around = [
      ...new Set(
        found.flatMap(e => [
          ...related(e, 'partof').filter(r => r.startsWith('system:')),
          ...related(e, 'dependson'),
          // Entities that inherit from these get re-evaluated right away.
          ...related(e, 'dependencyof'),
        ]),
      ),
    ].filter(r => !refs.has(r));
    const extra = around.length
      ? (
          await catalog.getEntitiesByRefs(
            { entityRefs: around, fields: FIELDS },
            { credentials },
          )
        ).items.filter((e): e is Entity => Boolean(e))
      : [];
    return this.apply([...found, ...extra], { complete: false });
  }

  private async apply(entities: Entity[], options: { complete: boolean }) {
    const { knex, projectId, logger } = this.options;
    const rows = this.resolve(entities);
    const before = new Map<
      string,
      { applicable: string[] | null; dependsOn: string[]; evaluated: boolean }
    >();
    const { rows: existing } = await knex.raw(
      `SELECT entity_ref, applicable, depends_on, evaluated_at IS NOT NULL AS evaluated, in_catalog
         FROM ops.entities WHERE project_id = ?`,
      [projectId],
    );
    for (const r of existing)
      before.set(r.entity_ref, {
        applicable: r.in_catalog ? r.applicable : null,
        dependsOn: r.depends_on,
        evaluated: r.evaluated,
      });
    for (let i = 0; i < rows.length; i += 500) {
      await knex('ops.entities')
        .insert(
          rows.slice(i, i + 500).map(r => ({
            entity_ref: r.entityRef,
            project_id: projectId,
            kind: r.kind,
            title: r.title,
            owner: r.owner,
            system: r.system,
            domain: r.domain,
            profiles: r.profiles,
            capabilities: r.capabilities,
            inherit: r.inherit,
            exclude: r.exclude,
            depends_on: r.dependsOn,
            applicable: r.applicable,
            in_catalog: true,
            synced_at: knex.fn.now(),
          })),
        )
        .onConflict('entity_ref')
        .merge([
          'kind',
          'title',
          'owner',
          'system',
          'domain',
          'profiles',
          'capabilities',
          'inherit',
          'exclude',
          'depends_on',
          'applicable',
          'in_catalog',
          'synced_at',
        ]);
    }
    // An empty catalog is one still starting (or broken), not one that dropped everything.
    if (options.complete && rows.length > 0) {
      await knex.raw(
        `UPDATE ops.entities SET in_catalog = false
          WHERE project_id = ? AND in_catalog AND NOT (entity_ref = ANY(?::text[]))`,
        [projectId, rows.map(r => r.entityRef)],
      );
    }
    const same = (a: string[] | null | undefined, b: string[]) =>
      (a ?? []).join() === b.join();
    const changed = rows
      .filter(r => {
        const old = before.get(r.entityRef);
        return (
          !old ||
          !old.evaluated ||
          !same(old.applicable, r.applicable) ||
          !same(old.dependsOn, r.dependsOn)
        );
      })
      .map(r => r.entityRef);
    const { rows: expired } = await knex.raw(
      // Exemptions that ran out since the entity was last evaluated.
      `SELECT DISTINCT e.entity_ref FROM ops.entities e
         JOIN ops.exemptions x ON x.entity_ref = e.entity_ref AND x.revoked_at IS NULL
        WHERE e.project_id = ? AND x.expires_at <= now() AND x.expires_at > e.evaluated_at`,
      [projectId],
    );
    const evaluated: string[] = [];
    for (const ref of new Set([
      ...changed,
      ...expired.map((r: { entity_ref: string }) => r.entity_ref),
    ])) {
      try {
        if (await this.options.parity.evaluate(ref)) evaluated.push(ref);
      } catch (error) {
        logger.warn(`evaluating ${ref} failed: ${error}`);
      }
    }
    return {
      entities: rows.length,
      evaluated: evaluated.length,
      evaluatedRefs: evaluated,
    };
  }

  /** Profiles of catalog entities (and of targets the catalog does not know). */
  private resolve(entities: Entity[]): ProfiledRow[] {
    const { profiles, capabilityIds, targetProfiles, extraDependsOn } =
      this.options;
    const byRef = new Map(entities.map(e => [entityRefOfEntity(e), e]));
    const own = new Map<string, ResolvedProfile>();
    for (const [ref, entity] of byRef) {
      const resolved = resolveProfile(entity, profiles, capabilityIds);
      // A configured target keeps the capabilities of its kind, unless its annotation names profiles.
      const target = targetProfiles.get(ref);
      if (
        target &&
        !entity.metadata.annotations?.[PROFILE_ANNOTATIONS.profile]
      ) {
        resolved.profiles = [
          ...new Set([...resolved.profiles, ...target.profiles]),
        ];
        resolved.capabilities = capabilityIds.filter(
          id =>
            (resolved.capabilities.includes(id) ||
              target.capabilities.includes(id)) &&
            !resolved.exclude.some(x => matchesPattern(id, x)),
        );
        resolved.inherit = [
          ...new Set([...resolved.inherit, ...target.inherit]),
        ];
      }
      if (resolved.unknownProfiles.length)
        this.options.logger.warn(
          `${ref} names unknown profile(s) ${resolved.unknownProfiles.join(
            ', ',
          )}`,
        );
      own.set(ref, resolved);
    }
    const ownCapabilities = (ref: string) =>
      (own.get(ref) ?? targetProfiles.get(ref))?.capabilities ?? [];
    const rows: ProfiledRow[] = [];
    for (const [ref, entity] of byRef) {
      const profile = own.get(ref)!;
      const connectorRef = this.options.connectorEntities?.get(
        entity.metadata.annotations?.[PROFILE_ANNOTATIONS.connector] ?? '',
      );
      const dependsOn = [
        ...new Set([
          ...related(entity, 'dependson'),
          ...(extraDependsOn.get(ref) ?? []),
          ...(connectorRef && connectorRef !== ref ? [connectorRef] : []),
        ]),
      ].sort();
      const applicable = applicableCapabilities(
        profile,
        dependsOn.map(ownCapabilities),
        capabilityIds,
      );
      if (!applicable.length && !targetProfiles.has(ref)) continue;
      const system = related(entity, 'partof').find(r =>
        r.startsWith('system:'),
      );
      const systemEntity = system ? byRef.get(system) : undefined;
      rows.push({
        ...profile,
        entityRef: ref,
        kind: entity.kind,
        title: entity.metadata.title ?? entity.metadata.name,
        owner: related(entity, 'ownedby')[0] ?? null,
        system: system ?? null,
        domain:
          (systemEntity &&
            related(systemEntity, 'partof').find(r =>
              r.startsWith('domain:'),
            )) ??
          related(entity, 'partof').find(r => r.startsWith('domain:')) ??
          null,
        dependsOn,
        applicable,
      });
    }
    return rows;
  }
}
