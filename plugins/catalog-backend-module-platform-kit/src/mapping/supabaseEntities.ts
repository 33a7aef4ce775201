import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATIONS,
  locationAnnotations,
  SUPABASE_LOCATION,
} from './annotations';
import { entityName } from './names';

/**
 * A Supabase project as the control plane lists it, with its exposed schemas.
 *
 * @public
 */
export interface SupabaseProject {
  /** The control plane's target id. */
  id: string;
  /** The project's entity ref (its Resource gets this name and namespace). */
  entityRef: string;
  /** Exposed schemas to ingest as `database-schema` Resources (none: none). */
  schemas?: readonly string[];
}

/**
 * Owner and system of the Supabase entities.
 *
 * @public
 */
export interface SupabaseMappingOptions {
  owner: string;
  system?: string;
}

/**
 * Each project becomes a Resource of type `supabase-project` named after its
 * target's entity ref; each exposed schema a Resource of type
 * `database-schema` with `spec.dependencyOf` the project (the catalog then
 * shows project `dependsOn` schema), named `<project>-<schema>`.
 *
 * @public
 */
export function supabaseEntities(
  projects: readonly SupabaseProject[],
  options: SupabaseMappingOptions,
): Entity[] {
  const entities: Entity[] = [];
  for (const project of projects) {
    const ref = parseEntityRef(project.entityRef, {
      defaultKind: 'resource',
      defaultNamespace: DEFAULT_NAMESPACE,
    });
    const projectRef = stringifyEntityRef({ ...ref, kind: 'resource' });
    const common = {
      owner: options.owner,
      ...(options.system ? { system: options.system } : {}),
    };
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: ref.name,
        namespace: ref.namespace,
        title: ref.name,
        annotations: {
          ...locationAnnotations(SUPABASE_LOCATION),
          [ANNOTATIONS.target]: project.id,
        },
      },
      spec: { type: 'supabase-project', ...common },
    });
    for (const schema of [...new Set(project.schemas ?? [])].sort()) {
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: entityName(ref.name, schema),
          namespace: ref.namespace,
          title: `${ref.name} / ${schema}`,
          description: `Schema ${schema} of ${projectRef}, exposed through the Data API.`,
          annotations: {
            ...locationAnnotations(SUPABASE_LOCATION),
            [ANNOTATIONS.target]: project.id,
            [ANNOTATIONS.schema]: schema,
          },
        },
        spec: {
          type: 'database-schema',
          ...common,
          dependencyOf: [projectRef],
        },
      });
    }
  }
  return entities;
}
