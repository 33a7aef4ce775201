import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabase } from '@platform-kit/devtools';
import { Knex } from 'knex';
import { platformKitPlugin } from '../plugin';
import { backendTestDatabases, catalogWith } from './testBackend';

/**
 * One entry of `platformKit.targets`.
 *
 * @public
 */
export type TargetConfig = JsonObject & { entityRef: string };

/**
 * A Supabase project target reached through a connection string, its id the
 * entity's name; `extra` adds to or overrides its settings.
 *
 * @public
 */
export function projectTarget(
  entityRef: string,
  connectionString: string,
  extra: JsonObject = {},
): TargetConfig {
  return {
    id: entityRef.split('/')[1],
    entityRef,
    kind: 'supabase-project',
    connectionString,
    ...extra,
  };
}

/**
 * A fresh Supabase-like database to scan, with `sql` run on it first.
 *
 * @public
 */
export async function targetDatabase(sql?: string) {
  const db = await createTestDatabase();
  if (sql) await (await db.connect()).query(sql);
  return db;
}

/** @public */
export interface ControlPlaneOptions {
  /** The ops store. */
  knex: Knex;
  /** `platformKit.targets`. */
  targets: TargetConfig[];
  /** More of the `platformKit` config (profiles, scanAttempts ...). */
  config?: JsonObject;
  /** Top-level config beside `platformKit`, e.g. `integrations`. */
  rootConfig?: JsonObject;
  /**
   * The entity refs the catalog knows (default: those of the targets), or a
   * catalog service factory.
   */
  catalog?: string[] | BackendFeature;
  /**
   * Each permission's decision by its name, or a permissions service factory;
   * default: Backstage's mock, which allows everything.
   */
  permissions?:
    | ((name: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY)
    | BackendFeature;
  /**
   * The scheduler service factory; default: the mock that runs no task on
   * start-up (tests scan on request).
   */
  scheduler?: BackendFeature;
  /** More features, e.g. a signals service. */
  features?: BackendFeature[];
}

/** A permissions service that decides each permission by its name. */
function permissionsBy(
  decide: (name: string) => AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const answer = async (requests: { permission: { name: string } }[]) =>
    requests.map(r => ({ result: decide(r.permission.name) }));
  return mockServices.permissions.mock({
    authorize: answer,
    authorizeConditional: answer,
  }).factory;
}

/**
 * Starts a test backend with the platform-kit plugin: the control plane.
 *
 * @public
 */
export function startControlPlane(options: ControlPlaneOptions) {
  const { catalog = options.targets.map(t => t.entityRef), permissions } =
    options;
  return startTestBackend({
    features: [
      platformKitPlugin,
      options.scheduler ??
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.database.factory({ knex: options.knex }),
      Array.isArray(catalog) ? catalogWith(...catalog) : catalog,
      ...(typeof permissions === 'function'
        ? [permissionsBy(permissions)]
        : []),
      ...(typeof permissions === 'object' ? [permissions] : []),
      mockServices.rootConfig.factory({
        data: {
          ...options.rootConfig,
          platformKit: { ...options.config, targets: options.targets },
        },
      }),
      ...(options.features ?? []),
    ],
  });
}

/**
 * What the tests of the control plane in one file use. Call at the top level
 * of the file: it gives the file's tests 120 s and registers the clean-up
 * hooks of its ops stores (see backendTestDatabases).
 *
 * @public
 */
export function controlPlaneTests() {
  jest.setTimeout(120_000);
  const { databases, dbId } = backendTestDatabases();
  /** A fresh ops store. */
  const opsStore = () => databases.init(dbId);
  return {
    opsStore,
    targetDatabase,
    /** Starts the control plane, on a fresh ops store unless given `knex`. */
    start: async (
      options: Omit<ControlPlaneOptions, 'knex'> & { knex?: Knex },
    ) =>
      startControlPlane({
        ...options,
        knex: options.knex ?? (await opsStore()),
      }),
  };
}
