export interface Config {
  /** Platform Kit control plane. */
  platformKit?: {
    /** Slug of the ops project that owns the configured targets (default `default`). */
    project?: string;
    /**
     * Default scan schedule: a cron expression (default nightly, `0 3 * * *`)
     * or an ISO-8601 duration such as `PT6H`.
     */
    schedule?: string;
    /** Scan targets that have no successful scan yet right after start-up (default false). */
    scanOnStartup?: boolean;
    /** Attempts per scan before it is recorded as failed (default 3). */
    scanAttempts?: number;
    /** Seconds between attempts, multiplied by the attempt number (default 2). */
    retryDelaySeconds?: number;
    /**
     * Which capabilities apply to which catalog entities. Merged with the
     * defaults by id: `supabase-project` (Resources of type supabase-project:
     * db.*), `component` (Components: repo.*, and db.* inherited from the
     * Supabase projects they depend on), `connector-entity` (entities with the
     * `platform-kit.dev/connector` annotation: integration.*). Entities adjust
     * theirs with the annotations `platform-kit.dev/profile` (ids, or `none`),
     * `platform-kit.dev/capabilities` and `platform-kit.dev/exclude-capabilities`.
     */
    profiles?: Array<{
      id: string;
      description?: string;
      /** All given conditions must hold. */
      match: {
        kind?: string[];
        type?: string[];
        /** The entity has this annotation. */
        annotation?: string;
      };
      /** Capability ids or patterns such as `db.*`. */
      capabilities?: string[];
      /** Capabilities taken over from the entities this one depends on (dependsOn relations). */
      inherit?: string[];
    }>;
    /** Minutes between catalog syncs of profiles, owners and dependencies (default 10). */
    catalogSyncMinutes?: number;
    /** Connector contract suites, run as their own jobs (never on the scan path). */
    contracts?: {
      /**
       * When they run: a cron expression or an ISO-8601 duration (default
       * nightly, `30 3 * * *`); a new connector target's first run is at once.
       * Keep runs at most 48 h apart: integration.contracts turns partial
       * when the latest run is older.
       */
      schedule?: string;
    };
    /**
     * The job mechanism that runs scans, remediation applies and connector
     * contract runs on any replica (docs/jobs.md).
     */
    jobs?: {
      /** Seconds a claimed job stays a replica's without a heartbeat (default 60). */
      leaseSeconds?: number;
      /** Seconds between heartbeats that renew the leases; at most half the lease (default 15). */
      heartbeatSeconds?: number;
      /** Seconds between a replica's worker rounds: reap expired leases, claim due jobs (default 5). */
      pollSeconds?: number;
      /** Seconds between planner rounds that queue scheduled work, one replica at a time (default 30). */
      plannerSeconds?: number;
      /** Jobs one replica runs at once (default 8). */
      concurrency?: number;
      /** Days finished jobs are kept; scans and plans stay (default 14). */
      retentionDays?: number;
    };
    /** Targets found in the catalog rather than listed under `targets`. */
    discovery?: {
      /**
       * Catalog entities with a GitHub `owner/repo` annotation become
       * repository targets, read through the GitHub REST API with the
       * credentials of Backstage's `integrations.github` (the host of
       * `backstage.io/source-location` when an integration has it, else
       * github.com). A configured target of the same entity wins; an entity
       * that loses the annotation is no longer scanned (its history stays).
       */
      repositories?: {
        /** Default false. */
        enabled?: boolean;
        /** Scan schedule of discovered targets; default `platformKit.schedule`. */
        schedule?: string;
        /** The annotation holding `owner/repo`; default `github.com/project-slug`. */
        annotation?: string;
        /** Entity kinds to discover; default `['component']`. */
        kinds?: string[];
      };
    };
    /** Remediation plans. */
    remediation?: {
      /**
       * The application's own callers (`supabase.rpc('name')`,
       * `/rest/v1/rpc/name`, `.from('table')`): when a target's catalog
       * entity has a `backstage.io/source-location` (`url:…`), a plan reads
       * that tree with Backstage's URL reader (the credentials of
       * `integrations.*`) and keeps the functions and tables the application
       * calls working. A tree that cannot be read or is over the limits is
       * skipped; the plan says so.
       */
      appSource?: {
        /** Default true. */
        enabled?: boolean;
        /** Trees larger than this (all files, uncompressed) are skipped; default 100. */
        maxMegabytes?: number;
        /** Trees with more source files than this are skipped; default 20000. */
        maxFiles?: number;
        /** Reading longer than this is given up; default 60. */
        timeoutSeconds?: number;
      };
    };
    /** What Platform Kit scans. */
    targets?: Array<{
      /** Stable id of the target, e.g. `acme-tasks-db`. */
      id: string;
      /** Catalog entity the results belong to, e.g. `resource:default/acme-tasks-db`. */
      entityRef: string;
      /**
       * A Supabase / PostgreSQL project, a repository (its facts decide the
       * repo.* capabilities), or a connector (n8n, Superset, Odoo, ...) a
       * backend module registers.
       */
      kind: 'supabase-project' | 'repository' | 'connector';
      /** connector: the connector type, as its module registers it, e.g. `n8n`. */
      connector?: string;
      /**
       * connector: the options of its type, checked by the module at start-up.
       * Each connector module declares its options in its own config schema,
       * its secrets (API keys, passwords) with `@visibility secret`.
       */
      options?: { [name: string]: unknown };
      /** repository: a local checkout. */
      path?: string;
      /** repository: a GitHub repository. */
      github?: {
        owner: string;
        repo: string;
        branch?: string;
        /**
         * Token with read access to contents (and administration for classic branch protection).
         * @visibility secret
         */
        token?: string;
        /** GitHub Enterprise Server: https://HOST/api/v3 */
        baseUrl?: string;
      };
      /** repository: Supabase projects (entity refs) whose db.* capabilities it inherits. */
      dependsOn?: string[];
      /**
       * Direct PostgreSQL connection string of a role that can read the catalogs.
       * @visibility secret
       */
      connectionString?: string;
      /** Supabase project ref, scanned through the Management API. */
      supabaseRef?: string;
      /**
       * Supabase access token for the Management API.
       * @visibility secret
       */
      supabaseToken?: string;
      /** Exposed (API) schemas; read from the database when omitted. */
      exposedSchemas?: string[];
      /**
       * A folder on the backend's host with the application's source (a
       * checkout of the app that uses this project): remediation plans search
       * it for the application's RPC and table calls. When set, it is used
       * instead of the repository the entity links.
       */
      appSourcePath?: string;
      /** Cron expression or ISO-8601 duration overriding `platformKit.schedule` for this target. */
      schedule?: string;
    }>;
  };
}
