export interface Config {
  platformKit?: {
    targets?: Array<{
      /**
       * Options of a `kind: connector` target with `connector: superset`
       * (checked at start-up by the Superset module).
       */
      options?: {
        /** e.g. `https://superset.example.com` (a path prefix is kept). */
        baseUrl?: string;
        /** A Superset user that may read dashboards, datasets and charts. */
        username?: string;
        /**
         * Its password.
         * @visibility secret
         */
        password?: string;
        /** Authentication provider of the login (default `db`). */
        provider?: 'db' | 'ldap';
        /** Rows asked for per list page, 1-100 (default 100). */
        pageSize?: number;
        /** Time allowed per HTTP attempt, in ms (default 10 000). */
        timeoutMs?: number;
        /** Extra attempts on 429, 5xx and network errors (default 3). */
        retries?: number;
      };
    }>;
  };
}
