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
      /** Only Supabase / PostgreSQL projects for now. */
      kind: 'supabase-project';
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
