export interface Config {
  /** Platform Kit control plane. */
  platformKit?: {
    /** Slug of the ops project that owns the configured targets (default `default`). */
    project?: string;
    /** Default scan schedule as a cron expression (default nightly, `0 3 * * *`). */
    schedule?: string;
    /** Scan targets that have no successful scan yet right after start-up (default false). */
    scanOnStartup?: boolean;
    /** Attempts per scan before it is recorded as failed (default 3). */
    scanAttempts?: number;
    /** Seconds between attempts, multiplied by the attempt number (default 2). */
    retryDelaySeconds?: number;
    /** What Platform Kit scans. */
    targets?: Array<{
      /** Stable id of the target, e.g. `acme-tasks-db`. */
      id: string;
      /** Catalog entity the results belong to, e.g. `resource:default/acme-tasks-db`. */
      entityRef: string;
      /** A Supabase / PostgreSQL project, or a repository (its facts decide the repo.* capabilities). */
      kind: 'supabase-project' | 'repository';
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
      /** Cron expression overriding `platformKit.schedule` for this target. */
      schedule?: string;
    }>;
  };
}
